using System.Net;
using GovData.Domain.Calendar;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Workflow;

/// <summary>Schedules, reads and closes deadline timers in the <c>timers</c> container.</summary>
public sealed class DeadlineTimerStore(Database database, TimeProvider time)
{
    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Timers);
    private DeadlineTimerIndex? _index;

    /// <summary>The underlying container (for the deadline list's query).</summary>
    internal Container Container => _container;

    /// <summary>The time-bucketed index the sweep reads instead of querying every timer.</summary>
    public DeadlineTimerIndex Index => _index ??= new DeadlineTimerIndex(_container);

    /// <summary>
    /// Schedules a timer for <paramref name="deadline"/> with an optional reminder <paramref name="reminderWorkingDays"/>
    /// working days before the due date. Scheduling the same id again replaces a pending timer (idempotent).
    /// </summary>
    public async Task<DeadlineTimer> ScheduleAsync(string id, string jurisdiction, string kind, string subject, string? department,
        Deadline deadline, string rule, WorkingDayCalendar calendar, int reminderWorkingDays = 1,
        IReadOnlyDictionary<string, string>? data = null, CancellationToken cancellationToken = default)
    {
        var timer = Build(id, jurisdiction, kind, subject, department, deadline, rule, calendar, reminderWorkingDays, data);
        var existing = await FindAsync(jurisdiction, id, cancellationToken);
        if (existing is { State: not TimerState.Pending }) return existing;
        // Index first, timer second, cursor check last: a crash in between leaves at worst an entry for a timer that is
        // not due (firing ignores it), never a pending timer the sweep cannot find.
        await Index.AddAsync(jurisdiction, id, timer.NextFireMs, cancellationToken);
        var response = await _container.UpsertItemAsync(timer, new PartitionKey(jurisdiction), cancellationToken: cancellationToken);
        await Index.EnsureAheadAsync(jurisdiction, id, timer.NextFireMs, cancellationToken);
        return response.Resource;
    }

    /// <summary>A new pending timer (not stored): its reminder and next fire time computed as <see cref="ScheduleAsync"/> does.</summary>
    public static DeadlineTimer Build(string id, string jurisdiction, string kind, string subject, string? department,
        Deadline deadline, string rule, WorkingDayCalendar calendar, int reminderWorkingDays = 1, IReadOnlyDictionary<string, string>? data = null)
    {
        var remindAt = ReminderFor(deadline, reminderWorkingDays, calendar);
        return new DeadlineTimer
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
    }

    /// <summary>
    /// Bulk import of new timers of one jurisdiction (seeding, migration): one index write per bucket, then the timers in
    /// parallel. A timer that already exists is left as it is.
    /// </summary>
    public async Task ScheduleManyAsync(string jurisdiction, IReadOnlyList<DeadlineTimer> timers, int parallelism, CancellationToken cancellationToken)
    {
        await Index.AddManyAsync(jurisdiction, timers.Select(t => new TimerBucketEntry(t.Id, t.NextFireMs)), parallelism, cancellationToken);
        await Parallel.ForEachAsync(timers, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (t, ct) =>
        {
            try { await _container.CreateItemAsync(t, new PartitionKey(jurisdiction), cancellationToken: ct); }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict) { }
        });
        var cursor = await Index.CursorAsync(jurisdiction, cancellationToken);
        if (cursor is null) return;
        foreach (var late in timers.Where(t => t.NextFireMs <= cursor.Horizon))
            await Index.EnsureAheadAsync(jurisdiction, late.Id, late.NextFireMs, cancellationToken);
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

    /// <summary>
    /// Replaces a timer whose next fire time changes (reminder sent, deadline recomputed), keeping the index in step:
    /// the new fire time is listed before the timer is written and checked against the sweep's cursor after.
    /// </summary>
    public async Task<DeadlineTimer?> TryRescheduleAsync(DeadlineTimer timer, string etag, CancellationToken cancellationToken)
    {
        if (timer.State == TimerState.Pending) await Index.AddAsync(timer.Jurisdiction, timer.Id, timer.NextFireMs, cancellationToken);
        var saved = await TryReplaceAsync(timer, etag, cancellationToken);
        if (saved is { State: TimerState.Pending }) await Index.EnsureAheadAsync(saved.Jurisdiction, saved.Id, saved.NextFireMs, cancellationToken);
        return saved;
    }

    /// <summary>
    /// Pending timers whose next fire time has come, by a query over the whole partition. Not the sweep's path (that reads
    /// the index); used once per jurisdiction to bootstrap the index and by the benchmark as the baseline.
    /// </summary>
    public Task<List<DeadlineTimer>> DueAsync(string jurisdiction, DateTimeOffset now, CancellationToken cancellationToken) =>
        _container.ListAsync<DeadlineTimer>(jurisdiction, "c.type = 'deadline-timer' AND c.state = 'Pending' AND c.nextFireMs <= @now",
            new Dictionary<string, object?> { ["@now"] = now.ToUnixTimeMilliseconds() }, cancellationToken);

    /// <summary>Every pending timer (the index's one-off bootstrap, for timers written before the index existed).</summary>
    public Task<List<DeadlineTimer>> PendingAsync(string jurisdiction, CancellationToken cancellationToken) =>
        _container.ListAsync<DeadlineTimer>(jurisdiction, "c.type = 'deadline-timer' AND c.state = 'Pending'", null, cancellationToken);

    /// <summary>
    /// Pending timers whose deadline was computed provisionally. A query, on purpose: it runs once per calendar year loaded
    /// (a queue message, not the per-minute sweep), and an index of it would cost a write on every schedule and cancel.
    /// </summary>
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
