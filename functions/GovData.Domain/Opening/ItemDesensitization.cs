namespace GovData.Domain.Opening;

/// <summary>The strategy for one data item (信息项) of an entry, part of the entry's reviewed open configuration.</summary>
public sealed record ItemDesensitization
{
    /// <summary>The data item's name, exactly as in the catalog entry and the curated file's header.</summary>
    public required string Item { get; init; }
    /// <summary>What happens to the item's values.</summary>
    public required DesensitizationMethod Method { get; init; }
    /// <summary>For <see cref="DesensitizationMethod.Mask"/>: what is kept.</summary>
    public MaskStyle? Mask { get; init; }
    /// <summary>For <see cref="MaskStyle.KeepEnds"/>: letters or digits kept at the start.</summary>
    public int? KeepFirst { get; init; }
    /// <summary>For <see cref="MaskStyle.KeepEnds"/>: letters or digits kept at the end.</summary>
    public int? KeepLast { get; init; }
    /// <summary>For <see cref="DesensitizationMethod.Generalize"/>: how coarse.</summary>
    public Generalization? Generalization { get; init; }
    /// <summary>
    /// The pre-publish scanner skips this column (e.g. a numeric registration number that happens to pass Luhn).
    /// Only for items that are neither personal nor sensitive; the security review sees every such exemption.
    /// </summary>
    public bool ScanAllowed { get; init; }
}
