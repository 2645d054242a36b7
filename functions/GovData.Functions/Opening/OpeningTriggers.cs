using Azure.Storage.Queues.Models;
using GovData.Functions.Storage;
using GovData.Functions.Triggers;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Opening;

/// <summary>The opening trigger function: the publish job on the <c>publishing</c> queue.</summary>
public sealed class OpeningTriggers(PublishJob publish, ILogger<OpeningTriggers> logger)
{
    /// <summary>Transforms a curated version into the staging area, or promotes an approved one to the public container.</summary>
    [Function("OpenPublish")]
    public async Task Publish([QueueTrigger(StorageNames.Queues.Publishing)] QueueMessage message, CancellationToken cancellationToken) =>
        logger.LogInformation("OpenPublish {Id}: {Result}", message.MessageId, await publish.HandleAsync(QueueDelivery.From(message), cancellationToken));
}
