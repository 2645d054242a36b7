using GovData.Domain.Supervision;

namespace GovData.Functions.Supervision;

/// <summary>
/// Something a department did that counts in its evaluation, sent by the feature where it happened. Scorecards are kept up
/// to date from these as they arrive (not recomputed from the whole history); <see cref="Id"/> makes a redelivery harmless.
/// </summary>
public sealed record SupervisionEvent
{
    /// <summary>Stable per fact, e.g. <c>share-request:{id}:answered</c>: recording the same fact twice counts it once.</summary>
    public required string Id { get; init; }
    /// <summary>The jurisdiction.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>The department the fact counts for (or against).</summary>
    public required string Department { get; init; }
    /// <summary>One of <see cref="SupervisionEventKinds"/>.</summary>
    public required string Kind { get; init; }
    /// <summary>When it happened (the scorecard period is taken from it, in China time).</summary>
    public required DateTimeOffset At { get; init; }
    /// <summary>The subject, e.g. <c>sharing/requests/{id}</c>.</summary>
    public string? Subject { get; init; }
    /// <summary>Figures and outcomes of the fact; keys per kind are listed on <see cref="SupervisionEventKinds"/>.</summary>
    public Dictionary<string, string> Data { get; init; } = [];
}

/// <summary>The kinds of <see cref="SupervisionEvent"/> and the <see cref="SupervisionEvent.Data"/> keys each carries (the names live in the domain's <see cref="ScorecardFacts"/>).</summary>
public static class SupervisionEventKinds
{
    /// <summary>A catalog entry (or a new version of it) was published. Data: <c>onTime</c> (true/false, where a deadline applied).</summary>
    public const string CatalogEntryPublished = ScorecardFacts.CatalogEntryPublished;
    /// <summary>A department's yearly full catalog review was completed. Data: <c>onTime</c>.</summary>
    public const string CatalogReviewCompleted = ScorecardFacts.CatalogReviewCompleted;
    /// <summary>A data submission was accepted or rejected. Data: <c>accepted</c>, <c>onTime</c>, <c>rows</c>, <c>failedRows</c>.</summary>
    public const string AggregationSubmitted = ScorecardFacts.AggregationSubmitted;
    /// <summary>A share request reached the department that must answer it.</summary>
    public const string ShareRequestReceived = ScorecardFacts.ShareRequestReceived;
    /// <summary>A share request was answered. Data: <c>outcome</c> (Approved/PartlyApproved/Refused), <c>onTime</c>, <c>workingDays</c>.</summary>
    public const string ShareRequestAnswered = ScorecardFacts.ShareRequestAnswered;
    /// <summary>A dispute was decided. Data: <c>outcome</c> (Upheld/Overturned); counts for the provider that refused.</summary>
    public const string DisputeDecided = ScorecardFacts.DisputeDecided;
    /// <summary>A change notice went out to consumers. Data: <c>onTime</c>.</summary>
    public const string ChangeNoticeSent = ScorecardFacts.ChangeNoticeSent;
    /// <summary>Requested data not yet aggregated was made available.</summary>
    public const string ShareDataMadeAvailable = ScorecardFacts.ShareDataMadeAvailable;
    /// <summary>An availability deadline was missed (late aggregation).</summary>
    public const string ShareAvailabilityMissed = ScorecardFacts.ShareAvailabilityMissed;
    /// <summary>An open dataset version was published.</summary>
    public const string OpenDatasetPublished = ScorecardFacts.OpenDatasetPublished;
    /// <summary>A finding was raised (sent by the finding sink).</summary>
    public const string FindingRaised = ScorecardFacts.FindingRaised;
    /// <summary>A finding was closed (remedied, or accepted with a reason).</summary>
    public const string FindingClosed = ScorecardFacts.FindingClosed;
    /// <summary>A closed finding was reopened.</summary>
    public const string FindingReopened = ScorecardFacts.FindingReopened;
}

/// <summary>Where features send <see cref="SupervisionEvent"/>s.</summary>
public interface ISupervisionEvents
{
    /// <summary>Records <paramref name="e"/> at least once; the consumer counts each <see cref="SupervisionEvent.Id"/> once.</summary>
    Task RecordAsync(SupervisionEvent e, CancellationToken ct);
}
