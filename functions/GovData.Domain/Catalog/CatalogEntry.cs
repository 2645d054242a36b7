using System.Text.Json.Serialization;
using GovData.Domain.RuleSets;

namespace GovData.Domain.Catalog;

/// <summary>Where a catalog entry (or one of its versions) is in its life (001 第十条, 003 第六条).</summary>
public enum CatalogEntryState
{
    /// <summary>Being compiled by the department; only the department sees it.</summary>
    Draft,
    /// <summary>Waiting for the department's CatalogReviewer.</summary>
    Submitted,
    /// <summary>Approved by the department; waiting for the DataAuthority (route DepartmentThenDataAuthority).</summary>
    DepartmentApproved,
    /// <summary>Sent back with reasons; the DataSteward revises and resubmits.</summary>
    Returned,
    /// <summary>In the catalog; changes only through a new version.</summary>
    Published,
    /// <summary>Withdrawn from the catalog after an approved retirement request; kept, never deleted.</summary>
    Retired,
}

/// <summary>One version of an entry: its content and how far its review went.</summary>
public sealed record CatalogVersion
{
    /// <summary>1 for the first version, n+1 for each revision of a published entry.</summary>
    public required int Number { get; init; }
    /// <summary>What the version says.</summary>
    public required CatalogContent Content { get; init; }
    /// <summary>Draft, Submitted, DepartmentApproved, Returned or Published.</summary>
    public required CatalogEntryState State { get; init; }
    /// <summary>Why this version was opened (for revisions).</summary>
    public string? ChangeReason { get; init; }
    /// <summary>The review route fixed when the version was submitted, from the jurisdiction's rule set.</summary>
    public CatalogReviewRoute? Route { get; init; }
    /// <summary>The rule the route came from, as cited.</summary>
    public string? RouteRule { get; init; }
    /// <summary>Every review decision on this version, oldest first.</summary>
    public IReadOnlyList<ReviewDecision> Reviews { get; init; } = [];
    /// <summary>Who opened it.</summary>
    public required string CreatedBy { get; init; }
    /// <summary>When it was opened.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it was last submitted.</summary>
    public DateTimeOffset? SubmittedAt { get; init; }
    /// <summary>When it was published.</summary>
    public DateTimeOffset? PublishedAt { get; init; }
    /// <summary>When a later version replaced it.</summary>
    public DateTimeOffset? SupersededAt { get; init; }
}

/// <summary>Which review a decision belongs to.</summary>
public enum ReviewStage
{
    /// <summary>The department's CatalogReviewer.</summary>
    Department,
    /// <summary>The jurisdiction's DataAuthority.</summary>
    DataAuthority,
}

/// <summary>One reviewer's decision on one version: approve, or return with reasons.</summary>
public sealed record ReviewDecision(int Version, ReviewStage Stage, bool Approved, IReadOnlyList<string> Reasons, string By, string ByDepartment, DateTimeOffset At);

/// <summary>One thing that happened to an entry, for its history.</summary>
public sealed record CatalogEvent(DateTimeOffset At, string By, string Action, int Version, string? Note = null);

/// <summary>Where a retirement request stands.</summary>
public enum RetirementState
{
    /// <summary>Waiting for approval.</summary>
    Requested,
    /// <summary>Approved: the entry is retired.</summary>
    Approved,
    /// <summary>Refused: the entry stays published.</summary>
    Rejected,
}

/// <summary>A request to take a published entry out of the catalog; it needs approval and deletes nothing.</summary>
public sealed record RetirementRequest(string Reason, string RequestedBy, DateTimeOffset RequestedAt, RetirementState State,
    string? DecidedBy = null, DateTimeOffset? DecidedAt = null, string? DecisionNote = null);

/// <summary>
/// A temporary raise of a Conditional or NotShared entry to a more open sharing type during a declared public emergency
/// (002 第二十条). It is never "switched back" by a job: the effective type is computed from the stored period, so it
/// falls back at <see cref="Until"/> exactly, whatever runs or fails.
/// </summary>
public sealed record EmergencyReclassification(SharingType From, SharingType RaisedTo, DateTimeOffset Until, string Reason,
    string? Conditions, string DeclaredBy, DateTimeOffset DeclaredAt, DateTimeOffset? EndedAt = null, string? EndedBy = null, string? EndReason = null)
{
    /// <summary>True while the period runs: before <see cref="Until"/> and before the DataAuthority ended it early.</summary>
    public bool IsActiveAt(DateTimeOffset now) => now < Until && (EndedAt is not { } ended || now < ended);
}

