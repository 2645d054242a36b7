using GovData.Domain.Calendar;
using GovData.Domain.Supervision;
using GovData.Functions.Audit;
using GovData.Functions.RuleSets;
using GovData.Functions.Triggers;

namespace GovData.Functions.Supervision;

/// <summary>
/// The timer function: on the first day of each month (China time) generates, for every jurisdiction, the report of the
/// month that ended, and of the quarter and year when they ended too. Running twice regenerates the same files.
/// </summary>
public sealed class SupervisionReportTimer(EvaluationReports reports, RuleSetService rules, IAuditLog audit, TimeProvider time)
{
    /// <summary>The periods that ended just before <paramref name="today"/>'s month began.</summary>
    public static IReadOnlyList<ScorecardPeriod> EndedBefore(DateOnly today)
    {
        var month = ScorecardPeriod.Containing(PeriodKind.Month, today);
        var list = new List<ScorecardPeriod> { month.Previous };
        if (today.Month % 3 == 1) list.Add(ScorecardPeriod.Containing(PeriodKind.Quarter, today).Previous);
        if (today.Month == 1) list.Add(new ScorecardPeriod(PeriodKind.Year, today.Year - 1, 1));
        return list;
    }

    /// <inheritdoc />
    public async Task<TriggerOutcome> HandleAsync(string runId, CancellationToken cancellationToken)
    {
        var periods = EndedBefore(ChinaTime.DateOf(time.GetUtcNow()));
        var registry = await rules.GetRegistryAsync(cancellationToken);
        var logs = new List<string>();
        foreach (var jurisdiction in registry.Jurisdictions)
        {
            foreach (var period in periods)
            {
                var report = await reports.GenerateAsync(jurisdiction, period, "system", cancellationToken);
                await audit.WriteAsync(AuditExtensions.SystemAudit(time, jurisdiction, "supervision.report.generate", $"supervision/{jurisdiction}/reports/{period.Key}", runId) with
                {
                    DataContent = $"{report.Departments} departments",
                }, cancellationToken);
                logs.Add($"{jurisdiction} {period.Key}: {report.Departments} departments");
            }
        }
        return new TriggerOutcome(logs, logs.Count);
    }
}
