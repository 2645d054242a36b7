using GovData.Domain.Audit;
using GovData.Functions.RuleSets;
using GovData.Functions.Triggers;

namespace GovData.Functions.Audit;

/// <summary>
/// The daily timer (01:00 China time): for every subscription whose week or month ended at the last China midnight, writes
/// the usage report of that period. A repeated tick finds the report written and writes nothing.
/// </summary>
public sealed class UsageReportTimer(UsageReports reports, RuleSetService rules, IAuditLog audit, TimeProvider time)
{
    /// <inheritdoc />
    public async Task<TriggerOutcome> HandleAsync(string runId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var registry = await rules.GetRegistryAsync(cancellationToken);
        var logs = new List<string>();
        var written = 0;
        foreach (var jurisdiction in registry.Jurisdictions)
        {
            await foreach (var subscription in reports.ListAsync(jurisdiction, cancellationToken))
            {
                if (UsageReportPeriod.JustEnded(subscription.Frequency, now) is not { } period) continue;
                var blob = await reports.WriteAsync(jurisdiction, subscription.Department, period, subscription.Format, cancellationToken);
                if (blob is null)
                {
                    logs.Add($"{jurisdiction} {subscription.Department} {period.Key}: already written");
                    continue;
                }
                await audit.WriteAsync(AuditExtensions.SystemAudit(time, jurisdiction, "audit.usage.report.write",
                    $"audit/{jurisdiction}/usage/{subscription.Department}/reports/{period.Key}", runId) with
                {
                    Purpose = "use of the department's own data (000 第三十九条)",
                    DataOwner = subscription.Department,
                    DataContent = blob,
                    Medium = subscription.Format,
                }, cancellationToken);
                written++;
                logs.Add($"{jurisdiction} {subscription.Department} {period.Key}: written");
            }
        }
        return new TriggerOutcome(logs, written);
    }
}
