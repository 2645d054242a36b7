using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Cronos;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace GovData.LocalHost;

/// <summary>
/// Does locally what the Functions host does in Azure for queue, blob and timer functions: polls the queues named in
/// functions.metadata, fires the timer schedules and lists the containers of the blob triggers for new or changed blobs,
/// invoking the declared method each time. A message that fails is retried until it has been dequeued maxDequeueCount
/// times (host.json, default 5), then moved to its poison queue, as the host does; a blob likewise, then its receipt is
/// marked poison and a message goes to <c>webjobs-blobtrigger-poison</c>.
/// </summary>
public sealed class TriggerRunner(
    FunctionCatalog catalog,
    FunctionInvoker invoker,
    IServiceProvider services,
    IOptions<LocalHostOptions> options,
    QueueServiceClient queues,
    BlobServiceClient blobs,
    TimeProvider time,
    ILogger<TriggerRunner> logger) : BackgroundService
{
    /// <summary>The container where blob receipts are kept, as the host keeps them in its storage account.</summary>
    public const string ReceiptsContainer = "azure-webjobs-hosts";

    /// <summary>The queue a blob goes to after its last failed attempt, as the host names it.</summary>
    public const string BlobPoisonQueue = "webjobs-blobtrigger-poison";

    // Blobs (name and ETag) already handled or poisoned in this process: spares a receipt read per blob per poll.
    private readonly ConcurrentDictionary<string, string> _handledBlobs = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Triggers) return Task.CompletedTask;
        var loops = new List<Task>();
        foreach (var f in catalog.Functions)
        {
            switch (f.Trigger.Type)
            {
                case "queueTrigger": loops.Add(PollQueueAsync(f, stoppingToken)); break;
                case "timerTrigger": loops.Add(RunTimerAsync(f, stoppingToken)); break;
                case "blobTrigger": loops.Add(PollBlobsAsync(f, stoppingToken)); break;
            }
        }
        logger.LogInformation("Local trigger runner started for {Count} functions", loops.Count);
        return Task.WhenAll(loops);
    }

    /// <summary>Invokes queue function <paramref name="functionName"/> with a message that never was on the queue (tests drive functions with this).</summary>
    public Task InvokeQueueAsync(string functionName, string text, long dequeueCount = 1, CancellationToken ct = default)
    {
        var message = QueuesModelFactory.QueueMessage(Guid.NewGuid().ToString("N"), "local", text, dequeueCount, time.GetUtcNow());
        return InvokeAsync(catalog[functionName], message, new Dictionary<string, object?>(), ct);
    }

    /// <summary>Invokes queue function <paramref name="functionName"/> with <paramref name="message"/> as received from its queue.</summary>
    public Task InvokeQueueAsync(string functionName, QueueMessage message, CancellationToken ct = default) =>
        InvokeAsync(catalog[functionName], message, new Dictionary<string, object?>(), ct);

    /// <summary>Invokes blob function <paramref name="functionName"/> for the blob at <paramref name="blobPath"/> (container/name), as its trigger would.</summary>
    public Task InvokeBlobAsync(string functionName, string blobPath, CancellationToken ct = default)
    {
        var function = catalog[functionName];
        var (containerName, prefix, parameter) = SplitBlobPath(function.Trigger.Path!);
        var slash = blobPath.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || blobPath[..slash] != containerName || !blobPath[(slash + 1)..].StartsWith(prefix, StringComparison.Ordinal))
            throw new ArgumentException($"{blobPath} is not under {function.Trigger.Path}", nameof(blobPath));
        var name = blobPath[(slash + 1)..];
        var bindingData = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (parameter is not null) bindingData[parameter] = name[prefix.Length..];
        return InvokeAsync(function, blobs.GetBlobContainerClient(containerName).GetBlobClient(name), bindingData, ct);
    }

    /// <summary>Invokes timer function <paramref name="functionName"/> now, as its schedule would.</summary>
    public Task InvokeTimerAsync(string functionName, CancellationToken ct = default)
    {
        var function = catalog[functionName];
        var now = time.GetUtcNow().UtcDateTime;
        var next = CronExpression.Parse(function.Trigger.Schedule!, CronFormat.IncludeSeconds).GetNextOccurrence(now);
        return InvokeAsync(function, new TimerInfo { ScheduleStatus = new ScheduleStatus { Last = now, Next = next ?? now, LastUpdated = now } }, new Dictionary<string, object?>(), ct);
    }

    /// <summary>Receives one batch of the queue of <paramref name="functionName"/> and handles it; returns how many messages it saw.</summary>
    public async Task<int> PollQueueOnceAsync(string functionName, CancellationToken ct = default) => await PollQueueOnceAsync(catalog[functionName], ct);

    private async Task<int> PollQueueOnceAsync(FunctionEntry function, CancellationToken ct)
    {
        var queue = queues.GetQueueClient(function.Trigger.QueueName);
        var batch = await queue.ReceiveMessagesAsync(maxMessages: 16, visibilityTimeout: options.Value.VisibilityTimeout, ct);
        foreach (var message in batch.Value)
            await DeliverAsync(function, queue, message, ct);
        return batch.Value.Length;
    }

    private async Task InvokeAsync(FunctionEntry function, object trigger, Dictionary<string, object?> bindingData, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var parameter = function.Method.GetParameters().Single(p => p.Name == function.Trigger.Name);
        var value = Shape(trigger, parameter.ParameterType);
        await invoker.InvokeAsync(new FunctionInvocation(function, scope.ServiceProvider, value, ct) { BindingData = bindingData });
    }

    // The trigger value in the type the function declared, as the worker's converters would give it.
    private static object Shape(object trigger, Type type) => trigger switch
    {
        QueueMessage m when type == typeof(string) => m.Body.ToString(),
        QueueMessage m when type == typeof(BinaryData) => m.Body,
        BlobClient b when type == typeof(BlobBaseClient) => b,
        BlobClient b when type == typeof(BlockBlobClient) => b.GetParentBlobContainerClient().GetBlockBlobClient(b.Name),
        _ => trigger,
    };

    private async Task PollQueueAsync(FunctionEntry function, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var seen = await PollQueueOnceAsync(function, ct);
                delay = seen > 0 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.MaxPollingInterval.Ticks));
                if (seen > 0) continue;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                logger.LogWarning(e, "Polling {Queue} for {Function} failed; retrying", function.Trigger.QueueName, function.Name);
                delay = options.Value.MaxPollingInterval;
            }
            try { await Task.Delay(delay, TimeProvider.System, ct); } catch (OperationCanceledException) { return; }
        }
    }

    private async Task DeliverAsync(FunctionEntry function, QueueClient queue, QueueMessage message, CancellationToken ct)
    {
        try
        {
            await InvokeAsync(function, message, new Dictionary<string, object?>(), ct);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
        catch (Exception e)
        {
            logger.LogWarning(e, "Function {Function} failed on delivery {Count} of message {Id}", function.Name, message.DequeueCount, message.MessageId);
            if (message.DequeueCount >= catalog.MaxDequeueCount)
            {
                // Same as the host: the original message goes to <queue>-poison and leaves the work queue.
                var poison = queues.GetQueueClient(function.Trigger.QueueName + "-poison");
                await poison.CreateIfNotExistsAsync(cancellationToken: ct);
                await poison.SendMessageAsync(message.Body, cancellationToken: ct);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                logger.LogError(e, "Message {Id} on {Queue} failed {Count} times and was moved to the poison queue: {Reason}",
                    message.MessageId, function.Trigger.QueueName, message.DequeueCount, e.Message);
            }
            else
            {
                // Make it visible again at once, as the host does with the default visibilityTimeout of 0.
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: ct);
            }
        }
    }

    /// <summary>
    /// Lists the blob trigger's container once and delivers every blob that has no receipt for its current ETag (new, or
    /// overwritten since). A receipt blob per function and blob (name, ETag, attempts, status) makes delivery survive a
    /// restart; a failed blob is retried on the next polls until maxDequeueCount attempts.
    /// </summary>
    public async Task<int> PollBlobsOnceAsync(string functionName, CancellationToken ct = default)
    {
        var function = catalog[functionName];
        var path = function.Trigger.Path ?? throw new InvalidDataException($"{function.Name}: blobTrigger has no path");
        var (containerName, prefix, parameter) = SplitBlobPath(path);
        var container = blobs.GetBlobContainerClient(containerName);
        var receipts = blobs.GetBlobContainerClient(ReceiptsContainer);
        await receipts.CreateIfNotExistsAsync(cancellationToken: ct);
        var delivered = 0;
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, ct))
        {
            var etag = item.Properties.ETag?.ToString() ?? "";
            var key = $"{function.Name}/{containerName}/{item.Name}";
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
            var bindingData = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            if (parameter is not null) bindingData[parameter] = item.Name[prefix.Length..];
            string outcome;
            try
            {
                await InvokeAsync(function, container.GetBlobClient(item.Name), bindingData, ct);
                outcome = "done";
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
            catch (Exception e)
            {
                outcome = attempts >= catalog.MaxDequeueCount ? "poison" : "retry";
                logger.LogWarning(e, "Function {Function} failed on attempt {Count} for blob {Blob}", function.Name, attempts, item.Name);
                if (outcome == "poison")
                {
                    var poison = queues.GetQueueClient(BlobPoisonQueue);
                    await poison.CreateIfNotExistsAsync(cancellationToken: ct);
                    await poison.SendMessageAsync(JsonSerializer.Serialize(new { FunctionId = function.Name, BlobType = "BlockBlob", ContainerName = containerName, BlobName = item.Name, ETag = etag }), ct);
                    logger.LogError(e, "Blob {Blob} failed {Count} times for {Function} and was poisoned: {Reason}", item.Name, attempts, function.Name, e.Message);
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

    // "incoming/{name}" -> container "incoming", prefix "", parameter "name".
    private static (string Container, string Prefix, string? Parameter) SplitBlobPath(string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return (path, "", null);
        var rest = path[(slash + 1)..];
        var brace = rest.IndexOf('{', StringComparison.Ordinal);
        if (brace < 0) return (path[..slash], rest, null);
        var close = rest.IndexOf('}', brace);
        return (path[..slash], rest[..brace], rest[(brace + 1)..close]);
    }

    private async Task PollBlobsAsync(FunctionEntry function, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try { await PollBlobsOnceAsync(function.Name, ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) { logger.LogWarning(e, "Polling {Path} for {Function} failed; retrying", function.Trigger.Path, function.Name); }
            try { await Task.Delay(options.Value.MaxPollingInterval, TimeProvider.System, ct); } catch (OperationCanceledException) { return; }
        }
    }

    private async Task RunTimerAsync(FunctionEntry function, CancellationToken ct)
    {
        var cron = CronExpression.Parse(function.Trigger.Schedule ?? throw new InvalidDataException($"{function.Name}: timerTrigger has no schedule"), CronFormat.IncludeSeconds);
        while (!ct.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = cron.GetNextOccurrence(now.UtcDateTime, TimeZoneInfo.Utc);
            if (next is null) return;
            try { await Task.Delay(next.Value - now.UtcDateTime, time, ct); } catch (OperationCanceledException) { return; }
            try { await InvokeTimerAsync(function.Name, ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) { logger.LogError(e, "Timer {Function} failed; it runs again at its next occurrence", function.Name); }
        }
    }
}
