using Azure.Storage.Queues.Models;
using GovData.Functions.Storage;
using GovData.Functions.Triggers;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Workflow;

/// <summary>The deadline trigger functions: the minute sweep of the timer index, and firing one timer from the <c>deadlines</c> queue.</summary>
public sealed class DeadlineTriggers(DeadlineSweep sweep, DeadlineFired fired, ILogger<DeadlineTriggers> logger)
{
    /// <summary>Every minute: queues the timers that came due.</summary>
    [Function("DeadlineSweep")]
    public async Task Sweep([TimerTrigger("0 */1 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        logger.LogInformation("DeadlineSweep: queued {Count} due timers", await sweep.HandleAsync(cancellationToken));

    /// <summary>Fires one timer (reminder, then due), or recomputes provisional deadlines after a calendar year was loaded.</summary>
    [Function("DeadlineFired")]
    public async Task Fired([QueueTrigger(StorageNames.Queues.Deadlines)] QueueMessage message, CancellationToken cancellationToken) =>
        logger.LogInformation("DeadlineFired {Id}: {Result}", message.MessageId, await fired.HandleAsync(QueueDelivery.From(message), cancellationToken));
}
