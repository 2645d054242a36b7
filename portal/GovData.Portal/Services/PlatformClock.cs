using GovData.Domain.Calendar;

namespace GovData.Portal.Services;

/// <summary>
/// The platform's "now" (GET /api/calendar/today: the API's clock, not the browser's) and working days counted with the
/// domain's official calendar, the same one the API starts from.
/// </summary>
public sealed class PlatformClock(Api api)
{
    private static readonly Lazy<WorkingDayCalendar> Calendar = new(() => BuiltInCalendar.Create());
    private Today? _today;

    /// <summary>The platform's time now.</summary>
    public async Task<DateTimeOffset> NowAsync()
    {
        try { _today ??= await api.GetAsync<Today>("api/calendar/today"); }
        catch (ApiProblem) { return DateTimeOffset.UtcNow; }
        return _today.Now;
    }

    /// <summary>
    /// Working days left to act, today included, until the end of <paramref name="dueDate"/>; when the date has passed, minus
    /// the working days since it. Provisional when the count runs into a year whose calendar is not announced yet.
    /// </summary>
    public static (int Days, bool Provisional) WorkingDaysLeft(DateTimeOffset now, DateOnly dueDate)
    {
        var today = ChinaTime.DateOf(now);
        try
        {
            if (dueDate < today)
            {
                // Working days strictly after the due date, up to today included.
                var late = Calendar.Value.CountWorkingDaysAllowingProvisional(ChinaTime.StartOf(dueDate), ChinaTime.StartOf(today.AddDays(1)));
                return (-late.Days, late.IsProvisional);
            }
            var left = Calendar.Value.CountWorkingDaysAllowingProvisional(ChinaTime.StartOf(today.AddDays(-1)), ChinaTime.StartOf(dueDate.AddDays(1)));
            return (left.Days, left.IsProvisional);
        }
        catch (Exception e) when (e is CalendarNotLoadedException or ArgumentException)
        {
            return (dueDate.DayNumber - today.DayNumber, true);
        }
    }

    private sealed record Today(DateTimeOffset Now, DateOnly Date, bool IsWorkingDay);
}
