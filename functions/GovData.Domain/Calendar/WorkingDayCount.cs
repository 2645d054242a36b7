namespace GovData.Domain.Calendar;

/// <summary>A count of working days that may reach into a year without an official calendar, and then says so.</summary>
/// <param name="Days">Working days fully elapsed after the effective receipt day.</param>
/// <param name="IsProvisional">True when a day in a year without an official calendar was counted provisionally (Monday to Friday less the statutory holidays fixed by rule).</param>
/// <param name="ProvisionalYears">The years counted provisionally; empty when not provisional.</param>
/// <param name="CalendarStamp">The calendar versions used, in the same form as <see cref="Deadline.CalendarStamp"/>.</param>
public sealed record WorkingDayCount(int Days, bool IsProvisional, IReadOnlyList<int> ProvisionalYears, string CalendarStamp);
