using System.Text.Json.Serialization;
using GovData.Domain;
using GovData.Domain.Catalog;
using GovData.Domain.Opening;
using GovData.Domain.RuleSets;

namespace GovData.Functions.Opening;

/// <summary>One published version of an open dataset: what the public can download.</summary>
public sealed record OpenVersion(int Number, int CuratedVersion, string PublishId, long Rows, IReadOnlyList<string> Columns,
    long CsvBytes, long JsonBytes, string CsvSha256, DateTimeOffset PublishedAt, DateOnly DateObtained, string ApprovedBy);

/// <summary>
/// An open dataset: one per catalog entry that has an open configuration. Listed publicly once it has a published version.
/// Every change is one replace under the ETag.
/// </summary>
public sealed record OpenDatasetDocument
{
    /// <summary>Document kind.</summary>
    public const string DocType = "open-dataset";
    /// <summary>The document id of an entry's dataset.</summary>
    public static string IdOf(string entryId) => "dataset:" + entryId;

    /// <summary>dataset:{entryId}.</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = DocType;
    /// <summary>The catalog entry (also the dataset's public id).</summary>
    public required string EntryId { get; init; }
    /// <summary>The owning (source) department.</summary>
    public required string Department { get; init; }
    /// <summary>The entry's code.</summary>
    public required string Code { get; init; }
    /// <summary>The entry's name.</summary>
    public required string Name { get; init; }
    /// <summary>The entry's summary.</summary>
    public string Summary { get; init; } = "";
    /// <summary>The entry's open type when last configured or published.</summary>
    public OpenType OpenType { get; init; }
    /// <summary>The entry's update cycle.</summary>
    public UpdateCycle UpdateCycle { get; init; }
    /// <summary>The open configuration in force.</summary>
    public required OpenConfiguration Configuration { get; init; }
    /// <summary>The publish request in progress, if any (one at a time per dataset).</summary>
    public string? ActivePublish { get; init; }
    /// <summary>Published versions, oldest first.</summary>
    public IReadOnlyList<OpenVersion> Versions { get; init; } = [];
    /// <summary>True once a version is public (a query field).</summary>
    public bool Listed { get; init; }
    /// <summary>Lower-case name, summary and code for keyword search.</summary>
    public string SearchText { get; init; } = "";
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>A request to publish one curated version of an entry, through the job and the security review.</summary>
public sealed record PublishDocument
{
    /// <summary>Document kind.</summary>
    public const string DocType = "open-publish";
    /// <summary>The document id of a publish request.</summary>
    public static string IdOf(string publishId) => "publish:" + publishId;

    /// <summary>publish:{publishId}.</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = DocType;
    /// <summary>The publish id.</summary>
    public required string PublishId { get; init; }
    /// <summary>The catalog entry.</summary>
    public required string EntryId { get; init; }
    /// <summary>The owning department.</summary>
    public required string Department { get; init; }
    /// <summary>The curated version to publish.</summary>
    public required int CuratedVersion { get; init; }
    /// <summary>The curated file's SHA-256 as aggregation recorded it.</summary>
    public string? CuratedSha256 { get; init; }
    /// <summary>The open version number it becomes.</summary>
    public required int Version { get; init; }
    /// <summary>The plan it runs with (the configuration when requested).</summary>
    public required DesensitizationPlan Plan { get; init; }
    /// <summary>The state.</summary>
    public PublishState State { get; init; } = PublishState.Requested;
    /// <summary>Who requested it.</summary>
    public required string RequestedBy { get; init; }
    /// <summary>When.</summary>
    public required DateTimeOffset RequestedAt { get; init; }
    /// <summary>Rows written.</summary>
    public long Rows { get; init; }
    /// <summary>Published columns.</summary>
    public IReadOnlyList<string> Columns { get; init; } = [];
    /// <summary>Columns the scanner skipped (for the reviewer).</summary>
    public IReadOnlyList<string> ScanAllowedColumns { get; init; } = [];
    /// <summary>Scanner findings (masked), kept for the reviewer and the department.</summary>
    public IReadOnlyList<ScanFinding> Findings { get; init; } = [];
    /// <summary>How many findings in all.</summary>
    public long FindingCount { get; init; }
    /// <summary>Why the input could not be used.</summary>
    public IReadOnlyList<ValidationError> Errors { get; init; } = [];
    /// <summary>Staged CSV size.</summary>
    public long CsvBytes { get; init; }
    /// <summary>Staged JSON Lines size.</summary>
    public long JsonBytes { get; init; }
    /// <summary>SHA-256 of the staged CSV.</summary>
    public string? CsvSha256 { get; init; }
    /// <summary>When the job finished.</summary>
    public DateTimeOffset? TransformedAt { get; init; }
    /// <summary>Who reviewed it.</summary>
    public string? ReviewedBy { get; init; }
    /// <summary>When.</summary>
    public DateTimeOffset? ReviewedAt { get; init; }
    /// <summary>Reasons of a rejection (or notes of an approval).</summary>
    public IReadOnlyList<string> ReviewReasons { get; init; } = [];
    /// <summary>When the files became public.</summary>
    public DateTimeOffset? PublishedAt { get; init; }
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>Download counts of one dataset, kept apart from the dataset so downloads do not contend with publishing.</summary>
public sealed record DownloadCounterDocument
{
    /// <summary>Document kind.</summary>
    public const string DocType = "open-downloads";
    /// <summary>The document id of an entry's counter.</summary>
    public static string IdOf(string entryId) => "downloads:" + entryId;

