using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Cronos;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Triggers;

/// <summary>
/// Does locally what the Functions host does in Azure: polls the queues named in the queue-trigger definitions,
/// fires the timer schedules and polls the containers of the blob-trigger definitions for new or changed blobs,
/// handing each to the same handler. A message that fails is retried until it has been dequeued maxDequeueCount
/// times (host.json, default 5), then moved to its poison queue, as the host does; a blob likewise, then its receipt
/// is marked poison and a message goes to <c>webjobs-blobtrigger-poison</c>.
/// </summary>
public sealed class LocalTriggerRunner(
    IOptions<FunctionsHostOptions> options,
    QueueServiceClient queues,
    BlobServiceClient blobs,
    TriggerDispatcher dispatcher,
    TimeProvider time,
    ILogger<LocalTriggerRunner> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var root = options.Value.ResolveRoot();
        var definitions = FunctionDefinitions.Load(root);
        var maxDequeue = FunctionDefinitions.MaxDequeueCount(root);
        var loops = new List<Task>();
        foreach (var d in definitions.Where(d => !d.IsHttp))
        {
            var trigger = d.Trigger;
            switch (trigger.Type)
            {
                case "queueTrigger":
                    loops.Add(PollQueueAsync(d.Name, trigger, maxDequeue, stoppingToken));
                    break;
                case "timerTrigger":
                    loops.Add(RunTimerAsync(d.Name, trigger, stoppingToken));
                    break;
                case "blobTrigger":
                    loops.Add(PollBlobsAsync(d.Name, trigger, maxDequeue, stoppingToken));
                    break;
                default:
                    logger.LogInformation("Local runner does not drive {Type} for {Function}", trigger.Type, d.Name);
                    break;
            }
        }
        logger.LogInformation("Local trigger runner started for {Count} functions", loops.Count);
        return Task.WhenAll(loops);
    }

    /// <summary>Receives and handles one batch of a queue; returns how many messages it saw. Public so tests can drive it step by step.</summary>
    public async Task<int> PollOnceAsync(string functionName, FunctionBinding trigger, int maxDequeueCount, CancellationToken ct)
    {
        var queue = queues.GetQueueClient(trigger.QueueName);
        var batch = await queue.ReceiveMessagesAsync(maxMessages: 16, visibilityTimeout: options.Value.VisibilityTimeout, ct);
        foreach (var message in batch.Value)
            await DeliverAsync(functionName, trigger, queue, message, maxDequeueCount, ct);
        return batch.Value.Length;
    }

    private async Task PollQueueAsync(string functionName, FunctionBinding trigger, int maxDequeue, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var seen = await PollOnceAsync(functionName, trigger, maxDequeue, ct);
                delay = seen > 0 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.MaxPollingInterval.Ticks));
                if (seen > 0) continue;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                logger.LogWarning(e, "Polling {Queue} for {Function} failed; retrying", trigger.QueueName, functionName);
                delay = options.Value.MaxPollingInterval;
            }
            try { await Task.Delay(delay, time, ct); } catch (OperationCanceledException) { return; }
        }
    }

    private async Task DeliverAsync(string functionName, FunctionBinding trigger, QueueClient queue, QueueMessage message, int maxDequeue, CancellationToken ct)
    {
        var invocation = new TriggerInvocation
        {
            Data = new() { [trigger.Name] = JsonSerializer.SerializeToElement(message.Body.ToString()) },
            Metadata = new()
            {
                ["DequeueCount"] = JsonSerializer.SerializeToElement(message.DequeueCount),
                ["Id"] = JsonSerializer.SerializeToElement(message.MessageId),
                ["InsertionTime"] = JsonSerializer.SerializeToElement(message.InsertedOn),
                ["sys"] = JsonSerializer.SerializeToElement(new { MethodName = functionName, UtcNow = time.GetUtcNow() }),
            },
        };
        try
        {
            await dispatcher.DispatchAsync(functionName, invocation, ct);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
        catch (Exception e)
        {
            if (message.DequeueCount >= maxDequeue)
            {
                // Same as the host: the original message goes to <queue>-poison and leaves the work queue.
                var poison = queues.GetQueueClient(trigger.QueueName + "-poison");
                await poison.CreateIfNotExistsAsync(cancellationToken: ct);
                await poison.SendMessageAsync(message.Body, cancellationToken: ct);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                logger.LogError(e, "Message {Id} on {Queue} failed {Count} times and was moved to the poison queue: {Reason}",
                    message.MessageId, trigger.QueueName, message.DequeueCount, e.Message);
            }
            else
            {
                // Make it visible again at once, as the host does with the default visibilityTimeout of 0.
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: ct);
            }
        }
    }

    /// <summary>The container where blob receipts are kept, as the host keeps them in its storage account.</summary>
    public const string ReceiptsContainer = "azure-webjobs-hosts";

    /// <summary>The queue a blob goes to after its last failed attempt, as the host names it.</summary>
    public const string BlobPoisonQueue = "webjobs-blobtrigger-poison";

    // Blobs (name and ETag) already handled or poisoned in this process: spares a receipt read per blob per poll.
    private readonly ConcurrentDictionary<string, string> _handledBlobs = new(StringComparer.Ordinal);

    /// <summary>
    /// Lists the trigger's container once and delivers every blob that has no receipt for its current ETag (new, or
    /// overwritten since). A receipt blob per function and blob (name, ETag, attempts, status) makes delivery survive a
    /// restart; a failed blob is retried on the next polls until maxDequeueCount attempts. Public so tests can drive it.
    /// </summary>
    public async Task<int> PollBlobsOnceAsync(string functionName, FunctionBinding trigger, int maxDequeueCount, CancellationToken ct)
    {
        var (containerName, prefix) = SplitBlobPath(trigger.Path ?? throw new InvalidDataException($"{functionName}: blobTrigger has no path"));
        var container = blobs.GetBlobContainerClient(containerName);
        var receipts = blobs.GetBlobContainerClient(ReceiptsContainer);
        await receipts.CreateIfNotExistsAsync(cancellationToken: ct);
        var delivered = 0;
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, ct))
        {
            var etag = item.Properties.ETag?.ToString() ?? "";
            var key = $"{functionName}/{containerName}/{item.Name}";
            if (_handledBlobs.TryGetValue(key, out var seen) && seen == etag) continue;
            var receipt = receipts.GetBlobClient($"blobreceipts/local/{key}");
            IDictionary<string, string>? previous = null;
            try { previous = (await receipt.GetPropertiesAsync(cancellationToken: ct)).Value.Metadata; }
            catch (RequestFailedException e) when (e.Status == 404) { }
            var attempts = previous is not null && previous.TryGetValue("etag", out var receiptEtag) && receiptEtag == etag
                ? previous.TryGetValue("status", out var status) && status is "done" or "poison" ? -1
                    : previous.TryGetValue("attempts", out var count) && int.TryParse(count, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0
                : 0;
            if (attempts < 0) { _handledBlobs[key] = etag; continue; }
            attempts++;
            delivered++;
            var invocation = new TriggerInvocation
            {
                // The host would put the content here; handlers read the blob themselves (streaming), so the runner passes its path only.
                Data = new() { [trigger.Name] = JsonSerializer.SerializeToElement($"{containerName}/{item.Name}") },
                Metadata = new()
                {
                    ["name"] = JsonSerializer.SerializeToElement(item.Name[prefix.Length..]),
                    ["BlobTrigger"] = JsonSerializer.SerializeToElement($"{containerName}/{item.Name}"),
                    ["Uri"] = JsonSerializer.SerializeToElement(container.GetBlobClient(item.Name).Uri.ToString()),
                    ["Properties"] = JsonSerializer.SerializeToElement(new { Length = item.Properties.ContentLength, ETag = etag, LastModified = item.Properties.LastModified }),
                    ["DequeueCount"] = JsonSerializer.SerializeToElement(attempts),
                    ["sys"] = JsonSerializer.SerializeToElement(new { MethodName = functionName, UtcNow = time.GetUtcNow() }),
                },
            };
            string outcome;
            try
            {
                await dispatcher.DispatchAsync(functionName, invocation, ct);
                outcome = "done";
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
            catch (Exception e)
            {
                outcome = attempts >= maxDequeueCount ? "poison" : "retry";
                if (outcome == "poison")
                {
                    var poison = queues.GetQueueClient(BlobPoisonQueue);
                    await poison.CreateIfNotExistsAsync(cancellationToken: ct);
                    await poison.SendMessageAsync(JsonSerializer.Serialize(new { FunctionId = functionName, BlobType = "BlockBlob", ContainerName = containerName, BlobName = item.Name, ETag = etag }), ct);
                    logger.LogError(e, "Blob {Blob} failed {Count} times for {Function} and was poisoned: {Reason}", item.Name, attempts, functionName, e.Message);
                }
            }
            await receipt.UploadAsync(BinaryData.Empty, new BlobUploadOptions
            {
                Metadata = new Dictionary<string, string> { ["etag"] = etag, ["attempts"] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), ["status"] = outcome },
            }, ct);
            if (outcome != "retry") _handledBlobs[key] = etag;
        }
        return delivered;
    }

    private static (string Container, string Prefix) SplitBlobPath(string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return (path, "");
        var rest = path[(slash + 1)..];
        var brace = rest.IndexOf('{', StringComparison.Ordinal);
        return (path[..slash], brace < 0 ? rest : rest[..brace]);
    }

    private async Task PollBlobsAsync(string functionName, FunctionBinding trigger, int maxDequeue, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try { await PollBlobsOnceAsync(functionName, trigger, maxDequeue, ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) { logger.LogWarning(e, "Polling {Path} for {Function} failed; retrying", trigger.Path, functionName); }
            try { await Task.Delay(options.Value.MaxPollingInterval, time, ct); } catch (OperationCanceledException) { return; }
        }
    }

    private async Task RunTimerAsync(string functionName, FunctionBinding trigger, CancellationToken ct)
    {
        var cron = CronExpression.Parse(trigger.Schedule ?? throw new InvalidDataException($"{functionName}: timerTrigger has no schedule"), CronFormat.IncludeSeconds);
        while (!ct.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = cron.GetNextOccurrence(now.UtcDateTime, TimeZoneInfo.Utc);
            if (next is null) return;
            try { await Task.Delay(next.Value - now.UtcDateTime, time, ct); } catch (OperationCanceledException) { return; }
            var invocation = new TriggerInvocation
            {
                Data = new() { [trigger.Name] = JsonSerializer.SerializeToElement(new { Schedule = new { AdjustForDST = false }, IsPastDue = false }) },
                Metadata = new() { ["sys"] = JsonSerializer.SerializeToElement(new { MethodName = functionName, UtcNow = time.GetUtcNow() }) },
            };
            try { await dispatcher.DispatchAsync(functionName, invocation, ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) { logger.LogError(e, "Timer {Function} failed; it runs again at its next occurrence", functionName); }
        }
    }
}
