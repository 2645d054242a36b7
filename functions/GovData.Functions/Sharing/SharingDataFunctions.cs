using GovData.Domain.Identity;
using GovData.Functions.Errors;
using GovData.Functions.Hosting.Http;
using GovData.Functions.Sharing.AccessExceptions;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Sharing;

/// <summary>
/// The HTTP functions of the data calls behind the access checks, under /api/sharing: the API query, verification (比对验证) and
/// download links, under a grant (Conditional data) or directly (Unconditional data), the download itself, and the exceptions to
/// 004 第十三条. Each calls <see cref="SharingDataService"/> or <see cref="AccessExceptionService"/>; see docs/sharing.md.
/// </summary>
public sealed class SharingDataFunctions(SharingDataService data, AccessExceptionService exceptions)
{
    private const string Tag = "Sharing";

    /// <summary>API query under a grant.</summary>
    [Function("QueryGrantData")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority, Role.CoordinationOffice)]
    [Operation(Tag, "API query under a grant (method Api): rows of the current curated version with only the requested granted items, equality filters on granted items, pages of `top` rows with a continuation token")]
    [Accepts(typeof(DataQueryBody))]
    [Returns(StatusCodes.Status200OK, typeof(DataQueryPage))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    [Returns(StatusCodes.Status422UnprocessableEntity)]
    public Task<IResult> QueryGrantAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sharing/grants/{id}/query")] HttpRequest req, string id, CancellationToken ct) =>
        QueryAsync(req, DataScope.Grant(id), ct);

    /// <summary>Verification under a grant.</summary>
    [Function("VerifyGrantData")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority, Role.CoordinationOffice)]
    [Operation(Tag, "Verification under a grant (method Verification, 比对验证): does a record with these values of granted items exist? Only yes or no")]
    [Accepts(typeof(VerifyBody))]
    [Returns(StatusCodes.Status200OK, typeof(DataVerification))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public Task<IResult> VerifyGrantAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sharing/grants/{id}/verify")] HttpRequest req, string id, CancellationToken ct) =>
        VerifyAsync(req, DataScope.Grant(id), ct);

    /// <summary>A download link under a grant.</summary>
    [Function("CreateGrantDownloadLink")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority, Role.CoordinationOffice)]
    [Operation(Tag, "A download link under a grant (method FileDownload): valid for minutes, for the caller only, to a CSV of the granted items")]
    [Accepts(typeof(DownloadLinkBody))]
    [Returns(StatusCodes.Status201Created, typeof(DownloadLinkView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    [Returns(StatusCodes.Status422UnprocessableEntity)]
    public Task<IResult> CreateGrantLinkAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sharing/grants/{id}/download-links")] HttpRequest req, string id,
        CancellationToken ct) => CreateLinkAsync(req, DataScope.Grant(id), ct);

    /// <summary>API query of Unconditional data.</summary>
    [Function("QueryEntryData")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority, Role.CoordinationOffice)]
    [Operation(Tag, "API query of Unconditional data (after a filing where the rule set requires one)")]
    [Accepts(typeof(DataQueryBody))]
    [Returns(StatusCodes.Status200OK, typeof(DataQueryPage))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    [Returns(StatusCodes.Status422UnprocessableEntity)]
    public Task<IResult> QueryEntryAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sharing/entries/{entryId}/query")] HttpRequest req, string entryId,
        CancellationToken ct) => QueryAsync(req, DataScope.Entry(entryId), ct);

    /// <summary>Verification against Unconditional data.</summary>
    [Function("VerifyEntryData")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority, Role.CoordinationOffice)]
    [Operation(Tag, "Verification against Unconditional data: yes or no")]
    [Accepts(typeof(VerifyBody))]
    [Returns(StatusCodes.Status200OK, typeof(DataVerification))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public Task<IResult> VerifyEntryAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sharing/entries/{entryId}/verify")] HttpRequest req, string entryId,
        CancellationToken ct) => VerifyAsync(req, DataScope.Entry(entryId), ct);

    /// <summary>A download link to Unconditional data.</summary>
    [Function("CreateEntryDownloadLink")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority, Role.CoordinationOffice)]
    [Operation(Tag, "A download link to Unconditional data")]
    [Accepts(typeof(DownloadLinkBody))]
    [Returns(StatusCodes.Status201Created, typeof(DownloadLinkView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    [Returns(StatusCodes.Status422UnprocessableEntity)]
    public Task<IResult> CreateEntryLinkAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sharing/entries/{entryId}/download-links")] HttpRequest req,
        string entryId, CancellationToken ct) => CreateLinkAsync(req, DataScope.Entry(entryId), ct);

    /// <summary>Record an exception to 004 第十三条.</summary>
    [Function("ApproveAccessException")]
    [Roles(Role.DataAuthority)]
    [Operation(Tag, "Record an exception to 004 第十三条 (DataAuthority): a department may export an entry's data in bulk and/or query it freely, with reasons, until a date")]
    [Accepts(typeof(AccessExceptionRequest))]
    [Returns(StatusCodes.Status201Created, typeof(GovData.Domain.Sharing.AccessException))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status422UnprocessableEntity)]
    public async Task<IResult> ApproveExceptionAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sharing/access-exceptions")] HttpRequest req, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<AccessExceptionRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return SharingAnswers.Created(await exceptions.ApproveAsync(RequestContext.Of(req.HttpContext), body!, ct), e => $"/api/sharing/access-exceptions?department={e.Department}");
    }

    /// <summary>List exceptions to 004 第十三条.</summary>
    [Function("ListAccessExceptions")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority, Role.CoordinationOffice)]
    [Operation(Tag, "Exceptions to 004 第十三条: all of the jurisdiction for the DataAuthority, the department's own otherwise")]
    [Returns(StatusCodes.Status200OK, typeof(AccessExceptionList))]
    public async Task<IResult> ListExceptionsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sharing/access-exceptions")] HttpRequest req, CancellationToken ct) =>
        Results.Ok(await exceptions.ListAsync(RequestContext.Of(req.HttpContext), ct));

    /// <summary>The file of a download link.</summary>
    [Function("DownloadSharedData")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority, Role.CoordinationOffice)]
    [Operation(Tag, "The file of a download link: its holder only, until it expires, and only while the access rules still allow it")]
    [Returns(StatusCodes.Status200OK, ContentTypes = ["text/csv"])]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    [Returns(StatusCodes.Status410Gone)]
    public async Task<IResult> DownloadAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sharing/downloads/{token}")] HttpRequest req, string token, CancellationToken ct)
    {
        var download = await data.DownloadAsync(RequestContext.Of(req.HttpContext), token, ct);
        if (download.ExpiredAt is { } expired)
            return Results.Problem(statusCode: StatusCodes.Status410Gone, type: Problems.TypeOf("gone"), title: "Link expired",
                detail: $"the download link expired at {expired:O}; ask for a new one");
        var answer = download.Answer!;
        if (answer.Refusal is not null) return SharingAnswers.Ok(answer);
        var file = answer.Value!;
        req.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{file.FileName}\"";
        req.HttpContext.Response.Headers.CacheControl = "no-store";
        return Results.Stream(file.WriteAsync, "text/csv; charset=utf-8");
    }

    private async Task<IResult> QueryAsync(HttpRequest req, DataScope scope, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<DataQueryBody>(req, optional: false, ct);
        if (problem is not null) return problem;
        return SharingAnswers.Ok(await data.QueryAsync(RequestContext.Of(req.HttpContext), scope, body!, ct));
    }

    private async Task<IResult> VerifyAsync(HttpRequest req, DataScope scope, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<VerifyBody>(req, optional: false, ct);
        if (problem is not null) return problem;
        return SharingAnswers.Ok(await data.VerifyAsync(RequestContext.Of(req.HttpContext), scope, body!, ct));
    }

    private async Task<IResult> CreateLinkAsync(HttpRequest req, DataScope scope, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<DownloadLinkBody>(req, optional: false, ct);
        if (problem is not null) return problem;
        return SharingAnswers.Created(await data.CreateLinkAsync(RequestContext.Of(req.HttpContext), scope, body!, ct), l => l.Url);
    }
}