    /// <summary>downloads:{entryId}.</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = DocType;
    /// <summary>The entry.</summary>
    public required string EntryId { get; init; }
    /// <summary>All downloads.</summary>
    public long Total { get; init; }
    /// <summary>Downloads per version number.</summary>
    public Dictionary<string, long> ByVersion { get; init; } = [];
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>A registered applicant (one per organisation and jurisdiction).</summary>
public sealed record ApplicantDocument(string Id, string Jurisdiction, OpenApplicant Applicant, string Type = ApplicantDocument.DocType)
{
    /// <summary>Document kind.</summary>
    public const string DocType = "open-applicant";
    /// <summary>The document id of an organisation's registration.</summary>
    public static string IdOf(string code) => "applicant:" + code;
}

/// <summary>An application for on-application open data and its decision.</summary>
public sealed record ApplicationDocument
{
    /// <summary>Document kind.</summary>
    public const string DocType = "open-application";
    /// <summary>The document id of an application.</summary>
    public static string IdOf(string applicationId) => "application:" + applicationId;

    /// <summary>application:{id}.</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = DocType;
    /// <summary>The application id.</summary>
    public required string ApplicationId { get; init; }
    /// <summary>The dataset (catalog entry).</summary>
    public required string EntryId { get; init; }
    /// <summary>The dataset's name when applied for.</summary>
    public required string DatasetName { get; init; }
    /// <summary>The dataset's department.</summary>
    public required string DatasetDepartment { get; init; }
    /// <summary>The applicant organisation's code.</summary>
    public required string ApplicantCode { get; init; }
    /// <summary>The applicant organisation's name.</summary>
    public required string ApplicantName { get; init; }
    /// <summary>The applicant's type.</summary>
    public required ApplicantType ApplicantType { get; init; }
    /// <summary>The person who applied.</summary>
    public required string AppliedBy { get; init; }
    /// <summary>The intended use (structured; null on applications stored before it was asked).</summary>
    public IntendedUse? Use { get; init; }
    /// <summary>The stated purpose, in words.</summary>
    public required string Purpose { get; init; }
    /// <summary>When.</summary>
    public required DateTimeOffset AppliedAt { get; init; }
    /// <summary>The decision deadline.</summary>
    public required DateOnly DueDate { get; init; }
    /// <summary>True when the due date lies in a year whose holiday arrangement is not loaded yet.</summary>
    public bool DueDateProvisional { get; init; }
    /// <summary>The rule the deadline comes from.</summary>
    public required string DeadlineRule { get; init; }
    /// <summary>The state.</summary>
    public ApplicationState State { get; init; } = ApplicationState.Pending;
    /// <summary>The use restriction a grant carries (universities and research institutes), with its rule.</summary>
    public string? Restriction { get; init; }
    /// <summary>The rule the restriction comes from.</summary>
    public string? RestrictionRule { get; init; }
    /// <summary>Who decided.</summary>
    public string? DecidedBy { get; init; }
    /// <summary>When.</summary>
    public DateTimeOffset? DecidedAt { get; init; }
    /// <summary>Reasons of a refusal or notes of a grant.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>A grant: the applicant organisation may download the dataset, within the restriction. Looked up on every download.</summary>
public sealed record GrantDocument(string Id, string Jurisdiction, string EntryId, string ApplicantCode, string ApplicationId, ApplicantType ApplicantType,
    string Purpose, string? Restriction, string? RestrictionRule, string GrantedBy, DateTimeOffset GrantedAt, string Type = GrantDocument.DocType,
    IntendedUse? Use = null)
{
    /// <summary>Document kind.</summary>
    public const string DocType = "open-grant";
    /// <summary>The document id of an organisation's grant for a dataset.</summary>
    public static string IdOf(string entryId, string applicantCode) => $"grant:{entryId}:{applicantCode}";
}

/// <summary>A public demand that data be opened, and the department's answer.</summary>
public sealed record DemandDocument
{
    /// <summary>Document kind.</summary>
    public const string DocType = "open-demand";
    /// <summary>The document id of a demand.</summary>
    public static string IdOf(string demandId) => "demand:" + demandId;

    /// <summary>demand:{id}.</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = DocType;
    /// <summary>The demand id.</summary>
    public required string DemandId { get; init; }
    /// <summary>The department that must answer.</summary>
    public required string Department { get; init; }
    /// <summary>The catalog entry asked for, if named.</summary>
    public string? EntryId { get; init; }
    /// <summary>What is asked for.</summary>
    public required string Title { get; init; }
    /// <summary>Why.</summary>
    public required string Description { get; init; }
    /// <summary>A way to reach the requester; never shown on public endpoints.</summary>
    public string? Contact { get; init; }
    /// <summary>When it was received.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }
    /// <summary>The answer deadline.</summary>
    public required DateOnly DueDate { get; init; }
    /// <summary>True when the due date lies in a year whose holiday arrangement is not loaded yet.</summary>
    public bool DueDateProvisional { get; init; }
    /// <summary>The rule the deadline comes from.</summary>
    public required string DeadlineRule { get; init; }
    /// <summary>True once answered (a query field).</summary>
    public bool Answered { get; init; }
    /// <summary>The answer, once given.</summary>
    public DemandAnswer? Answer { get; init; }
    /// <summary>The reason (required when declined).</summary>
    public string? AnswerReason { get; init; }
    /// <summary>The open catalog entry it was listed as.</summary>
    public string? ListedEntryId { get; init; }
    /// <summary>Who answered.</summary>
    public string? AnsweredBy { get; init; }
    /// <summary>When.</summary>
    public DateTimeOffset? AnsweredAt { get; init; }
    /// <summary>True when answered after the due date.</summary>
    public bool? AnsweredLate { get; init; }
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}
