using GovData.Domain.Calendar;

namespace GovData.Functions.Calendar;

/// <summary>Body of a local days-off declaration.</summary>
public sealed record LocalDaysOffRequest
{
    /// <summary>1 for the first set, then current + 1.</summary>
    public required int Version { get; init; }
    /// <summary>The local notice the days come from.</summary>
    public required string Source { get; init; }
    /// <summary>The days off with their names.</summary>
    public required IReadOnlyList<NamedDate> Days { get; init; }
}
