namespace GovData.Domain.Calendar;

/// <summary>Thrown when a date falls outside the years the calendar has, where the caller asked for an exact answer, or outside the years it can compute at all.</summary>
public sealed class CalendarNotLoadedException : Exception
{
    /// <summary>Creates the exception for <paramref name="date"/> and the loaded range.</summary>
    public CalendarNotLoadedException(DateOnly date, int firstLoadedYear, int lastLoadedYear)
        : this(date, firstLoadedYear, lastLoadedYear, int.MaxValue)
    {
    }

    /// <summary>Creates the exception for <paramref name="date"/>, the loaded range and the last year computed provisionally.</summary>
    public CalendarNotLoadedException(DateOnly date, int firstLoadedYear, int lastLoadedYear, int lastComputedYear)
        : base(date.Year < firstLoadedYear
            ? $"No working-day calendar is loaded for {date:yyyy-MM-dd}: the first loaded year is {firstLoadedYear}."
            : date.Year > lastComputedYear
                ? $"{date:yyyy-MM-dd} is beyond the years the working-day calendar computes (loaded through {lastLoadedYear}, provisionally through {lastComputedYear})."
                : $"The working-day calendar for {date.Year} is not loaded yet (last loaded year {lastLoadedYear}), so {date:yyyy-MM-dd} has no official answer; use the provisional methods, which exclude the statutory holidays fixed by rule and say so.")
    {
        Date = date;
        FirstLoadedYear = firstLoadedYear;
        LastLoadedYear = lastLoadedYear;
        LastComputedYear = lastComputedYear;
    }

    /// <summary>The date that could not be answered.</summary>
    public DateOnly Date { get; }

    /// <summary>The first year the calendar holds.</summary>
    public int FirstLoadedYear { get; }

    /// <summary>The last year the calendar holds.</summary>
    public int LastLoadedYear { get; }

    /// <summary>The last year the calendar computes provisionally.</summary>
    public int LastComputedYear { get; }

    /// <summary>True when the date is before the first loaded year (never computable), false when after the last (computable provisionally within <see cref="LastComputedYear"/>).</summary>
    public bool IsBeforeFirstYear => Date.Year < FirstLoadedYear;
}
