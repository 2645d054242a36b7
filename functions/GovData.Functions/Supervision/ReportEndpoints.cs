using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Domain.Supervision;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Identity;

namespace GovData.Functions.Supervision;

/// <summary>The request to generate a report now.</summary>
public sealed record ReportRequest(string? Period);

/// <summary>Evaluation reports over HTTP: generate on demand (DataAuthority), read the summary, download the files.</summary>
public static class ReportEndpoints
{
    /// <summary>Maps /api/supervision/reports.</summary>
    public static void Map(RouteGroupBuilder group)
    {
        var reports = group.MapGroup("/reports");

        reports.MapPost("", async (ReportRequest body, HttpContext http, EvaluationReports service, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (ScorecardPeriod.TryParse(body.Period, out var error) is not { } p) return Problems.Validation("period", error!);
            var report = await service.GenerateAsync(caller.Jurisdiction, p, caller.UserId, ct);
            await audit.WriteAsync(http.AuditFor("supervision.report.generate", Resource(caller.Jurisdiction, p)) with { DataContent = $"{report.Departments} departments" }, ct);
            return Results.Created($"/api/supervision/reports/{p.Key}", View(report));
        }).RequireRoles(Role.DataAuthority).WithSummary("Generate the evaluation report of a period now (DataAuthority): ranking, charts, HTML, CSV and Excel");

        reports.MapGet("/{period}", async (string period, HttpContext http, EvaluationReports service, SupervisionAccess access, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (ScorecardPeriod.TryParse(period, out var error) is not { } p) return Problems.Validation("period", error!);
            var report = await access.SeesAllOfAsync(caller, p, ct) ? await service.FindAsync(caller.Jurisdiction, p, ct) : null;
            if (report is null)
            {
                await audit.WriteAsync(http.AuditFor("supervision.report.read", Resource(caller.Jurisdiction, p)) with { Outcome = AuditOutcome.Refused, Reason = "not generated or not visible" }, ct);
                return Problems.NotFound($"Evaluation report {p.Key}");
            }
            await audit.WriteAsync(http.AuditFor("supervision.report.read", Resource(caller.Jurisdiction, p)) with { Department = caller.Department }, ct);
            return Results.Ok(View(report));
        }).RequireRoles(SupervisionAccess.ReadRoles).WithSummary("The evaluation report of a period (DataAuthority, Auditor; departments once the ranking is published)");

        reports.MapGet("/{period}/files/{file}", async (string period, string file, HttpContext http, EvaluationReports service, SupervisionAccess access, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (ScorecardPeriod.TryParse(period, out var error) is not { } p) return Problems.Validation("period", error!);
            if (!EvaluationReports.FileTypes.TryGetValue(file, out var type)) return Problems.NotFound($"Report file {file}");
            var report = await access.SeesAllOfAsync(caller, p, ct) ? await service.FindAsync(caller.Jurisdiction, p, ct) : null;
            if (report is null || !report.Files.ContainsKey(file)) return Problems.NotFound($"Evaluation report {p.Key}");
            var stream = await service.OpenAsync(caller.Jurisdiction, p, file, ct);
            await audit.WriteAsync(http.AuditFor("supervision.report.download", Resource(caller.Jurisdiction, p) + "/" + file) with { Department = caller.Department }, ct);
            return Results.File(stream, type, fileDownloadName: $"evaluation-{caller.Jurisdiction}-{p.Key}-{file}");
        }).RequireRoles(SupervisionAccess.ReadRoles).WithSummary("Download a file of the report: report.html, ranking.csv, ranking.xlsx, scores.svg, rates.svg");
    }

    private static string Resource(string jurisdiction, ScorecardPeriod p) => $"supervision/{jurisdiction}/reports/{p.Key}";

    private static object View(EvaluationReportDocument r) => new
    {
        period = r.Period,
        generatedAt = r.GeneratedAt,
        generatedBy = r.GeneratedBy,
        departments = r.Departments,
        files = r.Files.Keys.Order(StringComparer.Ordinal).ToDictionary(f => f, f => $"/api/supervision/reports/{r.Period}/files/{f}"),
    };
}
