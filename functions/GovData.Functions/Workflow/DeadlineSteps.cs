using GovData.Domain.Audit;
using GovData.Functions.Audit;
using GovData.Functions.Calendar;
using GovData.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace GovData.Functions.Workflow;

/// <summary>
/// The activities of a deadline: its reminder, its due time and its recompute, each running the handler of the deadline's
/// kind (the same services an HTTP call goes through) and writing the audit record of the step. Activities run at least
/// once; the handlers are idempotent and each record's id is derived from the step (deadline, action, recompute ticket), so a
/// step run again writes the record it wrote before, which the audit log keeps once.
/// </summary>
public sealed class DeadlineSteps(IEnumerable<IDeadlineHandler> handlers, StatutoryDeadlines deadlines, CalendarService calendars,
    DurableClients clients, IAuditLog audit, ICrashPoints crash, TimeProvider time)
{
    /// <summary>The reminder activity's name.</summary>
    public const string RemindStep = "StatutoryDeadlineRemind";
    /// <summary>The due activity's name.</summary>
    public const string DueStep = "StatutoryDeadlineDue";
    /// <summary>The recompute activity's name.</summary>
    public const string RecomputeStep = "StatutoryDeadlineRecompute";

    private readonly Dictionary<string, IDeadlineHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    /// <summary>The deadline is near: the handler reminds whoever must act.</summary>
    [Function(RemindStep)]
    public async Task RemindAsync([ActivityTrigger] DeadlineTimer timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        using var _ = clients.Use(client);
        await Handler(timer).OnReminderAsync(timer, cancellationToken);
        await crash.HitAsync("deadline.handled", cancellationToken);
        await audit.WriteAsync(StepRecord(timer, "deadline.remind"), cancellationToken);
        await crash.HitAsync("deadline.audited", cancellationToken);
    }

    /// <summary>The deadline passed without being cancelled: the handler escalates and raises its finding.</summary>
    [Function(DueStep)]
    public async Task DueAsync([ActivityTrigger] DeadlineTimer timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        using var _ = clients.Use(client);
        await Handler(timer).OnDueAsync(timer, cancellationToken);
        await crash.HitAsync("deadline.handled", cancellationToken);
        await audit.WriteAsync(StepRecord(timer, "deadline.due"), cancellationToken);
        await crash.HitAsync("deadline.audited", cancellationToken);
    }

    /// <summary>
    /// Recomputes a provisional due date once its year's calendar is loaded (the handler is told, the change audited) and the
    /// engine instants of the timers from the app's clock as it reads now.
    /// </summary>
    [Function(RecomputeStep)]
    public async Task<DeadlineTimer> RecomputeAsync([ActivityTrigger] DeadlineTimer timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        using var _ = clients.Use(client);
        // Read since the ticket was issued, not whatever this instance cached: the recompute is taken once, so a calendar
        // cached before the year was loaded (here, or on another instance for up to CacheFor) would leave it provisional.
        var calendar = await calendars.GetAsync(timer.Jurisdiction, StatutoryDeadlines.TicketIssuedAt(timer.Ticket), cancellationToken);
        if (calendar.ShouldRecompute(timer.Deadline))
        {
            var deadline = calendar.Recompute(timer.Deadline);
            var changed = timer with { Deadline = deadline, RemindAt = StatutoryDeadlines.ReminderFor(deadline, timer.ReminderWorkingDays, calendar) };
            if (_handlers.TryGetValue(timer.Kind, out var handler)) await handler.OnDeadlineChangedAsync(changed, cancellationToken);
            await audit.WriteAsync(AuditExtensions.SystemAudit(time, timer.Jurisdiction, "deadline.recompute", timer.Subject, $"{timer.Id}:{timer.Ticket}") with
            {
                Id = AuditRecordBounds.OperationId("deadline.recompute", timer.Jurisdiction, timer.Id, timer.Ticket.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Department = timer.Department,
                Reason = $"calendar loaded: {timer.Deadline.DueDate:yyyy-MM-dd} ({timer.Deadline.CalendarStamp}) -> {deadline.DueDate:yyyy-MM-dd} ({deadline.CalendarStamp})",
            }, cancellationToken);
            timer = changed;
        }
        return deadlines.WithEngineTimes(timer);
    }

    private IDeadlineHandler Handler(DeadlineTimer timer) => _handlers.TryGetValue(timer.Kind, out var handler)
        ? handler
        : throw new InvalidOperationException($"no deadline handler for kind '{timer.Kind}'");

    /// <summary>The record of a deadline's reminder or due step (each runs once per deadline: its id is derived from the two).</summary>
    private AuditRecord StepRecord(DeadlineTimer timer, string action) => AuditExtensions.DeadlineAudit(time, timer, action) with
    {
        Department = timer.Department,
        Reason = timer.Rule,
        DataContent = $"{timer.Id}: due {timer.Deadline.DueDate:yyyy-MM-dd}{(timer.Deadline.IsProvisional ? " (provisional)" : "")}",
    };
}
