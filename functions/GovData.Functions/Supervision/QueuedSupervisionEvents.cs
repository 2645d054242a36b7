using System.Text.Json;
using Azure.Storage.Queues;
using GovData.Functions.Storage;

namespace GovData.Functions.Supervision;

/// <summary>
/// Sends events to the <c>supervision</c> queue, so the feature's own request does not wait on (or fail with) scorecard
/// updates; the queue function applies them.
/// </summary>
public sealed class QueuedSupervisionEvents(QueueServiceClient queues, JsonSerializerOptions json) : ISupervisionEvents
{
    private readonly QueueClient _queue = queues.GetQueueClient(StorageNames.Queues.Supervision);

    /// <inheritdoc />
    public async Task RecordAsync(SupervisionEvent e, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(e);
        await _queue.SendMessageAsync(JsonSerializer.Serialize(e, json), ct);
    }
}
