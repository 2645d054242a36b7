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

/// <summary>The kinds of <see cref="SupervisionEvent"/> and the <see cref="SupervisionEvent.Data"/> keys each carries.</summary>
public static class SupervisionEventKinds
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
    /// <summary>A change notice went out to consumers. Data: <c>onTime</c>.</summary>
    public const string ChangeNoticeSent = "sharing.changeNoticeSent";
    /// <summary>An open dataset version was published.</summary>
    public const string OpenDatasetPublished = "opening.datasetPublished";
}

/// <summary>Where features send <see cref="SupervisionEvent"/>s.</summary>
public interface ISupervisionEvents
{
    /// <summary>Records <paramref name="e"/> at least once; the consumer counts each <see cref="SupervisionEvent.Id"/> once.</summary>
    Task RecordAsync(SupervisionEvent e, CancellationToken ct);
}
