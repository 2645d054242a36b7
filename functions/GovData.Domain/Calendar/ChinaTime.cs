namespace GovData.Domain.Calendar;

/// <summary>Asia/Shanghai as a fixed UTC+08:00 offset, the time zone every deadline is counted in.</summary>
/// <remarks>
/// China has kept UTC+08:00 all year since it last observed daylight saving time in 1991, so a fixed
/// offset is exact for every year a calendar may hold (1992 on, see <see cref="CalendarYearValidator"/>).
/// Using it instead of a TimeZoneInfo lookup keeps the domain free of I/O and of the host's tz database,
/// so a deadline comes out the same on every machine.
/// </remarks>
public static class ChinaTime
{
    /// <summary>UTC+08:00.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The first year a fixed +08:00 offset is exact for (after the last daylight saving time in 1991).</summary>
    public const int FirstYearWithoutDaylightSaving = 1992;

    /// <summary>The instant expressed in China time.</summary>
    public static DateTimeOffset ToChinaTime(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>The date in China at that instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>A date as China writes it: 2026年12月1日.</summary>
    public static string ChineseDate(DateOnly date) => date.ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An instant in China time as China writes it: 2026年12月1日 10:00.</summary>
    public static string ChineseDateTime(DateTimeOffset instant) =>
        ToChinaTime(instant).ToString("yyyy年M月d日 HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Midnight at the start of the date in China.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), Offset);
}
