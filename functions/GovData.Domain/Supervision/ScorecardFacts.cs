namespace GovData.Domain.Supervision;

/// <summary>
/// The kinds of fact a department scorecard counts, and the data keys each carries. Features send them as supervision
/// events (GovData.Functions.Supervision.SupervisionEventKinds uses these same names).
/// </summary>
public static class ScorecardFacts
{
    /// <summary>A catalog entry (or a new version of it) was published. Data: <c>onTime</c> (true/false, where a deadline applied).</summary>
    public const string CatalogEntryPublished = "catalog.entryPublished";
    /// <summary>A department's yearly full catalog review was completed. Data: <c>onTime</c>.</summary>
    public const string CatalogReviewCompleted = "catalog.reviewCompleted";
    /// <summary>A data submission was accepted or rejected. Data: <c>accepted</c>, <c>onTime</c>, <c>rows</c>, <c>failedRows</c>.</summary>
    public const string AggregationSubmitted = "aggregation.submitted";
    /// <summary>A share request reached the department that must answer it.</summary>
    public const string ShareRequestReceived = "sharing.requestReceived";
    /// <summary>A share request was answered. Data: <c>outcome</c> (Approved/PartlyApproved/Refused), <c>onTime</c>, <c>workingDays</c>.</summary>
    public const string ShareRequestAnswered = "sharing.requestAnswered";
    /// <summary>A dispute was decided. Data: <c>outcome</c> (Upheld/Overturned); counts for the provider that refused.</summary>
    public const string DisputeDecided = "sharing.disputeDecided";
    /// <summary>
    /// Requested data not yet aggregated (or asked for through the green channel) was made available on the platform
    /// (002 第二十三条). Data: <c>onTime</c>, <c>workingDays</c>, <c>rule</c>; counts for the provider.
    /// </summary>
    public const string ShareDataMadeAvailable = "sharing.dataMadeAvailable";
    /// <summary>
    /// An availability deadline passed with the data not made available: late aggregation, counted against the provider
    /// (001 第二十三条 效能监督; 002 第二十三条). Data: <c>rule</c>, <c>dueDate</c>.
    /// </summary>
    public const string ShareAvailabilityMissed = "sharing.availabilityMissed";
    /// <summary>A change notice went out to consumers. Data: <c>onTime</c>.</summary>
    public const string ChangeNoticeSent = "sharing.changeNoticeSent";
    /// <summary>An open dataset version was published.</summary>
    public const string OpenDatasetPublished = "opening.datasetPublished";
    /// <summary>A supervision finding was raised against the department.</summary>
    public const string FindingRaised = "supervision.findingRaised";
    /// <summary>A finding was closed (remedied, or accepted with a reason).</summary>
    public const string FindingClosed = "supervision.findingClosed";
    /// <summary>A closed finding was reopened by the DataAuthority.</summary>
    public const string FindingReopened = "supervision.findingReopened";

    /// <summary>Every kind the scorecards count.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        CatalogEntryPublished, CatalogReviewCompleted, AggregationSubmitted, ShareRequestReceived, ShareRequestAnswered,
        DisputeDecided, ShareDataMadeAvailable, ShareAvailabilityMissed, ChangeNoticeSent, OpenDatasetPublished, FindingRaised, FindingClosed, FindingReopened,
    };
}
