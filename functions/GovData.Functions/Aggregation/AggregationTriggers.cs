using Azure.Storage.Blobs;
using GovData.Functions.Storage;
using GovData.Functions.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace GovData.Functions.Aggregation;

/// <summary>The aggregation trigger functions: a file arriving in <c>incoming</c>, and the sweep over open submissions.</summary>
public sealed class AggregationTriggers(AggregationService service, AggregationSweep sweep, DurableClients clients, ILogger<AggregationTriggers> logger)
{
    /// <summary>
    /// A department's file arrived (through an upload link or a direct post): check it. The blob is read by name with the SDK,
    /// streaming; nothing of its content is bound.
    /// </summary>
    [Function("AggregationIncoming")]
    public async Task Incoming([BlobTrigger(StorageNames.Blobs.Incoming + "/{name}")] BlobClient blob, string name,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        using var _ = clients.Use(client);
        logger.LogInformation("AggregationIncoming {Blob}: {Result}", blob.Name, await service.ProcessIncomingAsync(name, cancellationToken));
    }

    /// <summary>Every five minutes: expire unused upload links, pick up uploads whose trigger was missed, raise late-cycle findings.</summary>
    [Function("AggregationSweep")]
    public async Task Sweep([TimerTrigger("0 */5 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        using var _ = clients.Use(client);
        logger.LogInformation("AggregationSweep: {Result}", await sweep.HandleAsync(Guid.NewGuid().ToString("N"), cancellationToken));
    }
}
