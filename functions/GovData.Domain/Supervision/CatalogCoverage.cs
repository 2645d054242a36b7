namespace GovData.Domain.Supervision;

/// <summary>
/// How much of what a department should catalogue it has catalogued (001 第九条, 004 第八条: every department catalogues
/// the data it holds under its statutory duties; 001 第二十三条(三): an incomplete catalogue is a violation). The
/// denominator is the baseline the DataAuthority recorded for the department and year from its duties list
/// (职责/权责清单); without one the coverage is unknown, never 0 or 100 %.
/// </summary>
public sealed record CatalogCoverage(int Catalogued, int? Baseline, string? BaselineSource)
{
    /// <summary>Catalogued / baseline, at most 1 (more entries than the baseline means the baseline is out of date, not more than full coverage); null when unknown.</summary>
    public double? Rate => Baseline is > 0 ? Math.Min(1.0, (double)Catalogued / Baseline.Value) : null;

    /// <summary>True when a baseline exists, so the rate means something.</summary>
    public bool Known => Rate is not null;
}
