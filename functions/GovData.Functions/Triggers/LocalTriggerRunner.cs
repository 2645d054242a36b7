using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Cronos;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Triggers;

/// <summary>
/// Does locally what the Functions host does in Azure: polls the queues named in the queue-trigger definitions
/// and fires the timer schedules, handing each to the same handler. A message that fails is retried until it has
/// been dequeued maxDequeueCount times (host.json, default 5), then moved to its poison queue, as the host does.
/// </summary>
public sealed class LocalTriggerRunner(
    IOptions<FunctionsHostOptions> options,
    QueueServiceClient queues,
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
