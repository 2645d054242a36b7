using System.Text.Json;
using Azure.Storage.Queues;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Hosting;
using GovData.Functions.Calendar;
using GovData.Functions.RuleSets;
using GovData.Functions.Storage;
using GovData.Functions.Triggers;

namespace GovData.Functions.Workflow;

/// <summary>A message on the <c>deadlines</c> queue: a timer to fire, or a calendar year that was loaded.</summary>
/// <remarks><paramref name="FireMs"/> is the fire time of the index entry the sweep queued (absent in older messages).</remarks>
public sealed record DeadlineMessage(string Type, string? Jurisdiction = null, string? Id = null, int? Year = null, long? FireMs = null)
{
    /// <summary>Fire one timer (its reminder or its due time, whichever is next).</summary>
    public const string Fire = "fire";
    /// <summary>A calendar year was loaded: recompute the provisional deadlines.</summary>
    public const string CalendarLoaded = "calendar-loaded";
}

/// <summary>
/// The timer function: every minute, reads in every jurisdiction the index buckets from its cursor up to now (point reads,
/// see <see cref="DeadlineTimerIndex"/>), queues one message per timer listed there, then advances the cursor. Queuing
/// twice is harmless: firing checks the timer's state under its ETag.
/// </summary>
public sealed class DeadlineSweep(DeadlineTimerStore timers, RuleSetService rules, QueueServiceClient queues, TimeProvider time)
{
    /// <inheritdoc />
    public async Task<int> HandleAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var queue = queues.GetQueueClient(StorageNames.Queues.Deadlines);
        var registry = await rules.GetRegistryAsync(cancellationToken);
        var queued = 0;
        foreach (var jurisdiction in registry.Jurisdictions)
        {
            var due = await timers.Index.SweepAsync(jurisdiction, now,
                (entries, ct) => Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (e, token) =>
                    await queue.SendMessageAsync(JsonSerializer.Serialize(new DeadlineMessage(DeadlineMessage.Fire, jurisdiction, e.Id, FireMs: e.FireMs), JsonDefaults.Storage), token)),
                async ct => (await timers.PendingAsync(jurisdiction, ct)).Select(t => new TimerBucketEntry(t.Id, t.NextFireMs)).ToList(),
                cancellationToken);
            queued += due.Count;
        }
        return queued;
    }
}

