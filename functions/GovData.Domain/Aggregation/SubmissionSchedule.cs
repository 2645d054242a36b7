using GovData.Domain.Calendar;
using GovData.Domain.Catalog;

namespace GovData.Domain.Aggregation;

/// <summary>
/// When an entry's next submission is due after an accepted one (002 第十七条: data is updated per the catalog's update
/// cycle): one cycle after the acceptance date, moved to the first working day on or after that date, so a monthly entry
/// accepted on 2026-11-24 is due by the end of 2026-12-24 (or the next working day when that is a day off).
/// </summary>
public static class SubmissionSchedule
{
    /// <summary>The calendar date one cycle after <paramref name="from"/>; null for <see cref="UpdateCycle.Irregular"/> (nothing is due).</summary>
    public static DateOnly? PeriodEnd(UpdateCycle cycle, DateOnly from) => cycle switch
    {
        // Real-time data arrives continuously; a whole day without a push is what gets noticed.
        UpdateCycle.RealTime or UpdateCycle.Daily => from.AddDays(1),
        UpdateCycle.Weekly => from.AddDays(7),
        UpdateCycle.Monthly => from.AddMonths(1),
        UpdateCycle.Quarterly => from.AddMonths(3),
        UpdateCycle.HalfYearly => from.AddMonths(6),
        UpdateCycle.Yearly => from.AddYears(1),
        _ => null,
    };

    /// <summary>
    /// The deadline of the next submission after one accepted at <paramref name="acceptedAt"/>: the fewest working days
    /// whose due date is on or after the period end. Null for irregular entries.
    /// </summary>
    public static Deadline? NextDue(UpdateCycle cycle, DateTimeOffset acceptedAt, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var from = ChinaTime.DateOf(acceptedAt);
        if (PeriodEnd(cycle, from) is not { } end) return null;
        // Start below the answer (5 working days in 7, less a margin for holidays) and walk up: at most a few dozen steps.
        var n = Math.Max(1, (end.DayNumber - from.DayNumber) * 5 / 7 - 15);
        var deadline = calendar.AddWorkingDays(acceptedAt, n);
        while (deadline.DueDate < end) deadline = calendar.AddWorkingDays(acceptedAt, ++n);
        while (n > 1 && calendar.AddWorkingDays(acceptedAt, n - 1) is { } earlier && earlier.DueDate >= end) { deadline = earlier; n--; }
        return deadline;
    }

    /// <summary>How many working days before the due date the department is reminded: none for daily data, else one.</summary>
    public static int ReminderWorkingDays(UpdateCycle cycle) => cycle is UpdateCycle.RealTime or UpdateCycle.Daily ? 0 : 1;
}
