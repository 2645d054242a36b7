using GovData.Domain.Catalog;

namespace GovData.Domain.RuleSets;

/// <summary>Who decides a request.</summary>
public enum DecisionRoute
{
    /// <summary>The department that provides the data (资源提供方 / 数据提供单位) (001 第十四条, 002 第二十一条, 003 第八条).</summary>
    ProviderDepartment,
    /// <summary>The DataAuthority alone (数据管理机构) (000 第二十五条 第三十三条).</summary>
    DataAuthority,
    /// <summary>The DataAuthority together with the producing department (市大数据局…会同相关数据生产应用单位) (004 第十二条).</summary>
    DataAuthorityWithProvider,
    /// <summary>The provider first, then the DataAuthority; no loaded text uses it, a DataAuthority may choose it by amendment.</summary>
    ProviderThenDataAuthority,
}

/// <summary>Who reviews a submitted catalog entry before it is published.</summary>
public enum CatalogReviewRoute
{
    /// <summary>The department's own reviewer checks each entry and publishes (001 第十条).</summary>
    DepartmentOnly,
    /// <summary>The department's reviewer, then the DataAuthority (002 第十条, 003 第六条).</summary>
    DepartmentThenDataAuthority,
}

/// <summary>Who settles a requester's dispute of a refusal.</summary>
public enum DisputeRoute
{
    /// <summary>The leading group's office studies it with the departments concerned and concludes; the leading group decides if needed (001 第十四条, 003 第八条).</summary>
    CoordinationOfficeThenLeadingGroup,
    /// <summary>The sharing coordination mechanism the DataAuthority runs (002 第二十三条).</summary>
    DataAuthorityCoordination,
    /// <summary>The coordination mechanism of the people's government (000 第四条).</summary>
    GovernmentCoordination,
}

/// <summary>Where a consumer reports an error found in shared data (数据纠错).</summary>
public enum ErrorFeedbackRoute
{
    /// <summary>Straight to the providing department, which verifies, corrects and answers (002 第十八条, 004 第十四条).</summary>
    ToProvider,
    /// <summary>Through the coordination office, which brings in the provider (003 第九条).</summary>
    ThroughCoordinationOffice,
}

/// <summary>How a requesting department gets data of a sharing category.</summary>
public enum SharingAccess
{
    /// <summary>Directly from the platform; access is still recorded.</summary>
    Direct,
    /// <summary>Directly, once a filing (备案) has been made and access opened (003 第八条).</summary>
    DirectAfterFiling,
    /// <summary>Only through a request that someone decides.</summary>
    OnRequest,
    /// <summary>Not at all: the category is not shared (or does not exist in this jurisdiction).</summary>
    None,
}

/// <summary>What the platform does once a rule set's validity period has ended and no successor is loaded.</summary>
public enum ExpiryPolicy
{
    /// <summary>The last rules keep applying, every decision is flagged as governed by an expired rule set, and the DataAuthority must load a successor.</summary>
    ContinueFlagged,
    /// <summary>Decisions that rely on the rule set are refused until the DataAuthority loads a successor.</summary>
    SuspendDecisions,
}

/// <summary>Who applies for on-application open data (000 第三十二条, 004 第十七条).</summary>
public enum ApplicantType
{
    /// <summary>A domestic-controlled legal-person enterprise (内资控股法人企业).</summary>
    DomesticEnterprise,
    /// <summary>A university (高校).</summary>
    University,
    /// <summary>A research institute (科研院所).</summary>
    ResearchInstitute,
    /// <summary>Any other citizen, legal person or organisation (公民、法人和其他组织) (002 第二十八条).</summary>
    Other,
}

/// <summary>A jurisdiction's name and meaning for one <see cref="SharingType"/>, and how data of that type is reached.</summary>
/// <param name="LocalName">The term the regulation uses, e.g. 普遍共享; null when the jurisdiction has no such category.</param>
/// <param name="Meaning">What the regulation says the category holds.</param>
/// <param name="Access">How a department reaches data of this category.</param>
public sealed record SharingCategory(string? LocalName, string Meaning, SharingAccess Access)
{
    /// <inheritdoc />
    public override string ToString() => $"{LocalName ?? "(no such category)"}: {Access}";
}

/// <summary>A jurisdiction's name and meaning for one <see cref="OpenType"/>, and whether it offers it.</summary>
/// <param name="LocalName">The term the regulation uses, e.g. 普遍开放类; null when the text has no term for it.</param>
/// <param name="Meaning">What the regulation says the category holds.</param>
/// <param name="Offered">Whether data may be catalogued under this open type in the jurisdiction.</param>
public sealed record OpenCategory(string? LocalName, string Meaning, bool Offered)
{
    /// <inheritdoc />
    public override string ToString() => $"{LocalName ?? "(no local term)"}: {(Offered ? "offered" : "not offered")}";
}

/// <summary>An immutable set of applicant types with value equality, so rules holding one compare by content.</summary>
public sealed class ApplicantTypeSet : IEquatable<ApplicantTypeSet>
{
    /// <summary>Creates the set; duplicates are dropped and the order is fixed.</summary>
    public ApplicantTypeSet(IEnumerable<ApplicantType> types) => Items = types.Distinct().Order().ToArray();

    /// <summary>Nobody may apply.</summary>
    public static ApplicantTypeSet None { get; } = new([]);

    /// <summary>The types, in enum order.</summary>
    public IReadOnlyList<ApplicantType> Items { get; }

    /// <summary>Whether <paramref name="type"/> may apply.</summary>
    public bool Contains(ApplicantType type) => Items.Contains(type);

    /// <inheritdoc />
    public bool Equals(ApplicantTypeSet? other) => other is not null && Items.SequenceEqual(other.Items);
    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ApplicantTypeSet);
    /// <inheritdoc />
    public override int GetHashCode() => Items.Aggregate(17, (h, t) => h * 31 + (int)t);
    /// <inheritdoc />
    public override string ToString() => Items.Count == 0 ? "none" : string.Join(", ", Items);
}
