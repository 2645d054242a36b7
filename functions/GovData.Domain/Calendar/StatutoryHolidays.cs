using System.Globalization;

namespace GovData.Domain.Calendar;

/// <summary>
/// The national statutory holidays (全体公民放假的节日) as 《全国年节及纪念日放假办法》 第二条 fixes them by rule, for a
/// year whose arrangement the State Council has not announced yet. Only the holidays themselves: the notice of each
/// year adds the bridging days and the weekend days worked in exchange (调休), which no rule fixes, so none are guessed.
/// </summary>
/// <remarks>
/// The revision in force in the year decides (each took effect on 1 January):
/// <list type="bullet">
/// <item>2008–2013, 国务院令第513号: 元旦 1 January; 春节 除夕, 正月初一, 初二; 清明节; 劳动节 1 May; 端午节; 中秋节; 国庆节 1–3 October.</item>
/// <item>2014–2024, 国务院令第644号: as before, but 春节 is 正月初一 to 初三.</item>
/// <item>from 2025, 国务院令第795号: 春节 is 除夕 to 初三 and 劳动节 1–2 May.</item>
/// </list>
/// Lunar dates come from <see cref="ChineseLunisolarCalendar"/> (a leap month is skipped: 端午 and 中秋 fall in the
/// regular fifth and eighth months). 清明 is the day of the Qingming solar term in China, by the 寿星 formula
/// <c>floor(Y × 0.2422 + C) − floor(Y / 4)</c> April (Y the last two digits of the year; C = 4.81 in 2000–2099),
/// which has no known exception for 清明 in that century. Years outside <see cref="FirstComputableYear"/>–
/// <see cref="LastComputableYear"/> are not computed.
/// </remarks>
public static class StatutoryHolidays
{
    /// <summary>The first year computed: the 2007 revision (国务院令第513号) made 清明, 端午 and 中秋 holidays from 2008.</summary>
    public const int FirstComputableYear = 2008;

    /// <summary>The last year computed: the 寿星 coefficient used for 清明 holds for 2000–2099.</summary>
    public const int LastComputableYear = 2099;

    private static readonly ChineseLunisolarCalendar Lunar = new();
    private static readonly IReadOnlyList<NamedDate>[] Cache = new IReadOnlyList<NamedDate>[LastComputableYear - FirstComputableYear + 1];

    /// <summary>Whether <paramref name="year"/> can be computed.</summary>
    public static bool CanCompute(int year) => year is >= FirstComputableYear and <= LastComputableYear;

    /// <summary>The revision of 《全国年节及纪念日放假办法》 in force in <paramref name="year"/>, as cited.</summary>
    public static string RevisionFor(int year) => year switch
    {
        >= 2025 => "全国年节及纪念日放假办法 第二条（国务院令第795号，2025年起）",
        >= 2014 => "全国年节及纪念日放假办法 第二条（国务院令第644号，2014年起）",
        _ => "全国年节及纪念日放假办法 第二条（国务院令第513号，2008年起）",
    };

    /// <summary>
    /// Every statutory holiday of <paramref name="year"/>, one entry per date in date order, named as 第二条 names them
    /// (元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节; both names when two fall on one day); throws <see cref="ArgumentOutOfRangeException"/> outside the computable years.
    /// </summary>
    public static IReadOnlyList<NamedDate> For(int year)
    {
        if (!CanCompute(year))
            throw new ArgumentOutOfRangeException(nameof(year), year, $"statutory holidays are computed for {FirstComputableYear}–{LastComputableYear} only");
        var i = year - FirstComputableYear;
        return Volatile.Read(ref Cache[i]) ?? (Cache[i] = Compute(year));
    }

    private static IReadOnlyList<NamedDate> Compute(int year)
    {
        var days = new List<NamedDate> { new(new DateOnly(year, 1, 1), "元旦") };
        var newYear = LunarDate(year, 1, 1);
        // Offsets from 正月初一: 除夕 is the day before it, whether the twelfth month has 29 or 30 days.
        var (first, last) = year switch
        {
            >= 2025 => (-1, 2), // 除夕 to 初三
            >= 2014 => (0, 2),  // 初一 to 初三
            _ => (-1, 1),       // 除夕 to 初二
        };
        for (var d = first; d <= last; d++) days.Add(new(newYear.AddDays(d), "春节"));
        days.Add(new(Qingming(year), "清明节"));
        days.Add(new(new DateOnly(year, 5, 1), "劳动节"));
        if (year >= 2025) days.Add(new(new DateOnly(year, 5, 2), "劳动节"));
        days.Add(new(LunarDate(year, 5, 5), "端午节"));
        days.Add(new(LunarDate(year, 8, 15), "中秋节"));
        for (var d = 1; d <= 3; d++) days.Add(new(new DateOnly(year, 10, d), "国庆节"));
        // 中秋 can fall on 1–3 October (2020, 2031): one day off carrying both names, as the notices name merged days.
        return days.GroupBy(d => d.Date).OrderBy(g => g.Key)
            .Select(g => new NamedDate(g.Key, string.Join("、", g.Select(d => d.Name).Distinct())))
            .ToArray();
    }

    // The Gregorian date of day `day` of the regular lunar month `month` of the lunar year that begins in `year`.
    private static DateOnly LunarDate(int year, int month, int day)
    {
        var leap = Lunar.GetLeapMonth(year);
        var index = leap != 0 && leap <= month ? month + 1 : month;
        return DateOnly.FromDateTime(Lunar.ToDateTime(year, index, day, 0, 0, 0, 0));
    }

    // 清明: the day the sun reaches 15° ecliptic longitude, in China time (寿星 formula for the 21st century).
    private static DateOnly Qingming(int year)
    {
        var y = year % 100;
        return new DateOnly(year, 4, (int)Math.Floor(y * 0.2422 + 4.81) - y / 4);
    }
}