/// <summary>
/// The queue function: fires one timer (reminder, then due) through its kind's handler, or recomputes the provisional
/// deadlines after a calendar year was loaded. At-least-once safe: the state change is guarded by the timer's ETag and a
/// timer that already moved on is left alone.
/// </summary>
public sealed class DeadlineFired(
    DeadlineTimerStore timers, IEnumerable<IDeadlineHandler> handlers, CalendarService calendars, RuleSetService rules,
    IAuditLog audit, ICrashPoints crash, TimeProvider time, ILogger<DeadlineFired> logger)
{
    private readonly Dictionary<string, IDeadlineHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<string> HandleAsync(QueueDelivery invocation, CancellationToken cancellationToken)
    {
        var text = invocation.Text;
        var message = JsonSerializer.Deserialize<DeadlineMessage>(text, JsonDefaults.Storage) ?? throw new InvalidDataException("unreadable deadlines message");
        return message.Type switch
        {
            DeadlineMessage.Fire => await FireAsync(message.Jurisdiction!, message.Id!, message.FireMs, invocation.MessageId, cancellationToken),
            DeadlineMessage.CalendarLoaded => await RecomputeAsync(message.Year ?? 0, invocation.MessageId, cancellationToken),
            _ => throw new InvalidDataException($"unknown deadlines message type '{message.Type}'"),
        };
    }

    private async Task<string> FireAsync(string jurisdiction, string id, long? fireMs, string messageId, CancellationToken ct)
    {
        var timer = await timers.FindAsync(jurisdiction, id, ct);
        var now = time.GetUtcNow();
        if (timer is { State: TimerState.Pending } && timer.NextFireMs > now.ToUnixTimeMilliseconds() && fireMs >= timer.NextFireMs)
        {
            // The sweep saw it due but this clock does not (clock skew): the cursor has passed the entry, so list it again
            // ahead of the cursor and let a later sweep queue it once more.
            await timers.Index.EnsureAheadAsync(jurisdiction, id, timer.NextFireMs, ct);
            return ($"timer {id} is not due by this clock yet; listed again ahead of the sweep");
        }
        if (timer is null || timer.State != TimerState.Pending || timer.NextFireMs > now.ToUnixTimeMilliseconds())
            return ($"timer {id} has nothing due (late or duplicate message)");
        if (!_handlers.TryGetValue(timer.Kind, out var handler))
            throw new InvalidOperationException($"no deadline handler for kind '{timer.Kind}'");

        var reminding = !timer.Reminded && timer.RemindAt is { } r && r <= now && now < timer.Deadline.DueAt;
        if (reminding) await handler.OnReminderAsync(timer, ct);
        else await handler.OnDueAsync(timer, ct);
        await crash.HitAsync("deadline.handled", ct);

        // The record goes before the timer moves on, so a crash between them is redelivered (the timer is still due) and
        // finds the record instead of writing it twice; the other order would lose it.
        var action = reminding ? "deadline.remind" : "deadline.due";
        var what = $"{timer.Id}: due {timer.Deadline.DueDate:yyyy-MM-dd}{(timer.Deadline.IsProvisional ? " (provisional)" : "")}";
        var firedAt = reminding ? timer.RemindAt!.Value : timer.Deadline.DueAt;
        if (!await audit.HasAsync(jurisdiction, timer.Subject, firedAt, now, a => a.Action == action && a.DataContent == what, ct))
            await audit.WriteAsync(AuditExtensions.SystemAudit(time, jurisdiction, action, timer.Subject, messageId) with
            {
                Department = timer.Department,
                Reason = timer.Rule,
                DataContent = what,
            }, ct);
        await crash.HitAsync("deadline.audited", ct);
        var next = reminding
            ? timer with { Reminded = true, NextFireMs = timer.Deadline.DueAt.ToUnixTimeMilliseconds() }
            : timer with { Reminded = true, State = TimerState.Fired, ClosedAt = now };
        // If someone cancelled or rescheduled it meanwhile, their change stands; the handler's work is idempotent.
        var saved = await timers.TryRescheduleAsync(next, timer.ETag!, ct);
        await crash.HitAsync("deadline.timer-written", ct);
        return ($"timer {id}: {(reminding ? "reminder" : "due")} handled{(saved is null ? " (timer changed meanwhile)" : "")}");
    }

    private async Task<string> RecomputeAsync(int year, string messageId, CancellationToken ct)
    {
        var registry = await rules.GetRegistryAsync(ct);
        var changed = 0;
        foreach (var jurisdiction in registry.Jurisdictions)
        {
            var calendar = await calendars.GetAsync(jurisdiction, ct);
            foreach (var timer in await timers.ProvisionalAsync(jurisdiction, ct))
            {
                if (!calendar.ShouldRecompute(timer.Deadline)) continue;
                var deadline = calendar.Recompute(timer.Deadline);
                var remindAt = DeadlineTimerStore.ReminderFor(deadline, timer.ReminderWorkingDays, calendar);
                var next = timer with { Deadline = deadline, RemindAt = remindAt, NextFireMs = DeadlineTimer.NextFire(remindAt, timer.Reminded, deadline) };
                var saved = await timers.TryRescheduleAsync(next, timer.ETag!, ct)
                    ?? throw new InvalidOperationException($"timer {timer.Id} changed while being recomputed; the message will be retried");
                if (_handlers.TryGetValue(timer.Kind, out var handler)) await handler.OnDeadlineChangedAsync(saved, ct);
                await audit.WriteAsync(AuditExtensions.SystemAudit(time, jurisdiction, "deadline.recompute", timer.Subject, messageId) with
                {
                    Department = timer.Department,
                    Reason = $"calendar {year} loaded: {timer.Deadline.DueDate:yyyy-MM-dd} ({timer.Deadline.CalendarStamp}) -> {deadline.DueDate:yyyy-MM-dd} ({deadline.CalendarStamp})",
                }, ct);
                changed++;
            }
        }
        logger.LogInformation("Calendar {Year} loaded: {Count} provisional deadlines recomputed", year, changed);
        return $"recomputed {changed} provisional deadlines";
    }
}
