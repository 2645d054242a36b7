namespace GovData.Domain.Calendar;

/// <summary>A deadline of N working days from a moment of receipt, with what it was computed from; see docs/calendar.md for the counting rule.</summary>
/// <param name="ReceivedAt">The moment of receipt as given.</param>
/// <param name="EffectiveReceiptDate">The day of receipt the deadline counts from: the calendar date of receipt in China time (the statutory reading), or, under a local after-hours rule, the next working day after a rest-day or after-close receipt.</param>
/// <param name="EffectiveStart">Day 1: the first working day after the day of receipt (民法典 第二百零一条: the first day is not counted).</param>
/// <param name="WorkingDays">N.</param>
/// <param name="DueDate">The Nth working day, the last day to act (the day of receipt itself when N is 0).</param>
/// <param name="DueAt">The instant the due date ends: the next day's 00:00 +08:00. Overdue means now &gt;= DueAt.</param>
/// <param name="IsProvisional">True when a day in a year without an official calendar was involved (counted Monday to Friday less the statutory holidays fixed by rule, no 调休); show it as provisional and recompute it when the year is loaded.</param>
/// <param name="ProvisionalYears">The years counted provisionally; empty when not provisional.</param>
/// <param name="CalendarStamp">The calendar versions used, e.g. <c>2025v1,2026v2</c>, <c>2026v1,2027p</c> (p: provisional), with <c>;450000v1</c> when local days off applied.</param>
/// <param name="Receipt">How the day of receipt was fixed; null (deadlines stored before the rule existed) reads as the statutory reading.</param>
public sealed record Deadline(
    DateTimeOffset ReceivedAt,
    DateOnly EffectiveReceiptDate,
    DateOnly EffectiveStart,
    int WorkingDays,
    DateOnly DueDate,
    DateTimeOffset DueAt,
    bool IsProvisional,
    IReadOnlyList<int> ProvisionalYears,
    string CalendarStamp,
    DateOfReceipt? Receipt = null)
{
    /// <summary>True once the due date has ended.</summary>
    public bool IsOverdue(DateTimeOffset now) => now >= DueAt;
}
