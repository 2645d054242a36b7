using GovData.Domain.Aggregation;
using GovData.Functions.Storage;

namespace GovData.Functions.Aggregation;

/// <summary>A consumer's report of a wrong record.</summary>
public sealed record FeedbackRequest(string Description, int? Version = null, long? Row = null, string? RecordKey = null, string? Item = null);

/// <summary>The provider's answer.</summary>
public sealed record FeedbackAnswerRequest(ErrorFeedbackOutcome Outcome, string Answer, int? CorrectedInVersion = null);

/// <summary>A request to remove a curated version.</summary>
public sealed record RemovalRequest(string Reason);

/// <summary>The data authority's decision on a removal request.</summary>
public sealed record RemovalDecisionRequest(VersionRemovalDecision Decision, string Reason);

/// <summary>A short-lived, create-only upload link for one file, and where to follow its submission.</summary>
public sealed record UploadLinkView(string SubmissionId, string UploadUrl, string Method, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt,
    long MaxBytes, string StatusUrl);

/// <summary>The curated versions of an entry, oldest first, and the current one (the latest not removed; null when none is left).</summary>
public sealed record CuratedVersionList(string EntryId, int? Current, IReadOnlyList<CuratedVersionView> Items);

/// <summary>One curated version with its lineage: where it came from, its rows, its blobs, and its removal if it was removed.</summary>
public sealed record CuratedVersionView(int Version, VersionState State, VersionRemovalRecord? Removal, string? PendingRemovalRequestId, DateTimeOffset AcceptedAt,
    string SubmissionId, string SubmittedBy, string Department, string SourceBlob, string SourceSha256, long RowsRead, long RowsAccepted, long RowsRejected,
    string DataBlob, string LineageBlob, string QualityReportUrl)
{
    /// <summary>The view of a stored version.</summary>
    public static CuratedVersionView Of(VersionDocument v) => new(
        v.Version, v.State, v.Removal, v.PendingRemovalRequestId, v.AcceptedAt, v.SubmissionId, v.SubmittedBy, v.Department, v.SourceBlob, v.SourceSha256,
        v.RowsRead, v.RowsAccepted, v.RowsRejected, v.DataBlob,
        $"{StorageNames.Blobs.Curated}/{CuratedLayout.LineageBlob(v.Jurisdiction, v.EntryId, v.Version)}",
        SubmissionView.UrlOf(v.SubmissionId) + "/report");
}

/// <summary>The caller's department's reminders (GET /api/aggregation/reminders).</summary>
public sealed record ReminderList(IReadOnlyList<ReminderView> Items);

/// <summary>A submission due soon or overdue per an entry's update cycle; <see cref="DueDateProvisional"/> when the due date lies in a year not loaded yet.</summary>
public sealed record ReminderView(string EntryId, string EntryCode, bool Overdue, DateOnly DueDate, bool DueDateProvisional, string Message, string Rule, DateTimeOffset CreatedAt)
{
    /// <summary>The view of a stored reminder.</summary>
    public static ReminderView Of(ReminderDocument r) => new(r.EntryId, r.EntryCode, r.Overdue, r.DueDate, r.DueDateProvisional, r.Message, r.Rule, r.CreatedAt);
}

/// <summary>A submission's quality report as a download: its file name and content (JSON, <see cref="QualityReport"/>).</summary>
public sealed record QualityReportFile(string FileName, Stream Content);

/// <summary>An error report (数据纠错) and its answer, as the reporting and the providing department see it.</summary>
public sealed record ErrorReportView(string Id, string EntryId, string EntryCode, string Provider, string Reporter, string ReportedBy, DateTimeOffset ReportedAt,
    int? Version, long? Row, string? RecordKey, string? Item, string Description, string Route, DateOnly DueDate, bool DueDateProvisional, string Rule,
    ErrorFeedbackState State, ErrorFeedbackOutcome? Outcome, string? Answer, int? CorrectedInVersion, string? AnsweredBy, DateTimeOffset? AnsweredAt, bool? OnTime)
{
    /// <summary>The view of a stored report.</summary>
    public static ErrorReportView Of(FeedbackDocument d) => new(
        d.Id, d.EntryId, d.EntryCode, d.Provider, d.Reporter, d.ReportedBy, d.ReportedAt, d.Version, d.Row, d.RecordKey, d.Item, d.Description, d.Route,
        d.DueDate, d.DueDateProvisional, d.Rule, d.State, d.Outcome, d.Answer, d.CorrectedInVersion, d.AnsweredBy, d.AnsweredAt, d.OnTime);

    /// <summary>The URL of a report.</summary>
    public static string UrlOf(string id) => "/api/aggregation/feedback/" + id;
}

/// <summary>Error reports the caller's department made or must answer, newest first.</summary>
public sealed record ErrorReportList(IReadOnlyList<ErrorReportView> Items);

/// <summary>A version removal request and its decision; with the version's state after it, where read or decided.</summary>
public sealed record RemovalRequestView(string Id, string EntryId, string EntryCode, int Version, string Department, string RequestedBy, DateTimeOffset RequestedAt,
    string Reason, VersionRemovalState State, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionReason, VersionState? VersionState)
{
    /// <summary>The view of a stored request, with <paramref name="versionState"/> when known.</summary>
    public static RemovalRequestView Of(RemovalRequestDocument r, VersionState? versionState = null) => new(
        r.Id, r.EntryId, r.EntryCode, r.Version, r.Department, r.RequestedBy, r.RequestedAt, r.Reason, r.State, r.DecidedBy, r.DecidedAt, r.DecisionReason,
        versionState);

    /// <summary>The status URL of a request.</summary>
    public static string UrlOf(string id) => "/api/aggregation/removal-requests/" + id;
}

/// <summary>The version removal requests waiting for the data authority's decision, oldest first.</summary>
public sealed record RemovalRequestList(IReadOnlyList<RemovalRequestView> Items);
