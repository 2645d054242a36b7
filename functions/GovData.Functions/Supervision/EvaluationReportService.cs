using GovData.Domain.Audit;
using GovData.Domain.Supervision;
using GovData.Functions.Audit;
using GovData.Functions.Hosting.Http;

namespace GovData.Functions.Supervision;

/// <summary>
/// Evaluation reports for their readers, with no HTTP in sight: the DataAuthority generates one on demand
/// (<see cref="EvaluationReports"/> builds it), the DataAuthority and Auditors read it and download its files, departments
/// once the ranking of its period is published.
/// </summary>
public sealed class EvaluationReportService(EvaluationReports reports, SupervisionAccess access, IAuditLog audit)
{
    /// <summary>Generates the evaluation report of a period now: ranking, charts, HTML, CSV and Excel.</summary>
    public async Task<SupervisionAnswer<EvaluationReportView>> GenerateAsync(RequestContext request, ReportRequest body, CancellationToken ct)
    {
        var caller = request.User;
        if (ScorecardPeriod.TryParse(body.Period, out var error) is not { } p) return SupervisionRefusal.Invalid("period", error!);
        var report = await reports.GenerateAsync(caller.Jurisdiction, p, caller.UserId, ct);
        await audit.WriteAsync(request.AuditFor("supervision.report.generate", Resource(caller.Jurisdiction, p)) with { DataContent = $"{report.Departments} departments" }, ct);
        return SupervisionAnswer<EvaluationReportView>.New(EvaluationReportView.Of(report));
    }

    /// <summary>The report of a period, if generated and visible to the caller (else not found, audited as refused).</summary>
    public async Task<SupervisionAnswer<EvaluationReportView>> GetAsync(RequestContext request, string period, CancellationToken ct)
    {
        var caller = request.User;
        if (ScorecardPeriod.TryParse(period, out var error) is not { } p) return SupervisionRefusal.Invalid("period", error!);
        var report = await access.SeesAllOfAsync(caller, p, ct) ? await reports.FindAsync(caller.Jurisdiction, p, ct) : null;
        if (report is null)
        {
            await audit.WriteAsync(request.AuditFor("supervision.report.read", Resource(caller.Jurisdiction, p)) with { Outcome = AuditOutcome.Refused, Reason = "not generated or not visible" }, ct);
            return SupervisionRefusal.NotFound($"Evaluation report {p.Key}");
        }
        await audit.WriteAsync(request.AuditFor("supervision.report.read", Resource(caller.Jurisdiction, p)) with { Department = caller.Department }, ct);
        return SupervisionAnswer<EvaluationReportView>.Done(EvaluationReportView.Of(report));
    }

    /// <summary>
    /// One file of the report of a period (report.html, ranking.csv, ranking.xlsx, scores.svg, rates.svg) as stored, named
    /// <c>evaluation-{jurisdiction}-{period}-{file}</c>; not found when the file, the report or the caller's view of it is not there.
    /// </summary>
    public async Task<SupervisionAnswer<EvaluationReportFile>> OpenAsync(RequestContext request, string period, string file, CancellationToken ct)
    {
        var caller = request.User;
        if (ScorecardPeriod.TryParse(period, out var error) is not { } p) return SupervisionRefusal.Invalid("period", error!);
        if (!EvaluationReports.FileTypes.TryGetValue(file, out var type)) return SupervisionRefusal.NotFound($"Report file {file}");
        var report = await access.SeesAllOfAsync(caller, p, ct) ? await reports.FindAsync(caller.Jurisdiction, p, ct) : null;
        if (report is null || !report.Files.ContainsKey(file)) return SupervisionRefusal.NotFound($"Evaluation report {p.Key}");
        var stream = await reports.OpenAsync(caller.Jurisdiction, p, file, ct);
        await audit.WriteAsync(request.AuditFor("supervision.report.download", Resource(caller.Jurisdiction, p) + "/" + file) with { Department = caller.Department }, ct);
        return SupervisionAnswer<EvaluationReportFile>.Done(new EvaluationReportFile($"evaluation-{caller.Jurisdiction}-{p.Key}-{file}", type, stream));
    }

    private static string Resource(string jurisdiction, ScorecardPeriod p) => $"supervision/{jurisdiction}/reports/{p.Key}";
}
