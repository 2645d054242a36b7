using GovData.Domain.Catalog;
using GovData.Domain.Identifiers;
using GovData.Functions.Errors;
using GovData.Functions.Hosting.Http;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Catalog;

/// <summary>
/// The open part of a jurisdiction's catalog (open type not NotOpen) under /api/open-catalog/{jurisdiction}, readable without a
/// token (<see cref="AnonymousAttribute"/>: the gate lets anonymous callers through, rate-limited by address). Every call is
/// audited under the jurisdiction it reads.
/// </summary>
public sealed class OpenCatalogFunctions(CatalogEntries entries, CatalogSearches searches, CatalogFiles files, TimeProvider time)
{
    private const string Open = "open-catalog/{jurisdiction}";
    private const string Tag = "Open catalog";

    /// <summary>Search the open catalog.</summary>
    [Function("SearchOpenCatalog")]
    [Anonymous]
    [Operation(Tag, "Search the open catalog (no token needed): department, sharingType, openType, updateCycle, keyword, pageSize, pageToken")]
    [Query("department", "The owning department's unified social credit code")]
    [Query("sharingType", "Unconditional, Conditional or NotShared")]
    [Query("openType", "The open type (not NotOpen)")]
    [Query("updateCycle", "The update cycle")]
    [Query("keyword", "Words in the name, summary or data item names (at most 100 characters)")]
    [Query("pageSize", "1 to 200, default 20", Integer = true)]
    [Query("pageToken", "The nextPageToken of the previous page")]
    [Returns(StatusCodes.Status200OK, typeof(CatalogSearchPage))]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> SearchAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Open + "/entries")] HttpRequest req, string jurisdiction, CancellationToken ct)
    {
        if (DivisionCode.Validate(jurisdiction) is { } error) return Problems.Validation("jurisdiction", error);
        return CatalogAnswers.Ok(await searches.SearchAsync(RequestContext.Of(req.HttpContext), jurisdiction, CatalogAnswers.SearchQuery(req), openOnly: true, ct));
    }

    /// <summary>Read one entry of the open catalog.</summary>
    [Function("GetOpenCatalogEntry")]
    [Anonymous]
    [Operation(Tag, "Read one entry of the open catalog (no token needed)")]
    [Returns(StatusCodes.Status200OK, typeof(CatalogEntryView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Open + "/entries/{id}")] HttpRequest req, string jurisdiction, string id, CancellationToken ct)
    {
        if (DivisionCode.Validate(jurisdiction) is { } error) return Problems.Validation("jurisdiction", error);
        var answer = await entries.GetOpenAsync(RequestContext.Of(req.HttpContext), jurisdiction, id, ct);
        // The public's view: the published version only, whoever the caller is.
        return answer.Kind == CatalogAnswerKind.Refused ? CatalogAnswers.Problem(answer.Refusal!) : Results.Ok(CatalogEntryView.Of(answer.Value!, null, time.GetUtcNow()));
    }

    /// <summary>Export the open catalog.</summary>
    [Function("ExportOpenCatalog")]
    [Anonymous]
    [Operation(Tag, "Export the open catalog as DCAT v3 JSON-LD, CSV or xlsx (no token needed)")]
    [Query("format", "dcat (default), csv or xlsx")]
    [Returns(StatusCodes.Status200OK, ContentTypes = [CatalogFiles.JsonLd, "text/csv", CatalogFiles.Xlsx])]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> ExportAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Open + "/export")] HttpRequest req, string jurisdiction, CancellationToken ct)
    {
        if (DivisionCode.Validate(jurisdiction) is { } error) return Problems.Validation("jurisdiction", error);
        return CatalogAnswers.File(await files.ExportAsync(RequestContext.Of(req.HttpContext), jurisdiction, CatalogAnswers.Single(req, "format"), openOnly: true,
            CatalogAnswers.BaseUri(req, "open-catalog", jurisdiction), ct));
    }
}
