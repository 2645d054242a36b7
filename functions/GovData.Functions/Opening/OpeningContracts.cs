using GovData.Domain;
using GovData.Domain.Catalog;
using GovData.Domain.Opening;
using GovData.Domain.RuleSets;

namespace GovData.Functions.Opening;

/// <summary>A dataset as the public sees it: published versions only, never the plan or a request in progress.</summary>
public sealed record OpenDatasetView(string Id, string Jurisdiction, string Code, string Name, string Summary, string Department, string? DepartmentName,
    OpenType OpenType, UpdateCycle UpdateCycle, long Downloads, IReadOnlyList<OpenVersionView> Versions, string Source);

/// <summary>A published version as the public sees it, with its download links.</summary>
public sealed record OpenVersionView(int Version, DateTimeOffset PublishedAt, DateOnly DateObtained, long Rows, IReadOnlyList<string> Columns,
    long CsvBytes, long JsonBytes, string CsvSha256, string Csv, string Json);

/// <summary>Published datasets (GET /api/open/{jurisdiction}/datasets).</summary>
public sealed record OpenDatasetList(IReadOnlyList<OpenDatasetView> Items);

/// <summary>The dataset as its department and the DataAuthority see it: with the configuration and the request in progress.</summary>
public sealed record OpenDatasetOwnerView(string Id, string Jurisdiction, string Code, string Name, string Department, OpenType OpenType,
    OpenConfiguration Configuration, string? ActivePublish, IReadOnlyList<OpenVersion> Versions);

/// <summary>A publish request with its scan results (findings are masked).</summary>
public sealed record OpenPublishView(string Id, string Jurisdiction, string EntryId, string Department, int CuratedVersion, int Version, PublishState State,
    DesensitizationPlan Plan, IReadOnlyList<string> ScanAllowedColumns, long Rows, IReadOnlyList<string> Columns, IReadOnlyList<ScanFinding> Findings,
    long FindingCount, IReadOnlyList<ValidationError> Errors, long CsvBytes, long JsonBytes, string? CsvSha256, string RequestedBy, DateTimeOffset RequestedAt,
    DateTimeOffset? TransformedAt, string? ReviewedBy, DateTimeOffset? ReviewedAt, IReadOnlyList<string> ReviewReasons, DateTimeOffset? PublishedAt);

/// <summary>Publish requests (GET /api/opening/publishes).</summary>
public sealed record OpenPublishList(IReadOnlyList<OpenPublishView> Items);

/// <summary>An application for on-application data; the grant, when granted, with its use restriction printed.</summary>
public sealed record OpenApplicationView(string Id, string Jurisdiction, string DatasetId, string DatasetName, string ApplicantCode, string ApplicantName,
    ApplicantType ApplicantType, VerificationState? ApplicantVerification, IntendedUse? Use, string? UseLabel, string Purpose, DateTimeOffset AppliedAt,
    DateOnly DueDate, bool DueDateProvisional, string DeadlineRule, ApplicationState State, DateTimeOffset? DecidedAt, IReadOnlyList<string> Reasons,
    OpenGrantView? Grant);

/// <summary>The grant of an application: who may use which dataset, for what, within which restriction, and the grant's text.</summary>
public sealed record OpenGrantView(string DatasetId, string GrantedTo, IntendedUse? Use, string Purpose, string? Restriction, string? RestrictionRule, string Text);

/// <summary>Applications (the DataAuthority's list, or an applicant organisation's own).</summary>
public sealed record OpenApplicationList(IReadOnlyList<OpenApplicationView> Items);

/// <summary>A demand as anyone may see it (without the requester's contact).</summary>
public sealed record OpenDemandView(string Id, string Jurisdiction, string Department, string? EntryId, string Title, string Description,
    DateTimeOffset ReceivedAt, DateOnly DueDate, bool DueDateProvisional, string DeadlineRule, DemandAnswer? Answer, string? Reason,
    string? ListedEntryId, DateTimeOffset? AnsweredAt);

