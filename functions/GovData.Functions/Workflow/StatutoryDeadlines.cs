using DurableTask.Core.Exceptions;
using GovData.Domain.Calendar;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace GovData.Functions.Workflow;

/// <summary>
/// Starts, cancels, reads and lists statutory deadlines, each a <see cref="DeadlineWorkflow"/> orchestration whose instance
/// id is derived from the jurisdiction and the deadline's id (so starting one twice is harmless).
/// </summary>
public sealed class StatutoryDeadlines(DurableClients clients, DeadlineClock clock)
{
    /// <summary>The instance id prefix of every deadline.</summary>
    public const string Prefix = "deadline:";

    // A deadline id names one deadline for good: started once, never restarted, whatever state it ended in.
    private static readonly IReadOnlyList<string> EveryStatus = Enum.GetNames<OrchestrationRuntimeStatus>();

    /// <summary>The orchestration instance of deadline <paramref name="id"/> in <paramref name="jurisdiction"/>.</summary>
    public static string InstanceId(string jurisdiction, string id) => $"{Prefix}{jurisdiction}:{id}";

    /// <summary>
    /// Starts the deadline, with a reminder <paramref name="reminderWorkingDays"/> working days before its due date (none when
    /// the deadline is shorter). Starting a deadline that was started before changes nothing.
    /// </summary>
    public async Task<DeadlineTimer> ScheduleAsync(string id, string jurisdiction, string kind, string subject, string? department,
        Deadline deadline, string rule, WorkingDayCalendar calendar, int reminderWorkingDays = 1,
        IReadOnlyDictionary<string, string>? data = null, CancellationToken cancellationToken = default)
    {
        var timer = WithEngineTimes(Build(id, jurisdiction, kind, subject, department, deadline, rule, calendar, reminderWorkingDays, data));
        try
        {
            await clients.Client.ScheduleNewOrchestrationInstanceAsync(DeadlineWorkflow.Name, timer,
                new StartOrchestrationOptions(InstanceId(jurisdiction, id)) { DedupeStatuses = EveryStatus }, cancellationToken);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // Started before (a retried operation): the running or finished instance is the deadline.
        }
        return timer;
    }

    /// <summary>A new pending deadline (not started), its reminder computed as <see cref="ScheduleAsync"/> does.</summary>
    public static DeadlineTimer Build(string id, string jurisdiction, string kind, string subject, string? department,
        Deadline deadline, string rule, WorkingDayCalendar calendar, int reminderWorkingDays = 1, IReadOnlyDictionary<string, string>? data = null) => new()
        {
            Id = id,
            Jurisdiction = jurisdiction,
            Kind = kind,
            Subject = subject,
            Department = department,
            Deadline = deadline,
            ReminderWorkingDays = reminderWorkingDays,
            RemindAt = ReminderFor(deadline, reminderWorkingDays, calendar),
            Rule = rule,
            Data = data is null ? [] : new Dictionary<string, string>(data),
        };

    /// <summary>The deadline with the engine instants of its reminder and due time as of now.</summary>
    public DeadlineTimer WithEngineTimes(DeadlineTimer timer) => timer with
    {
        EngineRemindAt = timer.RemindAt is { } r ? clock.ToEngine(r) : null,
        EngineDueAt = clock.ToEngine(timer.Deadline.DueAt),
    };

    /// <summary>Cancels a deadline (the work was done in time); a missing or closed one is left as it is.</summary>
    public async Task CancelAsync(string jurisdiction, string id, CancellationToken cancellationToken)
    {
        var instance = InstanceId(jurisdiction, id);
        var current = await clients.Client.GetInstanceAsync(instance, cancellationToken);
        if (current is null || current.IsCompleted) return;
        await clients.Client.RaiseEventAsync(instance, DeadlineWorkflow.Cancel, cancellation: cancellationToken);
    }

    /// <summary>A deadline as its orchestration last reported it, or null when it was never started.</summary>
    public async Task<DeadlineTimer?> FindAsync(string jurisdiction, string id, CancellationToken cancellationToken)
    {
        var instance = await clients.Client.GetInstanceAsync(InstanceId(jurisdiction, id), getInputsAndOutputs: true, cancellationToken);
        return instance is null ? null : Read(instance);
    }

    /// <summary>The pending deadlines of <paramref name="jurisdiction"/> (every one when null).</summary>
    public async Task<List<DeadlineTimer>> PendingAsync(string? jurisdiction, CancellationToken cancellationToken)
    {
        var list = new List<DeadlineTimer>();
        var query = new OrchestrationQuery(
            Statuses: [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running],
            InstanceIdPrefix: jurisdiction is null ? Prefix : InstanceId(jurisdiction, ""),
            FetchInputsAndOutputs: true);
        await foreach (var instance in clients.Client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
            if (Read(instance) is { State: TimerState.Pending } timer) list.Add(timer);
        return list;
    }

    /// <summary>
    /// Asks every pending deadline to recompute: its due date when its year's calendar was loaded since (a provisional
    /// deadline), and the engine instants of its timers. Returns the ticket the orchestrations report once they took it.
    /// </summary>
    public async Task<(long Ticket, int Count)> RecomputeAsync(CancellationToken cancellationToken)
    {
        // A new ticket is later than every ticket a deadline holds, so every pending deadline is behind it.
        var ticket = DateTimeOffset.UtcNow.UtcTicks;
        return (ticket, await RecomputeBehindAsync(ticket, cancellationToken));
    }

    /// <summary>
    /// When recompute ticket <paramref name="ticket"/> was issued (real UTC, as <see cref="RecomputeAsync"/> issues them):
    /// whatever was stored before it, a calendar year loaded included, must be in the calendar a deadline recomputes on.
    /// </summary>
    public static DateTimeOffset TicketIssuedAt(long ticket) => new(Math.Clamp(ticket, 0, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero);

    /// <summary>
    /// Raises <c>recompute</c> with <paramref name="ticket"/> again to every pending deadline that has not taken it; returns
    /// how many. An instance can drop an event: the engine defers a start message it fetched before the client wrote the
    /// instance's row (the client queues the message first), and discards an event it fetches meanwhile for an instance
    /// with no history yet. So a recompute is followed by this until none is behind.
    /// </summary>
    public async Task<int> RecomputeBehindAsync(long ticket, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var timer in await PendingAsync(null, cancellationToken))
        {
            if (timer.Ticket >= ticket) continue;
            await clients.Client.RaiseEventAsync(InstanceId(timer.Jurisdiction, timer.Id), DeadlineWorkflow.Recompute, ticket, cancellationToken);
            count++;
        }
        return count;
    }

    /// <summary>
    /// The reminder instant: when only <paramref name="workingDaysBefore"/> working days remain, i.e. the end of working day
    /// N - before of the count; null when the deadline is too short for a reminder.
    /// </summary>
    public static DateTimeOffset? ReminderFor(Deadline deadline, int workingDaysBefore, WorkingDayCalendar calendar)
    {
        if (workingDaysBefore <= 0 || deadline.WorkingDays <= workingDaysBefore) return null;
        return calendar.AddWorkingDays(deadline.ReceivedAt, deadline.WorkingDays - workingDaysBefore, deadline.Receipt).DueAt;
    }

    // The custom status is the deadline as the orchestration holds it now; before its first step, its input.
    private static DeadlineTimer? Read(OrchestrationMetadata instance) =>
        (instance.IsCompleted ? instance.ReadOutputAs<DeadlineTimer>() : null)
        ?? instance.ReadCustomStatusAs<DeadlineTimer>()
        ?? instance.ReadInputAs<DeadlineTimer>();
}