/// <summary>A change the department declared (the resource, its sharing, or the law changed); the update deadline runs from it.</summary>
/// <remarks><see cref="DueDateProvisional"/>: the due date lies in a year whose holiday arrangement is not loaded yet (docs/calendar.md).</remarks>
public sealed record DeclaredChange(string Kind, string Reason, string DeclaredBy, DateTimeOffset DeclaredAt, string TimerId, DateOnly DueDate, DateTimeOffset DueAt, string Rule,
    bool DueDateProvisional = false);

/// <summary>
/// A data resource catalog entry (资源目录条目) with every version it went through. <see cref="Published"/> is the
/// version in force; <see cref="Working"/> is the draft or in-review version (the first one, or version n+1 of a
/// published entry). Nothing is ever deleted: superseded versions stay in <see cref="PastVersions"/>.
/// </summary>
public sealed record CatalogEntry
{
    /// <summary>Stable id.</summary>
    public required string Id { get; init; }
    /// <summary>The jurisdiction whose catalog it belongs to.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>The provider department (unified social credit code).</summary>
    public required string Department { get; init; }
    /// <summary>When the entry was first created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The version in force, if any was published.</summary>
    public CatalogVersion? Published { get; init; }
    /// <summary>The version being compiled or reviewed, if any.</summary>
    public CatalogVersion? Working { get; init; }
    /// <summary>Published versions that a later version replaced, oldest first.</summary>
    public IReadOnlyList<CatalogVersion> PastVersions { get; init; } = [];
    /// <summary>The latest retirement request.</summary>
    public RetirementRequest? Retirement { get; init; }
    /// <summary>True once retirement was approved.</summary>
    public bool Retired { get; init; }
    /// <summary>The latest emergency reclassification.</summary>
    public EmergencyReclassification? Emergency { get; init; }
    /// <summary>The change declared and not yet followed by a published version.</summary>
    public DeclaredChange? PendingChange { get; init; }
    /// <summary>Everything that happened, oldest first.</summary>
    public IReadOnlyList<CatalogEvent> Events { get; init; } = [];

    /// <summary>The entry's state: Retired, Published (even while a revision is under way), or the first version's state.</summary>
    [JsonIgnore]
    public CatalogEntryState State => Retired ? CatalogEntryState.Retired : Published is not null ? CatalogEntryState.Published : Working!.State;

    /// <summary>The entry's code (fixed once published).</summary>
    [JsonIgnore]
    public string Code => (Published ?? Working)!.Content.Code;

    /// <summary>The latest version number.</summary>
    [JsonIgnore]
    public int LatestVersion => Working?.Number ?? Published?.Number ?? 0;

    /// <summary>Every version the entry has had, oldest first (past, in force, working).</summary>
    [JsonIgnore]
    public IEnumerable<CatalogVersion> AllVersions =>
        PastVersions.Concat(Published is null ? [] : [Published]).Concat(Working is null ? [] : [Working]);

    /// <summary>The sharing type in effect at <paramref name="now"/>: the published one, or an active emergency raise.</summary>
    public SharingType? EffectiveSharingTypeAt(DateTimeOffset now)
    {
        if (Published is null) return null;
        var type = Published.Content.SharingType;
        return Emergency is { } e && e.IsActiveAt(now) && SharingTypes.IsMoreOpen(e.RaisedTo, type) ? e.RaisedTo : type;
    }

    /// <summary>True when the published entry is in the searchable catalog (published and not retired).</summary>
    [JsonIgnore]
    public bool IsListed => Published is not null && !Retired;
}

/// <summary>Ordering of sharing types by openness.</summary>
public static class SharingTypes
{
    /// <summary>0 for Unconditional, 1 Conditional, 2 NotShared.</summary>
    public static int Restriction(SharingType type) => type switch
    {
        SharingType.Unconditional => 0,
        SharingType.Conditional => 1,
        _ => 2,
    };

    /// <summary>True when <paramref name="a"/> is more open than <paramref name="b"/>.</summary>
    public static bool IsMoreOpen(SharingType a, SharingType b) => Restriction(a) < Restriction(b);
}
