using System.Net;
using GovData.Domain.Calendar;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Workflow;

/// <summary>Schedules, reads and closes deadline timers in the <c>timers</c> container.</summary>
public sealed class DeadlineTimerStore(Database database, TimeProvider time)
{
    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Timers);

    /// <summary>The underlying container (for the sweep's queries).</summary>
    internal Container Container => _container;

    /// <summary>
    /// Schedules a timer for <paramref name="deadline"/> with an optional reminder <paramref name="reminderWorkingDays"/>
    /// working days before the due date. Scheduling the same id again replaces a pending timer (idempotent).
    /// </summary>
    public async Task<DeadlineTimer> ScheduleAsync(string id, string jurisdiction, string kind, string subject, string? department,
        Deadline deadline, string rule, WorkingDayCalendar calendar, int reminderWorkingDays = 1,
        IReadOnlyDictionary<string, string>? data = null, CancellationToken cancellationToken = default)
    {
        var remindAt = ReminderFor(deadline, reminderWorkingDays, calendar);
        var timer = new DeadlineTimer
        {
            Id = id,
            Jurisdiction = jurisdiction,
            Kind = kind,
            Subject = subject,
            Department = department,
            Deadline = deadline,
            ReminderWorkingDays = reminderWorkingDays,
            RemindAt = remindAt,
            Rule = rule,
            NextFireMs = DeadlineTimer.NextFire(remindAt, false, deadline),
            Data = data is null ? [] : new Dictionary<string, string>(data),
        };
        var existing = await FindAsync(jurisdiction, id, cancellationToken);
        if (existing is { State: not TimerState.Pending }) return existing;
        var response = await _container.UpsertItemAsync(timer, new PartitionKey(jurisdiction), cancellationToken: cancellationToken);
        return response.Resource;
    }

    /// <summary>Cancels a pending timer (the work was done in time); a missing or closed timer is left as it is.</summary>
    public async Task<DeadlineTimer?> CancelAsync(string jurisdiction, string id, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var timer = await FindAsync(jurisdiction, id, cancellationToken);
            if (timer is null || timer.State != TimerState.Pending) return timer;
            var closed = timer with { State = TimerState.Cancelled, ClosedAt = time.GetUtcNow(), ETag = null };
            if (await TryReplaceAsync(closed, timer.ETag!, cancellationToken) is { } saved) return saved;
        }
        throw new InvalidOperationException($"Timer {id} kept changing while it was being cancelled.");
    }

    /// <summary>Reads a timer, or null.</summary>
    public async Task<DeadlineTimer?> FindAsync(string jurisdiction, string id, CancellationToken cancellationToken)
    {
        try
        {
            return (await _container.ReadItemAsync<DeadlineTimer>(id, new PartitionKey(jurisdiction), cancellationToken: cancellationToken)).Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>Replaces a timer if it still has <paramref name="etag"/>; null when someone else changed it first.</summary>
    public async Task<DeadlineTimer?> TryReplaceAsync(DeadlineTimer timer, string etag, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _container.ReplaceItemAsync(timer with { ETag = null }, timer.Id, new PartitionKey(timer.Jurisdiction),
                new ItemRequestOptions { IfMatchEtag = etag }, cancellationToken);
            return response.Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed) { return null; }
    }

    /// <summary>Pending timers whose next fire time has come.</summary>
    public Task<List<DeadlineTimer>> DueAsync(string jurisdiction, DateTimeOffset now, CancellationToken cancellationToken) =>
        _container.ListAsync<DeadlineTimer>(jurisdiction, "c.type = 'deadline-timer' AND c.state = 'Pending' AND c.nextFireMs <= @now",
            new Dictionary<string, object?> { ["@now"] = now.ToUnixTimeMilliseconds() }, cancellationToken);

    /// <summary>Pending timers whose deadline was computed provisionally.</summary>
    public Task<List<DeadlineTimer>> ProvisionalAsync(string jurisdiction, CancellationToken cancellationToken) =>
        _container.ListAsync<DeadlineTimer>(jurisdiction, "c.type = 'deadline-timer' AND c.state = 'Pending' AND c.deadline.isProvisional = true",
            null, cancellationToken);

    /// <summary>
    /// The reminder instant: when only <paramref name="workingDaysBefore"/> working days remain, i.e. the end of working day
    /// N - before of the count; null when the deadline is too short for a reminder.
    /// </summary>
    public static DateTimeOffset? ReminderFor(Deadline deadline, int workingDaysBefore, WorkingDayCalendar calendar)
    {
        if (workingDaysBefore <= 0 || deadline.WorkingDays <= workingDaysBefore) return null;
        return calendar.AddWorkingDays(deadline.ReceivedAt, deadline.WorkingDays - workingDaysBefore).DueAt;
    }
}
