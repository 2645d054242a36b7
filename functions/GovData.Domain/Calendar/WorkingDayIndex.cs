namespace GovData.Domain.Calendar;

/// <summary>The precomputed arithmetic behind <see cref="WorkingDayCalendar"/>: working-day ordinals for the loaded years, Monday to Friday after them, all O(1).</summary>
/// <remarks>
/// Days are <see cref="DateOnly.DayNumber"/>s. Ordinal k is the k-th working day (0-based) counted from the first loaded day.
/// Inside the loaded years a prefix count maps a day to its ordinal and an array maps an ordinal back to its day;
/// after them the same two maps are closed-form over Monday to Friday, so the provisional tail costs nothing
/// to build and has no end.
/// </remarks>
internal sealed class WorkingDayIndex
{
    private readonly int firstDay;
    private readonly int endDay;
    private readonly int[] workingBefore;
    private readonly int[] dayOfOrdinal;
    private readonly long weekdaysBeforeEnd;

    /// <summary>Builds the index; <paramref name="working"/>[i] says whether day <paramref name="firstDay"/> + i is a working day.</summary>
    public WorkingDayIndex(int firstDay, bool[] working)
    {
        this.firstDay = firstDay;
        endDay = firstDay + working.Length;
        workingBefore = new int[working.Length + 1];
        var ordinals = new List<int>(working.Length);
        for (var i = 0; i < working.Length; i++)
        {
            workingBefore[i + 1] = workingBefore[i] + (working[i] ? 1 : 0);
            if (working[i]) ordinals.Add(firstDay + i);
        }
        dayOfOrdinal = [.. ordinals];
        weekdaysBeforeEnd = WeekdaysBefore(endDay);
    }

    /// <summary>The first loaded day.</summary>
    public int FirstDay => firstDay;

    /// <summary>The day after the last loaded day.</summary>
    public int EndDay => endDay;

    /// <summary>Whether the day is a working day; Monday to Friday after the loaded years. Requires day &gt;= FirstDay.</summary>
    public bool IsWorking(int day)
    {
        var i = day - firstDay;
        return day < endDay ? workingBefore[i + 1] != workingBefore[i] : IsWeekday(day);
    }

    /// <summary>How many working days lie in [FirstDay, day). Requires day &gt;= FirstDay.</summary>
    public long WorkingBefore(int day) =>
        day <= endDay ? workingBefore[day - firstDay] : dayOfOrdinal.Length + WeekdaysBefore(day) - weekdaysBeforeEnd;

    /// <summary>The day of the working day with that ordinal; throws when it would be past <see cref="DateOnly.MaxValue"/>.</summary>
    public int DayOf(long ordinal)
    {
        if (ordinal < dayOfOrdinal.Length) return dayOfOrdinal[ordinal];
        var weekdayOrdinal = weekdaysBeforeEnd + (ordinal - dayOfOrdinal.Length);
        var day = weekdayOrdinal / 5 * 7 + weekdayOrdinal % 5;
        if (day > DateOnly.MaxValue.DayNumber)
            throw new ArgumentOutOfRangeException(nameof(ordinal), "The result would be after 9999-12-31.");
        return (int)day;
    }

    // DayNumber 0 (0001-01-01, proleptic Gregorian) is a Monday, so DayNumber % 7 is 0..4 on Monday..Friday.
    private static bool IsWeekday(int day) => day % 7 < 5;

    private static long WeekdaysBefore(int day) => (long)(day / 7) * 5 + Math.Min(day % 7, 5);
}
