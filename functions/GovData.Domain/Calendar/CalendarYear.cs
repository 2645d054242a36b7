namespace GovData.Domain.Calendar;

/// <summary>One year of the official calendar as the State Council announces it: days off and the weekend days declared working days (调休).</summary>
/// <param name="Year">The calendar year the dates belong to.</param>
/// <param name="Source">The notice(s) the dates come from, e.g. 国办发明电〔2025〕7号.</param>
/// <param name="Version">1 for the first load of the year; each correction is the next number, so a decision can name the version it used.</param>
/// <param name="Holidays">Every day of every holiday block (放假), weekends inside a block included.</param>
/// <param name="AdjustedWorkingDays">Saturdays and Sundays declared working days (调休上班).</param>
/// <param name="LoadedAt">When the DataAuthority loaded this version; null for the years built into the code.</param>
public sealed record CalendarYear(
    int Year,
    string Source,
    int Version,
    IReadOnlyList<NamedDate> Holidays,
    IReadOnlyList<NamedDate> AdjustedWorkingDays,
    DateTimeOffset? LoadedAt = null)
{
    /// <summary>This year's part of a calendar stamp, e.g. <c>2026v2</c>.</summary>
    public string Stamp => $"{Year}v{Version}";
}
