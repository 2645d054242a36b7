using System.Text.Json;
using GovData.Domain.Catalog;
using GovData.Domain.Opening;
using GovData.Domain.RuleSets;
using GovData.Domain.Sharing;

namespace GovData.Portal.Services;

// What the portal reads from the API. Where the API answers with a domain record (catalog versions and content, share
// terms, deadlines, decisions, timelines) the portal reads that same type from GovData.Domain; the rest are the views'
// shapes as the API writes them today (anonymous objects on the API side until its typed contracts arrive).

/// <summary>A catalog entry as GET /api/catalog/entries/{id}, the drafts list and the open catalog show it.</summary>
public sealed record EntryView(string Id, string Department, string Code, CatalogEntryState State, int Version,
    SharingType? EffectiveSharingType, CatalogVersion? Published, CatalogVersion? Working, DeclaredChange? PendingChange,
    IReadOnlyList<DuplicateWarningView>? Warnings)
{
    /// <summary>The version the caller works on: the working one when there is one, else the published one.</summary>
    public CatalogVersion? Current => Working ?? Published;
    public string Name => Current?.Content.Name ?? Code;
}

/// <summary>一数一源: another department's published entry with the same data items.</summary>
public sealed record DuplicateWarningView(string? EntryId, string? Code, string? Name, string? Department, string? Message);

/// <summary>{ items: [...] }.</summary>
public sealed record ItemsBody<T>(IReadOnlyList<T> Items, string? NextPageToken = null);

/// <summary>One row of the catalog search.</summary>
public sealed record SearchHit(string Id, string Code, string Name, string? Summary, string Department, SharingType? SharingType,
    OpenType? OpenType, UpdateCycle? UpdateCycle, int Version, DateTimeOffset? PublishedAt, IReadOnlyList<string>? DataItemNames, string? Format);

/// <summary>A share request in the list.</summary>
public sealed record ShareListItem(string Id, ShareRequestState State, string Requester, string Provider, string EntryCode,
    DecisionStep? CurrentStep, DateOnly? DueDate, bool? DueDateProvisional, bool Overdue, bool Escalated, DateTimeOffset FiledAt,
    bool GreenChannelPending = false, bool AvailabilityEscalated = false);

/// <summary>A share request with its status, decisions, deadline and timeline.</summary>
public sealed record ShareRequestView(string Id, string RuntimeStatus, ShareRequestState State, string Requester, string Provider, string FiledBy,
    ShareTerms Terms, IReadOnlyList<DecisionStep> Steps, DecisionStep? CurrentStep, RunningDeadline? Deadline, bool Overdue,
    Escalation? Escalation, IReadOnlyList<StepDecision> Decisions, IReadOnlyList<string>? ApprovedItems, string? Conditions,
    IReadOnlyList<string>? RefusalReasons, DisputeRecord? Dispute, GrantView? Grant, IReadOnlyList<TimelineStep> Timeline,
    GreenChannelRequest? GreenChannel = null, RunningDeadline? DisputeDeadline = null, RunningDeadline? AvailabilityDeadline = null,
    bool? AvailabilityOverdue = null, AvailabilityEnd? Availability = null, Escalation? AvailabilityEscalation = null);

/// <summary>A grant as its holder and provider see it.</summary>
public sealed record GrantView(string Id, GrantState State, string Requester, string Provider, string EntryId, string EntryCode, string EntryName,
    IReadOnlyList<string> Items, SharingMethod Method, string Purpose, string Scope, IReadOnlyList<string> Users, string? Conditions,
    DateTimeOffset GrantedAt, DateTimeOffset ExpiresAt);

/// <summary>The answer to a query under a grant.</summary>
public sealed record QueryAnswer(string EntryId, int Version, IReadOnlyList<string> Items, int Count, IReadOnlyList<Dictionary<string, JsonElement>> Rows, string? ContinuationToken);

/// <summary>An open dataset on the public portal.</summary>
public sealed record DatasetView(string Id, string Code, string Name, string Summary, string Department, string? DepartmentName,
    OpenType OpenType, UpdateCycle UpdateCycle, long Downloads, IReadOnlyList<DatasetVersionView> Versions, string? Source);

/// <summary>A published version of an open dataset and its two files.</summary>
public sealed record DatasetVersionView(int Version, DateTimeOffset PublishedAt, DateOnly? DateObtained, long Rows, IReadOnlyList<string> Columns, long CsvBytes, long JsonBytes,
    string? CsvSha256, string Csv, string Json);

/// <summary>An open deadline (GET /api/deadlines).</summary>
public sealed record DeadlineView(string Id, string Kind, string KindLabel, string Subject, string? Department, string? Rule, string? Article, DateOnly DueDate, DateTimeOffset DueAt,
    bool Provisional, int WorkingDaysLeft, bool Overdue);

/// <summary>A notice in the department's inbox.</summary>
public sealed record NoticeView(string Id, string Kind, string Subject, DateOnly? DueDate, bool? DueDateProvisional, string? Rule, JsonElement? Data,
    DateTimeOffset ReceivedAt, DateTimeOffset? ReadAt, bool Read);

