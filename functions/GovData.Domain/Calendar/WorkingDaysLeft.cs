namespace GovData.Domain.Calendar;

/// <summary>
/// Working days left to act before a due date, as the API shows them beside every deadline (and as the portal counts them):
/// today included while it has not ended, up to the end of the due date; negative once the date has passed (minus the
/// working days since it). Provisional when the count runs into a year whose official calendar is not announced yet.
/// </summary>
public readonly record struct WorkingDaysLeft(int Days, bool Provisional)
{
    /// <summary>Working days left at <paramref name="now"/> until the end of <paramref name="dueDate"/> on <paramref name="calendar"/>.</summary>
    public static WorkingDaysLeft Until(WorkingDayCalendar calendar, DateTimeOffset now, DateOnly dueDate)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var today = ChinaTime.DateOf(now);
        try
        {
            if (dueDate < today)
            {
                // Working days strictly after the due date, up to today included.
                var late = calendar.CountWorkingDaysAllowingProvisional(ChinaTime.StartOf(dueDate), ChinaTime.StartOf(today.AddDays(1)));
                return new(-late.Days, late.IsProvisional);
            }
            var left = calendar.CountWorkingDaysAllowingProvisional(ChinaTime.StartOf(today.AddDays(-1)), ChinaTime.StartOf(dueDate.AddDays(1)));
            return new(left.Days, left.IsProvisional);
        }
        catch (Exception e) when (e is CalendarNotLoadedException or ArgumentException)
        {
            // Outside every loaded and computable year: calendar days, said to be provisional.
            return new(dueDate.DayNumber - today.DayNumber, true);
        }
    }
}
