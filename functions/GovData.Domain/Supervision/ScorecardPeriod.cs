using System.Globalization;
using GovData.Domain.Calendar;

namespace GovData.Domain.Supervision;

/// <summary>The length of a scorecard period.</summary>
public enum PeriodKind
{
    /// <summary>A calendar month, key <c>2026-11</c>.</summary>
    Month,
    /// <summary>A calendar quarter, key <c>2026-Q4</c>.</summary>
    Quarter,
    /// <summary>A calendar year, key <c>2026</c>.</summary>
    Year,
}

/// <summary>A month, quarter or year in China time; scorecards count facts by the period their moment falls in.</summary>
public sealed record ScorecardPeriod(PeriodKind Kind, int Year, int Number)
{
    /// <summary>The earliest and latest years a period may name (a typo like 20266 is refused, not stored).</summary>
    public const int MinYear = 2000, MaxYear = 2100;

    /// <summary>The key used in URLs and documents: <c>2026</c>, <c>2026-Q4</c> or <c>2026-11</c>.</summary>
    public string Key => Kind switch
    {
        PeriodKind.Year => Year.ToString(CultureInfo.InvariantCulture),
        PeriodKind.Quarter => $"{Year}-Q{Number}",
        _ => $"{Year}-{Number:D2}",
    };

    /// <summary>The name people read: <c>2026年度</c>, <c>2026年第4季度</c> or <c>2026年11月</c>.</summary>
    public string ChineseName => Kind switch
    {
        PeriodKind.Year => $"{Year}年度",
        PeriodKind.Quarter => $"{Year}年第{Number}季度",
        _ => $"{Year}年{Number}月",
    };

    /// <summary>The first day of the period.</summary>
    public DateOnly FirstDay => Kind switch
    {
        PeriodKind.Year => new DateOnly(Year, 1, 1),
        PeriodKind.Quarter => new DateOnly(Year, (Number - 1) * 3 + 1, 1),
        _ => new DateOnly(Year, Number, 1),
    };

    /// <summary>The first day after the period.</summary>
    public DateOnly NextFirstDay => Kind switch
    {
        PeriodKind.Year => FirstDay.AddYears(1),
        PeriodKind.Quarter => FirstDay.AddMonths(3),
        _ => FirstDay.AddMonths(1),
    };

    /// <summary>The period of this kind that contains the date.</summary>
    public static ScorecardPeriod Containing(PeriodKind kind, DateOnly date) => kind switch
    {
        PeriodKind.Year => new ScorecardPeriod(kind, date.Year, 1),
        PeriodKind.Quarter => new ScorecardPeriod(kind, date.Year, (date.Month - 1) / 3 + 1),
        _ => new ScorecardPeriod(kind, date.Year, date.Month),
    };

    /// <summary>The year, quarter and month the instant falls in, in China time (a fact at 23:30 UTC on 31 Dec counts for the next year).</summary>
    public static IReadOnlyList<ScorecardPeriod> Of(DateTimeOffset at)
    {
        var date = ChinaTime.DateOf(at);
        return [Containing(PeriodKind.Year, date), Containing(PeriodKind.Quarter, date), Containing(PeriodKind.Month, date)];
    }

    /// <summary>The months the period is made of (1, 3 or 12): quarter and year counters are the sums of their months.</summary>
    public IReadOnlyList<ScorecardPeriod> Months => Kind switch
    {
        PeriodKind.Month => [this],
        _ => Enumerable.Range(FirstDay.Month, Kind == PeriodKind.Quarter ? 3 : 12).Select(m => new ScorecardPeriod(PeriodKind.Month, Year, m)).ToList(),
    };

    /// <summary>The last month of the period.</summary>
    public ScorecardPeriod LastMonth => Months[^1];

    /// <summary>The period of the same kind just before this one.</summary>
    public ScorecardPeriod Previous => Kind switch
    {
        PeriodKind.Year => new ScorecardPeriod(Kind, Year - 1, 1),
        PeriodKind.Quarter => Number == 1 ? new ScorecardPeriod(Kind, Year - 1, 4) : new ScorecardPeriod(Kind, Year, Number - 1),
        _ => Number == 1 ? new ScorecardPeriod(Kind, Year - 1, 12) : new ScorecardPeriod(Kind, Year, Number - 1),
    };

    /// <summary>Parses a key, or explains what is wrong with it.</summary>
    public static ScorecardPeriod? TryParse(string? key, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(key) || key.Length > 7)
        {
            error = "must be a year (2026), a quarter (2026-Q4) or a month (2026-11)";
            return null;
        }
        if (!int.TryParse(key.AsSpan(0, Math.Min(4, key.Length)), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || key.Length < 4)
        {
            error = "must start with a four-digit year";
            return null;
        }
        if (year is < MinYear or > MaxYear)
        {
            error = $"the year must be between {MinYear} and {MaxYear}";
            return null;
        }
        var rest = key[4..];
        if (rest.Length == 0) return new ScorecardPeriod(PeriodKind.Year, year, 1);
        if (rest.Length == 3 && rest[0] == '-' && rest[1] == 'Q' && rest[2] is >= '1' and <= '4')
            return new ScorecardPeriod(PeriodKind.Quarter, year, rest[2] - '0');
        if (rest.Length == 3 && rest[0] == '-' && int.TryParse(rest.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12)
            return new ScorecardPeriod(PeriodKind.Month, year, month);
        error = "must be a year (2026), a quarter (2026-Q1 to 2026-Q4) or a month (2026-01 to 2026-12)";
        return null;
    }

    /// <inheritdoc />
    public override string ToString() => Key;
}
