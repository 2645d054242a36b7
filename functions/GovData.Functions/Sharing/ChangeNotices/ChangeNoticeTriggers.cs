using Azure.Storage.Queues.Models;
using GovData.Functions.Storage;
using GovData.Functions.Triggers;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Sharing.ChangeNotices;

/// <summary>The change-notice trigger function: one delivery attempt of a notice to a grant holder's callback.</summary>
public sealed class ChangeNoticeTriggers(ChangeNoticeDelivery delivery, ILogger<ChangeNoticeTriggers> logger)
{
    /// <summary>Posts the notice to the holder's callback URL and records the attempt.</summary>
    [Function("ChangeNoticeDelivery")]
    public async Task Deliver([QueueTrigger(StorageNames.Queues.ChangeNotices)] QueueMessage message, CancellationToken cancellationToken) =>
        logger.LogInformation("ChangeNoticeDelivery {Id}: {Result}", message.MessageId, await delivery.HandleAsync(QueueDelivery.From(message), cancellationToken));
}
