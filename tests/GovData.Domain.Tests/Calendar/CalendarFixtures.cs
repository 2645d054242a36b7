using GovData.Domain.Calendar;

namespace GovData.Domain.Tests.Calendar;

// Shared helpers: moments in China time and a made-up 2027 for the "year not announced yet" cases.
internal static class CalendarFixtures
{
    public static readonly WorkingDayCalendar BuiltIn = BuiltInCalendar.Create();

    public static readonly DateTimeOffset LoadedAt = new(2026, 11, 5, 9, 0, 0, TimeSpan.FromHours(8));

    /// <summary>A moment in Asia/Shanghai.</summary>
    public static DateTimeOffset China(int year, int month, int day, int hour = 10, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.FromHours(8));

    public static DateOnly D(int year, int month, int day) => new(year, month, day);

    public static NamedDate[] Range(string name, DateOnly first, DateOnly last) =>
        Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(i => new NamedDate(first.AddDays(i), name)).ToArray();

    /// <summary>NOT the official 2027 calendar (not announced when this was written): just enough to pass validation and differ from Monday to Friday on 1 January.</summary>
    public static CalendarYear Hypothetical2027(int version = 1) => new(
        2027,
        "测试用假想数据 (not an official notice)",
        version,
        [.. Range("元旦", D(2027, 1, 1), D(2027, 1, 3)), .. Range("劳动节", D(2027, 5, 1), D(2027, 5, 5)), .. Range("国庆节", D(2027, 10, 1), D(2027, 10, 7))],
        [new NamedDate(D(2027, 10, 9), "国庆节调休")]);

    public static CalendarYear Year(int year) => BuiltInCalendar.Load().Single(y => y.Year == year);
}
