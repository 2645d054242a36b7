namespace GovData.Domain.Calendar;

/// <summary>The precomputed arithmetic behind <see cref="WorkingDayCalendar"/>: working-day ordinals over a fixed span of days, all O(1).</summary>
/// <remarks>
/// Days are <see cref="DateOnly.DayNumber"/>s. Ordinal k is the k-th working day (0-based) counted from the first day.
/// A prefix count maps a day to its ordinal and an array maps an ordinal back to its day. The span covers the loaded
/// years and, after them, the provisional years (statutory holidays computed by rule, see <see cref="StatutoryHolidays"/>);
/// the calendar decides which part a day is in.
/// </remarks>
internal sealed class WorkingDayIndex
{
    private readonly int firstDay;
    private readonly int endDay;
    private readonly int[] workingBefore;
    private readonly int[] dayOfOrdinal;

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
    }

    /// <summary>The first day of the span.</summary>
    public int FirstDay => firstDay;

    /// <summary>The day after the last day of the span.</summary>
    public int EndDay => endDay;

    /// <summary>How many working days the span holds.</summary>
    public int WorkingDayCount => dayOfOrdinal.Length;

    /// <summary>Whether the day is a working day. Requires FirstDay &lt;= day &lt; EndDay.</summary>
    public bool IsWorking(int day)
    {
        var i = day - firstDay;
        return workingBefore[i + 1] != workingBefore[i];
    }

    /// <summary>How many working days lie in [FirstDay, day). Requires FirstDay &lt;= day &lt;= EndDay.</summary>
    public long WorkingBefore(int day) => workingBefore[day - firstDay];

    /// <summary>The day of the working day with that ordinal. Requires ordinal &lt; <see cref="WorkingDayCount"/>.</summary>
    public int DayOf(long ordinal) => dayOfOrdinal[ordinal];
}
