using GovData.Domain.Aggregation;
using GovData.Domain.Identity;
using GovData.Functions.Hosting.Http;
using GovData.Functions.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace GovData.Functions.Aggregation;

/// <summary>
/// The HTTP functions of a department's submissions under /api/aggregation (汇聚), one per operation (docs/aggregation.md):
/// upload links, direct posts, pushed batches, a submission's status and quality report, an entry's versions and settings,
/// and the department's reminders. Each reads the request (route values, query, JSON body or the file), calls
/// <see cref="AggregationSubmissions"/> or <see cref="AggregationEntries"/>, and maps the outcome with
/// <see cref="AggregationAnswers"/>. The gate has checked the token, the roles and the body limit before any of them runs.
/// </summary>
public sealed class AggregationFunctions(AggregationSubmissions submissions, AggregationEntries entries, DurableClients clients)
{
    private const string Entry = "aggregation/entries/{entryId}";
    private const string Tag = "Aggregation";

    /// <summary>Ask for an upload link.</summary>
    [Function("CreateAggregationUploadLink")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Ask for a short-lived, create-only upload link for a file of a published entry of the caller's department; processing starts when the file arrives")]
    [Accepts(typeof(UploadRequest))]
    [Returns(StatusCodes.Status201Created, typeof(UploadLinkView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public async Task<IResult> CreateUploadLinkAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Entry + "/uploads")] HttpRequest req, string entryId,
        CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<UploadRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return AggregationAnswers.Created(await submissions.CreateUploadLinkAsync(RequestContext.Of(req.HttpContext), entryId, body!, ct), link => link.StatusUrl);
    }

    /// <summary>Post a small file directly.</summary>
    [Function("PostAggregationFile")]
    [Roles(Role.DataSteward)]
    [BodyLimit(typeof(AggregationOptions), nameof(AggregationOptions.MaxDirectPostBytes))]
    [Operation(Tag, "Post a small file directly (query: format, encoding, fileName); 202 with the status URL, processing starts when it is stored")]
    [Query("format", "csv, xlsx or jsonl (also jsonlines, ndjson); else inferred from fileName")]
    [Query("encoding", "The CSV's encoding: utf-8, gb18030 (gbk, gb2312) or detect (default)")]
    [Query("fileName", "The department's name for the file, kept for its records (and to infer the format)")]
    [AcceptsFile("application/octet-stream", "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/x-ndjson")]
    [Returns(StatusCodes.Status202Accepted, typeof(SubmissionView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    [Returns(StatusCodes.Status413PayloadTooLarge)]
    public async Task<IResult> PostFileAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Entry + "/submissions")] HttpRequest req, string entryId,
        CancellationToken ct)
    {
        var declaration = new FileDeclaration(AggregationAnswers.Single(req, "format"), AggregationAnswers.Single(req, "encoding"), AggregationAnswers.Single(req, "fileName"));
        return AggregationAnswers.Accepted(await submissions.PostFileAsync(RequestContext.Of(req.HttpContext), entryId, declaration, req.Body, ct), s => s.StatusUrl);
    }

    /// <summary>Push a batch of records.</summary>
    [Function("PushAggregationBatch")]
    [Roles(Role.DataSteward)]
    [BodyLimit(typeof(AggregationOptions), nameof(AggregationOptions.MaxBatchBytes))]
    [Operation(Tag, "Push a batch of records of a real-time entry; checked like a file; idempotent by batch id (the same records again answer the first result)")]
    [Accepts(typeof(BatchRequest))]
    [Returns(StatusCodes.Status200OK, typeof(SubmissionView))]
    [Returns(StatusCodes.Status202Accepted, typeof(SubmissionView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    [Returns(StatusCodes.Status413PayloadTooLarge)]
    public async Task<IResult> PushBatchAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Entry + "/batches/{batchId}")] HttpRequest req, string entryId,
        string batchId, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        // An accepted batch schedules the entry's next due date (a Durable deadline).
        using var _ = clients.Use(client);
        var (body, problem) = await JsonBody.ReadAsync<BatchRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        var answer = await submissions.PushBatchAsync(RequestContext.Of(req.HttpContext), entryId, batchId, body!, ct);
        return answer.Value is { State: SubmissionState.Processing } ? AggregationAnswers.Accepted(answer, s => s.StatusUrl) : AggregationAnswers.Ok(answer);
    }

    /// <summary>The curated versions of an entry.</summary>
    [Function("ListCuratedVersions")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "The curated versions of an entry of the caller's department, oldest first, with their lineage; removed ones marked, and the current (latest not removed) version")]
    [Returns(StatusCodes.Status200OK, typeof(CuratedVersionList))]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> VersionsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Entry + "/versions")] HttpRequest req, string entryId,
        CancellationToken ct) =>
        AggregationAnswers.Ok(await entries.VersionsAsync(RequestContext.Of(req.HttpContext), entryId, ct));

    /// <summary>Read the entry's settings.</summary>
    [Function("GetAggregationSettings")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "The entry's quality threshold, key items and examples per rule (defaults until set)")]
    [Returns(StatusCodes.Status200OK, typeof(AggregationSettings))]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> SettingsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Entry + "/settings")] HttpRequest req, string entryId,
        CancellationToken ct) =>
        AggregationAnswers.Ok(await entries.SettingsAsync(RequestContext.Of(req.HttpContext), entryId, ct));

    /// <summary>Set the entry's settings.</summary>
    [Function("SetAggregationSettings")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Set the entry's quality threshold (largest failed-row ratio accepted), key items and examples per rule")]
    [Accepts(typeof(SettingsRequest))]
    [Returns(StatusCodes.Status200OK, typeof(AggregationSettings))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> SetSettingsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Entry + "/settings")] HttpRequest req, string entryId,
        CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<SettingsRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return AggregationAnswers.Ok(await entries.UpdateSettingsAsync(RequestContext.Of(req.HttpContext), entryId, body!, ct));
    }

    /// <summary>The status of a submission.</summary>
    [Function("GetAggregationSubmission")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "The state and progress of a submission of the caller's department (rows done, estimated total, outcome)")]
    [Returns(StatusCodes.Status200OK, typeof(SubmissionView))]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> SubmissionAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "aggregation/submissions/{id}")] HttpRequest req, string id,
        CancellationToken ct) =>
        AggregationAnswers.Ok(await submissions.GetAsync(RequestContext.Of(req.HttpContext), id, ct));

    /// <summary>Download a submission's quality report.</summary>
    [Function("DownloadQualityReport")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Download the quality report of a submission of the caller's department")]
    [Returns(StatusCodes.Status200OK, typeof(QualityReport))]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public async Task<IResult> ReportAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "aggregation/submissions/{id}/report")] HttpRequest req, string id,
        CancellationToken ct)
    {
        var answer = await submissions.ReportAsync(RequestContext.Of(req.HttpContext), id, ct);
        if (answer.Refusal is { } refusal) return AggregationAnswers.Problem(refusal);
        var file = answer.Value!;
        req.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{file.FileName}\"";
        return Results.Stream(file.Content, "application/json");
    }

    /// <summary>The department's reminders.</summary>
    [Function("ListAggregationReminders")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "The caller's department's reminders: submissions due soon or overdue per the entries' update cycles")]
    [Returns(StatusCodes.Status200OK, typeof(ReminderList))]
    public async Task<IResult> RemindersAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "aggregation/reminders")] HttpRequest req, CancellationToken ct) =>
        Results.Ok(await submissions.RemindersAsync(RequestContext.Of(req.HttpContext), ct));
}
