namespace GovData.Domain.Calendar;

/// <summary>What the calendar says about one date; provisional when the date's year is not loaded yet (statutory holidays by rule, no 调休).</summary>
public sealed record CalendarDay(DateOnly Date, DayKind Kind, bool IsWorkingDay, string? Name, bool IsProvisional);
