using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Functions.Errors;
using GovData.Functions.Hosting.Http;
using GovData.Functions.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace GovData.Functions.Catalog;

/// <summary>
/// The HTTP functions of the data resource catalog (资源目录) under /api/catalog, one per operation (docs/catalog.md). Each
/// reads the request (route values, query, JSON body or file), calls <see cref="CatalogEntries"/>, <see cref="CatalogSearches"/>
/// or <see cref="CatalogFiles"/>, and maps the outcome to an answer (<see cref="CatalogAnswers"/>). The gate has checked the
/// token, the roles and the body limit before any of them runs.
/// </summary>
public sealed class CatalogFunctions(CatalogEntries entries, CatalogSearches searches, CatalogFiles files, DurableClients clients, TimeProvider time)
{
    private const string Entries = "catalog/entries";
    private const string Tag = "Catalog";
    private const string Csv = "text/csv";

    /// <summary>Create a draft entry.</summary>
    [Function("CreateCatalogEntry")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Create a draft entry of the caller's department (DataSteward); warnings name other departments' entries with the same data items (一数一源)")]
    [Accepts(typeof(CatalogContent))]
    [Returns(StatusCodes.Status201Created, typeof(CatalogEntryView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status409Conflict)]
    public async Task<IResult> CreateAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Entries)] HttpRequest req, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<CatalogContent>(req, optional: false, ct);
        if (problem is not null) return problem;
        var request = RequestContext.Of(req.HttpContext);
        var answer = await entries.CreateAsync(request, body!, ct);
        return CatalogAnswers.Entry(answer, request, time, doc => $"/api/{Entries}/{doc.Id}");
    }

    /// <summary>Search published entries of the caller's jurisdiction.</summary>
    [Function("SearchCatalog")]
    [Operation(Tag, "Search published entries of the caller's jurisdiction: department, sharingType, openType, updateCycle, keyword, pageSize, pageToken")]
    [Query("department", "The owning department's unified social credit code")]
    [Query("sharingType", "Unconditional, Conditional or NotShared (the type in force, which an emergency may raise)")]
    [Query("openType", "The open type")]
    [Query("updateCycle", "The update cycle")]
    [Query("keyword", "Words in the name, summary or data item names (at most 100 characters)")]
    [Query("pageSize", "1 to 200, default 20", Integer = true)]
    [Query("pageToken", "The nextPageToken of the previous page")]
    [Returns(StatusCodes.Status200OK, typeof(CatalogSearchPage))]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> SearchAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Entries)] HttpRequest req, CancellationToken ct)
    {
        var request = RequestContext.Of(req.HttpContext);
        return CatalogAnswers.Ok(await searches.SearchAsync(request, request.User.Jurisdiction, CatalogAnswers.SearchQuery(req), openOnly: false, ct));
    }

    /// <summary>Read an entry.</summary>
    [Function("GetCatalogEntry")]
    [Operation(Tag, "Read an entry (drafts only for the owning department and its reviewers)")]
    [Returns(StatusCodes.Status200OK, typeof(CatalogEntryView))]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Entries + "/{id}")] HttpRequest req, string id, CancellationToken ct)
    {
        var request = RequestContext.Of(req.HttpContext);
        return CatalogAnswers.Entry(await entries.GetAsync(request, id, ct), request, time);
    }

    /// <summary>Edit the draft.</summary>
    [Function("EditCatalogDraft")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Edit the draft or returned version (DataSteward of the owning department)")]
    [Accepts(typeof(CatalogContent))]
    [Returns(StatusCodes.Status200OK, typeof(CatalogEntryView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public Task<IResult> EditAsync([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Entries + "/{id}/draft")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        TransitionAsync<CatalogContent>(req, client, (r, body) => entries.EditAsync(r, id, body!, ct), ct);

    /// <summary>Submit for review.</summary>
    [Function("SubmitCatalogEntry")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Submit the working version for review; the route comes from the jurisdiction's rule set")]
    [Returns(StatusCodes.Status200OK, typeof(CatalogEntryView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public Task<IResult> SubmitAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Entries + "/{id}/submit")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        TransitionAsync<object>(req, client, (r, _) => entries.SubmitAsync(r, id, ct), ct, bodyless: true);

    /// <summary>Approve or return the version under review.</summary>
    [Function("ReviewCatalogEntry")]
    [Roles(Role.CatalogReviewer, Role.DataAuthority)]
    [Operation(Tag, "Approve or return the version under review (CatalogReviewer of the department, then the DataAuthority where the rule set says so); the last approval publishes")]
    [Accepts(typeof(ReviewRequest))]
    [Returns(StatusCodes.Status200OK, typeof(CatalogEntryView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public Task<IResult> ReviewAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Entries + "/{id}/review")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        TransitionAsync<ReviewRequest>(req, client, (r, body) => entries.ReviewAsync(r, id, body!, ct), ct);

    /// <summary>Open a new version.</summary>
    [Function("OpenCatalogVersion")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Open version n+1 of a published entry as a draft (reviewed again before it replaces the published one)")]
    [Accepts(typeof(ReasonRequest))]
    [Returns(StatusCodes.Status200OK, typeof(CatalogEntryView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public Task<IResult> NewVersionAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Entries + "/{id}/versions")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        TransitionAsync<ReasonRequest>(req, client, (r, body) => entries.NewVersionAsync(r, id, body!.Reason, ct), ct);

    /// <summary>Ask to retire an entry.</summary>
    [Function("RequestCatalogRetirement")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Ask to retire a published entry (needs approval; nothing is deleted)")]
    [Accepts(typeof(ReasonRequest))]
    [Returns(StatusCodes.Status200OK, typeof(CatalogEntryView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public Task<IResult> RequestRetirementAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Entries + "/{id}/retirement")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        TransitionAsync<ReasonRequest>(req, client, (r, body) => entries.RequestRetirementAsync(r, id, body!.Reason, ct), ct);

    /// <summary>Decide a retirement request.</summary>
    [Function("DecideCatalogRetirement")]
    [Roles(Role.CatalogReviewer, Role.DataAuthority)]
    [Operation(Tag, "Approve or reject a retirement request (the last reviewer of the jurisdiction's route)")]
    [Accepts(typeof(RetirementDecisionRequest))]
    [Returns(StatusCodes.Status200OK, typeof(CatalogEntryView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public Task<IResult> DecideRetirementAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Entries + "/{id}/retirement/decision")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        TransitionAsync<RetirementDecisionRequest>(req, client, (r, body) => entries.DecideRetirementAsync(r, id, body!, ct), ct);

    /// <summary>Emergency reclassification.</summary>
    [Function("ReclassifyCatalogEntry")]
    [Roles(Role.DataAuthority)]
    [Operation(Tag, "Raise a Conditional or NotShared entry to a more open type until a date (002 第二十条); it falls back by itself")]
    [Accepts(typeof(EmergencyRequest))]
    [Returns(StatusCodes.Status200OK, typeof(CatalogEntryView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public Task<IResult> ReclassifyAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Entries + "/{id}/emergency")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        TransitionAsync<EmergencyRequest>(req, client, (r, body) => entries.ReclassifyAsync(r, id, body!, ct), ct);

    /// <summary>End an emergency reclassification.</summary>
    [Function("EndCatalogEmergency")]
    [Roles(Role.DataAuthority)]
    [Operation(Tag, "End an emergency reclassification before its end date (DataAuthority): the entry falls back to its published sharing type at once")]
    [Accepts(typeof(ReasonRequest))]
    [Returns(StatusCodes.Status200OK, typeof(CatalogEntryView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public Task<IResult> EndEmergencyAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Entries + "/{id}/emergency/end")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        TransitionAsync<ReasonRequest>(req, client, (r, body) => entries.EndEmergencyAsync(r, id, body!.Reason, ct), ct);

    /// <summary>Declare a change of the resource or the law.</summary>
    [Function("DeclareCatalogChange")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Declare that the resource (or the law) changed: the updated entry must be published within the rule set's working days")]
    [Accepts(typeof(ChangeRequest))]
    [Returns(StatusCodes.Status200OK, typeof(CatalogEntryView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public Task<IResult> DeclareChangeAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Entries + "/{id}/changes")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) =>
        TransitionAsync<ChangeRequest>(req, client, (r, body) => entries.DeclareChangeAsync(r, id, body!, ct), ct);

    /// <summary>An entry's history.</summary>
    [Function("GetCatalogHistory")]
    [Operation(Tag, "Every version and event of an entry the caller may see")]
    [Returns(StatusCodes.Status200OK, typeof(CatalogHistoryView))]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> HistoryAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Entries + "/{id}/history")] HttpRequest req, string id, CancellationToken ct) =>
        CatalogAnswers.Ok(await entries.HistoryAsync(RequestContext.Of(req.HttpContext), id, ct));

    /// <summary>The differences between two versions.</summary>
    [Function("DiffCatalogVersions")]
    [Operation(Tag, "The differences between two versions, field by field and data item by data item")]
    [Query("from", "The earlier version number", Required = true, Integer = true)]
    [Query("to", "The later version number", Required = true, Integer = true)]
    [Returns(StatusCodes.Status200OK, typeof(CatalogDiffView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> DiffAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Entries + "/{id}/diff")] HttpRequest req, string id, CancellationToken ct)
    {
        if (CatalogAnswers.Version(req, "from") is not { } from) return Problems.Validation("from", "is required: a version number");
        if (CatalogAnswers.Version(req, "to") is not { } to) return Problems.Validation("to", "is required: a version number");
        return CatalogAnswers.Ok(await entries.DiffAsync(RequestContext.Of(req.HttpContext), id, from, to, ct));
    }

    /// <summary>Working versions the caller may act on.</summary>
    [Function("ListCatalogDrafts")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority)]
    [Operation(Tag, "Working versions the caller may act on: the department's drafts and reviews, or those waiting for the DataAuthority")]
    [Returns(StatusCodes.Status200OK, typeof(CatalogEntryList))]
    public async Task<IResult> DraftsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog/drafts")] HttpRequest req, CancellationToken ct)
    {
        var request = RequestContext.Of(req.HttpContext);
        var docs = await entries.DraftsAsync(request, ct);
        var now = time.GetUtcNow();
        return Results.Ok(new CatalogEntryList(docs.Select(d => CatalogEntryView.Of(d, request.User, now)).ToList()));
    }

    /// <summary>Record the department's annual review.</summary>
    [Function("RecordCatalogAnnualReview")]
    [Roles(Role.CatalogReviewer)]
    [Operation(Tag, "Record the department's full review of its catalog for a year (001 第十条)")]
    [Accepts(typeof(AnnualReviewRequest))]
    [Returns(StatusCodes.Status201Created, typeof(AnnualReviewView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status409Conflict)]
    public async Task<IResult> AnnualReviewAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "catalog/annual-reviews/{year:int}")] HttpRequest req, int year,
        [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        using var _ = clients.Use(client);
        var (body, problem) = await JsonBody.ReadAsync<AnnualReviewRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        var answer = await entries.RecordAnnualReviewAsync(RequestContext.Of(req.HttpContext), year, body!.Note, ct);
        return answer.Kind == CatalogAnswerKind.Created ? Results.Created($"/api/catalog/annual-reviews/{year}", answer.Value) : CatalogAnswers.Problem(answer.Refusal!);
    }

    /// <summary>Download the import template.</summary>
    [Function("GetCatalogTemplate")]
    [Operation(Tag, "Download the import template (csv or xlsx, one row per entry; see docs/catalog.md)")]
    [Query("format", "xlsx (default) or csv")]
    [Returns(StatusCodes.Status200OK, ContentTypes = [CatalogFiles.Xlsx, Csv])]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> TemplateAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog/template")] HttpRequest req, CancellationToken ct) =>
        CatalogAnswers.File(await files.TemplateAsync(RequestContext.Of(req.HttpContext), CatalogAnswers.Single(req, "format"), ct));

    /// <summary>Bulk import of drafts.</summary>
    [Function("ImportCatalog")]
    [Roles(Role.DataSteward)]
    [BodyLimit(CatalogFiles.MaxImportBytes)]
    [Operation(Tag, "Import drafts from a filled-in template (.xlsx, or CSV in UTF-8 or GB18030/GBK: encoding=utf-8|gbk|gb18030 or detected; as the body or a multipart file); nothing is imported if any row is bad")]
    [Query("encoding", "The CSV's encoding: utf-8, gbk, gb2312 or gb18030 (wins over the Content-Type charset); neither means detect")]
    [AcceptsFile(CatalogFiles.Xlsx, Csv, "multipart/form-data")]
    [Returns(StatusCodes.Status201Created, typeof(CatalogImportView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status409Conflict)]
    [Returns(StatusCodes.Status413PayloadTooLarge)]
    public async Task<IResult> ImportAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "catalog/import")] HttpRequest req, CancellationToken ct)
    {
        var (file, charset) = await ReadFileAsync(req, ct);
        var encoding = CatalogAnswers.Single(req, "encoding");
        // The query parameter wins over the Content-Type charset; neither means detect.
        if (CatalogSheet.ParseEncoding(encoding ?? charset) is not { } declared)
            return Problems.Validation(encoding is not null ? "encoding" : "Content-Type", "the CSV encoding must be utf-8 or gb18030 (gbk and gb2312 are read as gb18030)");
        var answer = await files.ImportAsync(RequestContext.Of(req.HttpContext), file, declared, ct);
        return answer.Kind == CatalogAnswerKind.Created ? Results.Created("/api/catalog/drafts", answer.Value) : CatalogAnswers.Problem(answer.Refusal!);
    }

    /// <summary>Export the published catalog.</summary>
    [Function("ExportCatalog")]
    [Operation(Tag, "Export the jurisdiction's published catalog: format=dcat (JSON-LD, DCAT v3), csv or xlsx")]
    [Query("format", "dcat (default), csv or xlsx")]
    [Returns(StatusCodes.Status200OK, ContentTypes = [CatalogFiles.JsonLd, Csv, CatalogFiles.Xlsx])]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> ExportAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog/export")] HttpRequest req, CancellationToken ct)
    {
        var request = RequestContext.Of(req.HttpContext);
        var jurisdiction = request.User.Jurisdiction;
        return CatalogAnswers.File(await files.ExportAsync(request, jurisdiction, CatalogAnswers.Single(req, "format"), openOnly: false,
            CatalogAnswers.BaseUri(req, "catalog", jurisdiction), ct));
    }

    // A transition: the body (when the operation takes one), the Durable client for the deadlines it may start or end, the answer.
    private async Task<IResult> TransitionAsync<T>(HttpRequest req, DurableTaskClient client, Func<RequestContext, T?, Task<CatalogAnswer<CatalogEntryDocument>>> operation,
        CancellationToken ct, bool bodyless = false) where T : class
    {
        using var _ = clients.Use(client);
        T? body = null;
        if (!bodyless)
        {
            var (read, problem) = await JsonBody.ReadAsync<T>(req, optional: false, ct);
            if (problem is not null) return problem;
            body = read;
        }
        var request = RequestContext.Of(req.HttpContext);
        return CatalogAnswers.Entry(await operation(request, body), request, time);
    }

    // The file of an import: the body itself, or the first file of a multipart form; with the charset its Content-Type declares.
    private static async Task<(byte[] File, string? Charset)> ReadFileAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.FirstOrDefault();
            if (file is null) return ([], null);
            using var ms = new MemoryStream();
            await file.CopyToAsync(ms, ct);
            return (ms.ToArray(), CharsetOf(file.ContentType));
        }
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        return (body.ToArray(), CharsetOf(request.ContentType));
    }

    private static string? CharsetOf(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media) && media.Charset.HasValue ? media.Charset.Value : null;
}