/// <summary>A publish of open data (request, transform, security review).</summary>
public sealed record PublishView(string Id, string EntryId, string Department, int CuratedVersion, int? Version, PublishState State,
    DesensitizationPlan? Plan, long? Rows, IReadOnlyList<string>? Columns, long? FindingCount, JsonElement? Findings, DateTimeOffset? RequestedAt, IReadOnlyList<string>? ReviewReasons);

/// <summary>An application for on-application open data.</summary>
public sealed record ApplicationView(string Id, string DatasetId, string? DatasetName, string? ApplicantCode, string? ApplicantName,
    ApplicantType? ApplicantType, VerificationState? ApplicantVerification, IntendedUse? Use, string? Purpose, DateTimeOffset AppliedAt,
    DateOnly? DueDate, bool? DueDateProvisional, string? DeadlineRule, ApplicationState State, DateTimeOffset? DecidedAt,
    IReadOnlyList<string>? Reasons, ApplicationGrantView? Grant);

/// <summary>The grant of an application: what the applicant may do with the data.</summary>
public sealed record ApplicationGrantView(string DatasetId, string? GrantedTo, string? Restriction, string? RestrictionRule, string Text);

/// <summary>A demand for data not yet open, with its answer.</summary>
public sealed record DemandView(string Id, string? Department, string? EntryId, string? Title, string? Description, string? Contact,
    DateTimeOffset ReceivedAt, DateOnly? DueDate, bool? DueDateProvisional, string? DeadlineRule, DemandAnswer? Answer, string? Reason,
    string? ListedEntryId, DateTimeOffset? AnsweredAt);

/// <summary>An error report (纠错) about a department's data.</summary>
public sealed record FeedbackView(string Id, string EntryId, string? EntryCode, string Provider, string Reporter, string? ReportedBy, DateTimeOffset ReportedAt,
    int? Version, int? Row, string? RecordKey, string? Item, string? Description, DateOnly? DueDate, bool? DueDateProvisional, string? Rule,
    GovData.Domain.Aggregation.ErrorFeedbackState State, GovData.Domain.Aggregation.ErrorFeedbackOutcome? Outcome, string? Answer, DateTimeOffset? AnsweredAt);

/// <summary>The first rows of a publish's desensitized output.</summary>
public sealed record PublishSampleView(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>A period's ranking: every department's scorecard the caller may see.</summary>
public sealed record RankingView(string Period, bool Published, DateTimeOffset? PublishedAt, IReadOnlyList<ScorecardView> Items);

/// <summary>One department's scorecard.</summary>
public sealed record ScorecardView(string Department, string? Name, string Period, int? Rank, double? Score, GovData.Domain.Supervision.ScoreComponents Components,
    ScorecardSharing Sharing, ScorecardFindings Findings, ScorecardCoverage Coverage);

public sealed record ScorecardSharing(int Received, int Answered, int AnsweredOnTime, double? OnTimeRate, int Approved, int PartlyApproved, int Refused, double? MedianAnswerWorkingDays);

public sealed record ScorecardFindings(int Raised, int Closed, int Reopened, int OpenNow);

public sealed record ScorecardCoverage(int Catalogued, int? Baseline, double? Rate, string Status);

/// <summary>GET /api/audit/records: the trail's records (the domain's own record type).</summary>
public sealed record AuditPage(DateTimeOffset From, DateTimeOffset To, int Count, IReadOnlyList<GovData.Domain.Audit.AuditRecord> Records);

/// <summary>GET /api/audit/verify: whether the hash chain is intact.</summary>
public sealed record AuditVerification(DateOnly From, DateOnly To, bool Intact, int RecordsChecked, JsonElement? FirstBreak);

/// <summary>An aggregation submission's status while it is checked.</summary>
public sealed record SubmissionView(string Id, string EntryId, GovData.Domain.Aggregation.SubmissionState State, SubmissionProgress? Progress,
    long? RowsTotal, long? RowsPassed, long? RowsFailed, int? Version, bool? OnTime, string? LastError, string? FailureReason);

public sealed record SubmissionProgress(long RowsDone, long BytesRead, long? TotalBytes, long? EstimatedTotalRows);

/// <summary>A supervision finding (整改事项) with its history, as GET /api/supervision/findings/{id} shows it; <c>etag</c> is the If-Match of an answer or decision.</summary>
public sealed record FindingView(string Id, string Department, string Rule, string Citation, string Subject, string Description, DateTimeOffset DueAt,
    DateTimeOffset? ActualAt, DateTimeOffset RaisedAt, GovData.Domain.Supervision.FindingState State, IReadOnlyList<FindingStepView> History, string? ETag);

/// <summary>One step of a finding's history.</summary>
public sealed record FindingStepView(string Action, GovData.Domain.Supervision.FindingState From, GovData.Domain.Supervision.FindingState To, string UserId,
    string Department, DateTimeOffset At, string Text);
