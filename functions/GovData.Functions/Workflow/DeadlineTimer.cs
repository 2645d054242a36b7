using GovData.Domain.Calendar;

namespace GovData.Functions.Workflow;

/// <summary>Where a deadline timer is in its life.</summary>
public enum TimerState
{
    /// <summary>Waiting for its reminder or due time.</summary>
    Pending,
    /// <summary>The due time passed and its handler ran.</summary>
    Fired,
    /// <summary>The work was done in time (or withdrawn); the timer will not fire.</summary>
    Cancelled,
}

/// <summary>
/// A statutory deadline: the input and the state of its <see cref="DeadlineWorkflow"/> orchestration. The feature that owns it
/// schedules it; the orchestration waits for its reminder and then its due time with durable timers, and its handler (by
/// <see cref="Kind"/>) acts.
/// </summary>
public sealed record DeadlineTimer
{
    /// <summary>Stable id chosen by the owner, e.g. <c>share-request:{id}:decision</c>, so scheduling twice is harmless.</summary>
    public required string Id { get; init; }
    /// <summary>The jurisdiction (the partition key).</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Which handler acts on it, e.g. <c>catalog.update</c>.</summary>
    public required string Kind { get; init; }
    /// <summary>The thing with the deadline, e.g. <c>catalog/entries/{id}</c>.</summary>
    public required string Subject { get; init; }
    /// <summary>The department that must act.</summary>
    public string? Department { get; init; }
    /// <summary>The deadline, with its calendar stamp and provisional flag.</summary>
    public required Deadline Deadline { get; init; }
    /// <summary>How many working days before the due date a reminder goes out (0: no reminder).</summary>
    public int ReminderWorkingDays { get; init; }
    /// <summary>When the reminder is due, if there is one.</summary>
    public DateTimeOffset? RemindAt { get; init; }
    /// <summary>True once the reminder has gone out.</summary>
    public bool Reminded { get; init; }
    /// <summary>The rule applied, e.g. <c>350800@v1 shareDecision.deadline = 5 working days (004 第十二条)</c>.</summary>
    public required string Rule { get; init; }
    /// <summary>The state.</summary>
    public TimerState State { get; init; } = TimerState.Pending;
    /// <summary>The instant the engine fires the reminder at (<see cref="DeadlineClock"/>: the same as <see cref="RemindAt"/> on the system clock).</summary>
    public DateTimeOffset? EngineRemindAt { get; init; }
    /// <summary>The instant the engine fires the due time at.</summary>
    public DateTimeOffset EngineDueAt { get; init; }
    /// <summary>The last recompute request the orchestration took (0: none).</summary>
    public long Ticket { get; init; }
    /// <summary>When it fired or was cancelled.</summary>
    public DateTimeOffset? ClosedAt { get; init; }
    /// <summary>Free-form data the owner keeps with the timer.</summary>
    public Dictionary<string, string> Data { get; init; } = [];

    /// <summary>True while the reminder is the next thing due.</summary>
    public bool Reminding => State == TimerState.Pending && !Reminded && RemindAt is { } r && r < Deadline.DueAt;

    /// <summary>The engine instant of the next thing due (the reminder, then the due time).</summary>
    public DateTimeOffset NextEngineFire => Reminding && EngineRemindAt is { } r ? r : EngineDueAt;
}

/// <summary>What a feature does when one of its timers comes due; registered per <see cref="Kind"/>.</summary>
public interface IDeadlineHandler
{
    /// <summary>The timer kind it handles.</summary>
    string Kind { get; }

    /// <summary>The reminder is due (the deadline is near). Must be idempotent.</summary>
    Task OnReminderAsync(DeadlineTimer timer, CancellationToken cancellationToken);

    /// <summary>The deadline passed without the timer being cancelled: escalate, record a finding. Must be idempotent.</summary>
    Task OnDueAsync(DeadlineTimer timer, CancellationToken cancellationToken);

    /// <summary>The deadline was recomputed (a provisional deadline after the new calendar year was loaded).</summary>
    Task OnDeadlineChangedAsync(DeadlineTimer timer, CancellationToken cancellationToken) => Task.CompletedTask;
}
