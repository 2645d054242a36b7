using System.Text.Json;
using GovData.Functions.Storage;
using GovData.Functions.Triggers;

namespace GovData.Functions.Aggregation;

/// <summary>
/// The blob-trigger function on <c>incoming/{name}</c>: a department's file arrived (through an upload link or a direct
/// post), so check it. The same handler runs under the Functions host in Azure and from the local trigger runner.
/// The blob is read by name with the SDK, streaming; the content the host may put in the payload is not used.
/// </summary>
public sealed class IncomingBlobTrigger(AggregationService service) : ITriggerHandler
{
    /// <inheritdoc />
    public string FunctionName => "AggregationIncoming";

    /// <inheritdoc />
    public async Task<TriggerResult> HandleAsync(TriggerInvocation invocation, CancellationToken cancellationToken)
    {
        var name = BlobName(invocation);
        if (name is null) return TriggerResult.Log("no blob name in the invocation");
        return TriggerResult.Log(await service.ProcessIncomingAsync(name, cancellationToken));
    }

    /// <summary>The blob name: the <c>{name}</c> binding value, else the <c>BlobTrigger</c> path without the container.</summary>
    public static string? BlobName(TriggerInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (invocation.Metadata.TryGetValue("name", out var n) && n.ValueKind == JsonValueKind.String) return n.GetString();
        if (invocation.Metadata.TryGetValue("BlobTrigger", out var path) && path.ValueKind == JsonValueKind.String
            && path.GetString() is { } p && p.StartsWith(StorageNames.Blobs.Incoming + "/", StringComparison.Ordinal))
            return p[(StorageNames.Blobs.Incoming.Length + 1)..];
        return null;
    }
}
