namespace GovData.Domain.Calendar;

/// <summary>Extra days off a jurisdiction declares on top of the national calendar (e.g. an ethnic festival under 全国年节及纪念日放假办法 第四条).</summary>
/// <param name="Jurisdiction">The GB/T 2260 division code of the jurisdiction.</param>
/// <param name="Version">1 for the first set; each change is the next number.</param>
/// <param name="Source">The local notice(s) the days come from.</param>
/// <param name="Days">The days off; they only take effect in years whose national calendar is loaded.</param>
public sealed record LocalDaysOff(string Jurisdiction, int Version, string Source, IReadOnlyList<NamedDate> Days)
{
    /// <summary>This set's part of a calendar stamp, e.g. <c>450000v1</c>.</summary>
    public string Stamp => $"{Jurisdiction}v{Version}";
}
