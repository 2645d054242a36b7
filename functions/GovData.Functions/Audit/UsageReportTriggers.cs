using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Audit;

/// <summary>The usage-report trigger function: each day, the usage reports that subscribed departments asked for.</summary>
public sealed class UsageReportTriggers(UsageReportTimer reports, ILogger<UsageReportTriggers> logger)
{
    /// <summary>At 17:00 UTC (01:00 in Beijing): writes the reports of the periods that closed.</summary>
    [Function("UsageReports")]
    public async Task Run([TimerTrigger("0 0 17 * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        logger.LogInformation("UsageReports: {Result}", await reports.HandleAsync(Guid.NewGuid().ToString("N"), cancellationToken));
}
