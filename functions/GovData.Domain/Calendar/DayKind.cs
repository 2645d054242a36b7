namespace GovData.Domain.Calendar;

/// <summary>Why a day is or is not a working day.</summary>
public enum DayKind
{
    /// <summary>Monday to Friday with nothing declared: a working day.</summary>
    Weekday,
    /// <summary>Saturday or Sunday with nothing declared: not a working day.</summary>
    Weekend,
    /// <summary>Part of a national holiday block: not a working day.</summary>
    Holiday,
    /// <summary>A weekend day declared a working day (调休): a working day.</summary>
    AdjustedWorkingDay,
    /// <summary>A day off declared by the jurisdiction: not a working day.</summary>
    LocalDayOff,
}
