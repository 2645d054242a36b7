using System.Text.Json.Serialization;
using GovData.Domain.Aggregation;

namespace GovData.Functions.Aggregation;

/// <summary>Progress of a running submission as the status URL shows it.</summary>
public sealed record SubmissionProgressView(long RowsDone, long BytesRead, long? TotalBytes, long? EstimatedTotalRows, DateTimeOffset At);

/// <summary>
/// One submission (upload, direct post or pushed batch) in the <c>aggregation</c> container: what was sent, by whom,
/// where it is, and its outcome. Every change is a replace under the ETag.
/// </summary>
public sealed record SubmissionDocument
{
    /// <summary>The submission id (also part of the incoming blob name).</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = AggregationStore.SubmissionType;
    /// <summary>The catalog entry.</summary>
    public required string EntryId { get; init; }
    /// <summary>The entry's code.</summary>
    public required string EntryCode { get; init; }
    /// <summary>The published catalog version whose data items the file is checked against.</summary>
    public required int CatalogVersion { get; init; }
    /// <summary>The submitting (and owning) department.</summary>
    public required string Department { get; init; }
    /// <summary>The user who asked for the link or posted the data.</summary>
    public required string SubmittedBy { get; init; }
    /// <summary>When the submission was opened.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Upload link, direct post or batch.</summary>
    public required SubmissionChannel Channel { get; init; }
    /// <summary>The declared format.</summary>
    public required SubmissionFormat Format { get; init; }
    /// <summary>The declared encoding (CSV).</summary>
    public SubmissionEncoding Encoding { get; init; }
    /// <summary>The department's own file name, for its records only (never part of a blob name).</summary>
    public string? FileName { get; init; }
    /// <summary>The raw file in the <c>incoming</c> container (kept for inspection).</summary>
    public required string SourceBlob { get; init; }
    /// <summary>The batch id of a pushed batch.</summary>
    public string? BatchId { get; init; }
    /// <summary>SHA-256 of a pushed batch's body: the same id with another body is a conflict.</summary>
    public string? BodySha256 { get; init; }
    /// <summary>The state.</summary>
    public SubmissionState State { get; init; } = SubmissionState.AwaitingUpload;
    /// <summary>Processing attempts so far.</summary>
    public int Attempts { get; init; }
    /// <summary>The error of the last failed attempt.</summary>
    public string? LastError { get; init; }
    /// <summary>Why processing gave up after the set attempts (state Failed).</summary>
    public string? FailureReason { get; init; }
    /// <summary>While processing: until when this attempt holds the submission (another delivery leaves it alone).</summary>
    public DateTimeOffset? LeaseUntil { get; init; }
    /// <summary>Rows done and the estimated total, updated while processing.</summary>
    public SubmissionProgressView? Progress { get; init; }
    /// <summary>When processing started.</summary>
    public DateTimeOffset? ProcessingStartedAt { get; init; }
    /// <summary>When the outcome was recorded.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
    /// <summary>SHA-256 of the raw file (lineage).</summary>
    public string? SourceSha256 { get; init; }
    /// <summary>Bytes of the raw file read.</summary>
    public long? SourceBytes { get; init; }
    /// <summary>The encoding the file was read in.</summary>
    public string? DetectedEncoding { get; init; }
    /// <summary>Data rows read.</summary>
    public long? RowsRead { get; init; }
    /// <summary>Rows that passed (the version's rows).</summary>
    public long? RowsAccepted { get; init; }
    /// <summary>Rows that failed a rule.</summary>
    public long? RowsRejected { get; init; }
    /// <summary>The quality decision.</summary>
    public QualityDecision? Decision { get; init; }
    /// <summary>Why the file could not be read at all.</summary>
    public InputRejection? Rejection { get; init; }
    /// <summary>The quality report blob (container/name).</summary>
    public string? ReportBlob { get; init; }
    /// <summary>The curated version this submission became.</summary>
    public int? Version { get; init; }
    /// <summary>Whether it arrived before the entry's next submission was due.</summary>
    public bool? OnTime { get; init; }
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>Whether a version's blobs are all written.</summary>
public enum VersionState
{
    /// <summary>The number is taken and the blobs are being written (a retry finishes them).</summary>
    Writing,
    /// <summary>data.csv, lineage.json and quality-report.json are in place.</summary>
    Available,
    /// <summary>
    /// Withdrawn by an approved removal request (000 第四十一条): listed with who, when and why, no longer current;
    /// its curated blobs stay in place, unchanged.
    /// </summary>
    Removed,
}

/// <summary>Who removed a version, when, why, and who approved it.</summary>
public sealed record VersionRemovalRecord(string RequestId, string RequestedBy, DateTimeOffset RequestedAt, string Reason,
    string ApprovedBy, DateTimeOffset RemovedAt, string ApprovalReason);

/// <summary>
/// One curated version of an entry's data. Created with CreateItem, so a version number is taken once; never replaced
/// except to mark it available or, by an approved removal request, removed; never deleted (000 第四十一条).
/// </summary>
public sealed record VersionDocument
{
    /// <summary><c>aggregation-version:{entryId}:{version:D6}</c>.</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = AggregationStore.VersionType;
    /// <summary>The catalog entry.</summary>
    public required string EntryId { get; init; }
    /// <summary>1, 2, 3, ...</summary>
    public required int Version { get; init; }
    /// <summary>The owning department.</summary>
    public required string Department { get; init; }
    /// <summary>The submission it came from.</summary>
    public required string SubmissionId { get; init; }
    /// <summary>The acceptance time (also in the blob metadata).</summary>
    public required DateTimeOffset AcceptedAt { get; init; }
    /// <summary>Writing or available.</summary>
    public VersionState State { get; init; } = VersionState.Writing;
    /// <summary>The raw upload (container/name).</summary>
    public required string SourceBlob { get; init; }
    /// <summary>SHA-256 of the raw upload.</summary>
    public required string SourceSha256 { get; init; }
    /// <summary>Who submitted it.</summary>
    public required string SubmittedBy { get; init; }
    /// <summary>Rows read.</summary>
    public required long RowsRead { get; init; }
    /// <summary>Rows in the version.</summary>
    public required long RowsAccepted { get; init; }
    /// <summary>Rows left out.</summary>
    public required long RowsRejected { get; init; }
    /// <summary>The curated data blob (container/name).</summary>
    public required string DataBlob { get; init; }
    /// <summary>The removal request waiting for a decision, if one: at most one per version.</summary>
    public string? PendingRemovalRequestId { get; init; }
    /// <summary>When that marker was set (a marker whose request was never stored is ignored after a minute).</summary>
    public DateTimeOffset? PendingRemovalSince { get; init; }
    /// <summary>Set when the version was removed.</summary>
    public VersionRemovalRecord? Removal { get; init; }
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>An entry's aggregation settings (threshold, key items, examples), set by its department.</summary>
public sealed record SettingsDocument(string Id, string Jurisdiction, string EntryId, string Department, AggregationSettings Settings,
    string UpdatedBy, DateTimeOffset UpdatedAt, string Type = AggregationStore.SettingsType);

/// <summary>A reminder the department sees: its next submission of an entry is due soon, or overdue; <paramref name="DueDateProvisional"/> when the due date lies in a year not loaded yet.</summary>
public sealed record ReminderDocument(string Id, string Jurisdiction, string Department, string EntryId, string EntryCode, bool Overdue,
    DateOnly DueDate, string Rule, string Message, DateTimeOffset CreatedAt, string Type = AggregationStore.ReminderType, bool DueDateProvisional = false);
