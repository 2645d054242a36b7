namespace GovData.Domain.Catalog;

/// <summary>
/// What a department writes about one data resource (002 第九条; 000 第十一条): everything of a catalog entry that a
/// DataSteward may edit. Owner, state, version and timestamps are not here, so a request body cannot set them.
/// </summary>
public sealed record CatalogContent
{
    /// <summary>资源名称.</summary>
    public required string Name { get; init; }
    /// <summary>资源代码, unique in the jurisdiction; fixed once the entry is published.</summary>
    public required string Code { get; init; }
    /// <summary>资源摘要.</summary>
    public required string Summary { get; init; }
    /// <summary>信息项.</summary>
    public required IReadOnlyList<DataItem> DataItems { get; init; }
    /// <summary>资源格式, e.g. 数据库, 电子表格, XML.</summary>
    public string? Format { get; init; }
    /// <summary>共享类型.</summary>
    public required SharingType SharingType { get; init; }
    /// <summary>共享条件: required for <see cref="Catalog.SharingType.Conditional"/>.</summary>
    public string? SharingConditions { get; init; }
    /// <summary>The cited legal basis (法律依据) for Conditional or NotShared.</summary>
    public string? LegalBasis { get; init; }
    /// <summary>共享方式.</summary>
    public required IReadOnlyList<SharingMethod> SharingMethods { get; init; }
    /// <summary>开放类型.</summary>
    public required OpenType OpenType { get; init; }
    /// <summary>开放条件: required for <see cref="Catalog.OpenType.OnApplication"/>.</summary>
    public string? OpenConditions { get; init; }
    /// <summary>更新周期.</summary>
    public required UpdateCycle UpdateCycle { get; init; }
    /// <summary>安全级别.</summary>
    public DataSecurityLevel SecurityLevel { get; init; } = DataSecurityLevel.General;
    /// <summary>使用要求.</summary>
    public string? UsageRequirements { get; init; }
    /// <summary>Codes of related entries (关联资源).</summary>
    public IReadOnlyList<string> RelatedEntries { get; init; } = [];
}
