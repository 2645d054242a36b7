using System.Globalization;
using GovData.Domain.Calendar;

namespace GovData.Domain.Audit;

/// <summary>How often a producing department receives the usage report of its own data (000 第三十九条).</summary>
public enum UsageReportFrequency
{
    /// <summary>Every China-time week, Monday to Sunday.</summary>
    Weekly,
    /// <summary>Every calendar month, China time.</summary>
    Monthly,
}

/// <summary>One reporting period of a usage report: a China-time ISO week (Monday–Sunday) or a calendar month.</summary>
public sealed record UsageReportPeriod(UsageReportFrequency Frequency, DateOnly First, DateOnly Last)
{
    /// <summary>The stable name of the period: <c>2026-W48</c> (ISO week-numbering year and week) or <c>2026-11</c>.</summary>
    public string Key => Frequency == UsageReportFrequency.Weekly
        ? $"{ISOWeek.GetYear(First.ToDateTime(TimeOnly.MinValue)):D4}-W{ISOWeek.GetWeekOfYear(First.ToDateTime(TimeOnly.MinValue)):D2}"
        : $"{First.Year:D4}-{First.Month:D2}";

    /// <summary>The name people read: <c>2026年第48周（11月23日至11月29日）</c> or <c>2026年11月</c>.</summary>
    public string ChineseName => Frequency == UsageReportFrequency.Weekly
        ? $"{ISOWeek.GetYear(First.ToDateTime(TimeOnly.MinValue))}年第{ISOWeek.GetWeekOfYear(First.ToDateTime(TimeOnly.MinValue))}周（{First.Month}月{First.Day}日至{Last.Month}月{Last.Day}日）"
        : $"{First.Year}年{First.Month}月";

    /// <summary>The instant the period starts (midnight China time of its first day), inclusive.</summary>
    public DateTimeOffset Start => ChinaTime.StartOf(First);

    /// <summary>The instant the period ends (midnight China time after its last day), exclusive.</summary>
    public DateTimeOffset End => ChinaTime.StartOf(Last.AddDays(1));

    /// <summary>The period of <paramref name="frequency"/> that contains <paramref name="date"/> (a China date).</summary>
    public static UsageReportPeriod Containing(UsageReportFrequency frequency, DateOnly date)
    {
        if (frequency == UsageReportFrequency.Weekly)
        {
            // DayOfWeek counts from Sunday; the week here starts on Monday.
            var monday = date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
            return new(frequency, monday, monday.AddDays(6));
        }
        var first = new DateOnly(date.Year, date.Month, 1);
        return new(frequency, first, first.AddMonths(1).AddDays(-1));
    }

    /// <summary>The period before this one.</summary>
    public UsageReportPeriod Previous => Containing(Frequency, First.AddDays(-1));

    /// <summary>
    /// The period that ended at the last China midnight before <paramref name="instant"/>, or null when that midnight did not
    /// close a period (the daily timer then has nothing to report for this frequency).
    /// </summary>
    public static UsageReportPeriod? JustEnded(UsageReportFrequency frequency, DateTimeOffset instant)
    {
        var today = ChinaTime.DateOf(instant);
        var current = Containing(frequency, today);
        return current.First == today ? current.Previous : null;
    }

    /// <summary>Parses a key (<c>2026-W48</c> or <c>2026-11</c>) back into its period; false for anything else.</summary>
    public static bool TryParse(string? key, out UsageReportPeriod? period)
    {
        period = null;
        if (key is null || key.Length is not (7 or 8) || !int.TryParse(key.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || year < ChinaTime.FirstYearWithoutDaylightSaving || year > 9998 || key[4] != '-')
            return false;
        if (key.Length == 8 && key[5] == 'W' && int.TryParse(key.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var week)
            && week >= 1 && week <= ISOWeek.GetWeeksInYear(year))
        {
            period = Containing(UsageReportFrequency.Weekly, DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday)));
            return true;
        }
        if (key.Length == 7 && int.TryParse(key.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12)
        {
            period = Containing(UsageReportFrequency.Monthly, new DateOnly(year, month, 1));
            return true;
        }
        return false;
    }
}