/// <summary>A demand as the department that must answer it (and the DataAuthority) sees it: with the contact and who answered.</summary>
public sealed record OpenDemandOwnerView(string Id, string Jurisdiction, string Department, string? EntryId, string Title, string Description, string? Contact,
    DateTimeOffset ReceivedAt, DateOnly DueDate, bool DueDateProvisional, string DeadlineRule, DemandAnswer? Answer, string? Reason,
    string? ListedEntryId, string? AnsweredBy, DateTimeOffset? AnsweredAt, bool? AnsweredLate);

/// <summary>Demands (GET /api/opening/demands).</summary>
public sealed record OpenDemandList(IReadOnlyList<OpenDemandOwnerView> Items);

/// <summary>A published file as the portal sends it: the content from the <c>open</c> container, its type and name, and the source (and restriction) headers.</summary>
public sealed record OpenDownload(Stream Content, string ContentType, string FileName, IReadOnlyList<(string Name, string Value)> Headers);

/// <summary>How an opening operation was refused.</summary>
public enum OpeningRefusalKind
{
    /// <summary>The input breaks a rule (400 naming the fields).</summary>
    Invalid,
    /// <summary>Not there, or not the caller's to see (404).</summary>
    NotFound,
    /// <summary>The caller is known but may not do this (403).</summary>
    Forbidden,
    /// <summary>Not possible in the current state (409, naming the field when there is one).</summary>
    Conflict,
    /// <summary>Needs a signed-in caller (401 with a Bearer challenge).</summary>
    SignInRequired,
}

/// <summary>
/// Why an opening operation did not happen, with no HTTP in sight: the kind, the reason (for a 404: what was not found), the
/// fields (400, or the field a 409 is about) and, for a 400, a detail of its own where the field list is not the whole story.
/// </summary>
public sealed record OpeningRefusal(OpeningRefusalKind Kind, string Reason, IReadOnlyList<ValidationError> Errors, string? Detail = null)
{
    /// <summary>Refused because of <paramref name="errors"/>; <paramref name="detail"/> replaces the list of fields as the problem's detail.</summary>
    public static OpeningRefusal Invalid(IReadOnlyList<ValidationError> errors, string? detail = null) => new(OpeningRefusalKind.Invalid, detail ?? "", errors, detail);
    /// <summary>Refused because of one field.</summary>
    public static OpeningRefusal Invalid(string field, string reason) => Invalid([new ValidationError(field, reason)]);
    /// <summary><paramref name="what"/> does not exist, or the caller may not know it exists.</summary>
    public static OpeningRefusal NotFound(string what) => new(OpeningRefusalKind.NotFound, what, []);
    /// <summary>The caller may not do this.</summary>
    public static OpeningRefusal Forbidden(string reason) => new(OpeningRefusalKind.Forbidden, reason, []);
    /// <summary>Not possible in the current state; about <paramref name="field"/> when given.</summary>
    public static OpeningRefusal Conflict(string reason, string? field = null) =>
        new(OpeningRefusalKind.Conflict, reason, field is null ? [] : [new ValidationError(field, reason)]);
    /// <summary>Needs a signed-in caller.</summary>
    public static OpeningRefusal SignInRequired(string reason) => new(OpeningRefusalKind.SignInRequired, reason, []);
}

/// <summary>What an opening operation came to: its value, or the refusal. The HTTP functions map it with <see cref="OpeningAnswers"/>.</summary>
public sealed record OpeningAnswer<T>(T? Value, OpeningRefusal? Refusal = null)
{
    /// <summary>Done with <paramref name="value"/>.</summary>
    public static OpeningAnswer<T> Done(T value) => new(value);
    /// <summary>A refusal answers any operation.</summary>
    public static implicit operator OpeningAnswer<T>(OpeningRefusal refusal) => new(default, refusal);
}
