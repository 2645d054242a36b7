using Azure.Storage.Queues.Models;
using GovData.Functions.Storage;
using GovData.Functions.Triggers;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Supervision;

/// <summary>The supervision trigger functions: scorecard events from the <c>supervision</c> queue, and the monthly reports.</summary>
public sealed class SupervisionTriggers(SupervisionEventReceived received, SupervisionReportTimer reports, ILogger<SupervisionTriggers> logger)
{
    /// <summary>Counts one supervision event into its department's scorecard (once, whatever the deliveries).</summary>
    [Function("SupervisionEventReceived")]
    public async Task EventReceived([QueueTrigger(StorageNames.Queues.Supervision)] QueueMessage message, CancellationToken cancellationToken) =>
        logger.LogInformation("SupervisionEventReceived {Id}: {Result}", message.MessageId, await received.HandleAsync(QueueDelivery.From(message), cancellationToken));

    /// <summary>At 02:00 UTC on the 1st of each month: the evaluation reports of the periods that just closed.</summary>
    [Function("SupervisionReports")]
    public async Task Reports([TimerTrigger("0 0 2 1 * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        logger.LogInformation("SupervisionReports: {Result}", await reports.HandleAsync(Guid.NewGuid().ToString("N"), cancellationToken));
}
