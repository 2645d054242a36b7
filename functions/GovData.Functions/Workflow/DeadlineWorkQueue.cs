using GovData.Domain.Calendar;
using GovData.Domain.Identity;
using GovData.Functions.Audit;
using GovData.Functions.Calendar;
using GovData.Functions.Hosting.Http;

namespace GovData.Functions.Workflow;

/// <summary>One open statutory deadline as the work queue shows it: what it is, whose, the rule and article, and time left in working days.</summary>
/// <param name="Id">The deadline's id (e.g. <c>share:{request}:decision</c>).</param>
/// <param name="Kind">The deadline kind, e.g. <c>sharing.decision</c>.</param>
/// <param name="KindLabel">The kind in Chinese.</param>
/// <param name="Subject">The resource it is about.</param>
/// <param name="Department">The department that must act.</param>
/// <param name="Rule">The rule set version and rule that set it.</param>
/// <param name="RuleKey">The rule key, when its owner recorded one.</param>
/// <param name="Article">The article, when its owner recorded one.</param>
/// <param name="DueDate">The last working day to act.</param>
/// <param name="DueAt">The instant it is overdue (the next day's 00:00 China time).</param>
/// <param name="Provisional">Counted over a year whose official calendar is not loaded yet.</param>
/// <param name="ProvisionalYears">Those years.</param>
/// <param name="WorkingDaysLeft">Working days left after today.</param>
/// <param name="WorkingDaysLeftProvisional">Whether that count crosses a provisional year.</param>
/// <param name="Overdue">Whether the due date has ended.</param>
/// <param name="Calendar">The calendar versions it was counted on.</param>
/// <param name="RemindAt">When the reminder goes out (none for short deadlines).</param>
/// <param name="Reminded">Whether it went out.</param>
public sealed record DeadlineView(
    string Id, string Kind, string KindLabel, string Subject, string? Department, string Rule, string? RuleKey, string? Article,
    DateOnly DueDate, DateTimeOffset DueAt, bool Provisional, IReadOnlyList<int> ProvisionalYears,
    int WorkingDaysLeft, bool WorkingDaysLeftProvisional, bool Overdue, string Calendar, DateTimeOffset? RemindAt, bool Reminded);

/// <summary>
/// The open deadlines a caller must act on, soonest first: a department's own; the whole jurisdiction for the DataAuthority,
/// auditors and the CoordinationOffice. The read is audited.
/// </summary>
public sealed class DeadlineWorkQueue(StatutoryDeadlines deadlines, CalendarService calendars, IAuditLog audit, TimeProvider time)
{
    /// <summary>The caller's open deadlines.</summary>
    public async Task<IReadOnlyList<DeadlineView>> ListAsync(RequestContext request, CancellationToken ct)
    {
        var caller = request.User;
        var all = caller.Has(Role.DataAuthority) || caller.Has(Role.Auditor) || caller.Has(Role.CoordinationOffice);
        var list = (await deadlines.PendingAsync(caller.Jurisdiction, ct)).Where(t => all || t.Department == caller.Department).ToList();
        var calendar = await calendars.GetAsync(caller.Jurisdiction, ct);
        var now = time.GetUtcNow();
        await audit.WriteAsync(request.AuditFor("deadlines.read", "deadlines"), ct);
        return [.. list.OrderBy(t => t.Deadline.DueAt).Select(t => View(t, calendar, now))];
    }

    private static DeadlineView View(DeadlineTimer t, WorkingDayCalendar calendar, DateTimeOffset now)
    {
        var left = Domain.Calendar.WorkingDaysLeft.Until(calendar, now, t.Deadline.DueDate);
        // The rule key and article as the owner recorded them (share deadlines do; others may not).
        return new DeadlineView(t.Id, t.Kind, DeadlineKinds.Label(t.Kind), t.Subject, t.Department, t.Rule,
            t.Data.GetValueOrDefault("rule"), t.Data.GetValueOrDefault("article"), t.Deadline.DueDate, t.Deadline.DueAt,
            t.Deadline.IsProvisional, t.Deadline.ProvisionalYears, left.Days, left.Provisional, now >= t.Deadline.DueAt,
            t.Deadline.CalendarStamp, t.RemindAt, t.Reminded);
    }
}
