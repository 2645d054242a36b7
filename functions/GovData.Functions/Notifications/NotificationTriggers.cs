using Azure.Storage.Queues.Models;
using GovData.Functions.Storage;
using GovData.Functions.Triggers;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Notifications;

/// <summary>The notification trigger function: files each message of the <c>notifications</c> queue into its department's inbox.</summary>
public sealed class NotificationTriggers(NotificationReceived received, ILogger<NotificationTriggers> logger)
{
    /// <summary>Files the notification and, where the department registered a callback, delivers it.</summary>
    [Function("NotificationReceived")]
    public async Task Received([QueueTrigger(StorageNames.Queues.Notifications)] QueueMessage message, CancellationToken cancellationToken) =>
        logger.LogInformation("NotificationReceived {Id}: {Result}", message.MessageId, await received.HandleAsync(QueueDelivery.From(message), cancellationToken));
}
