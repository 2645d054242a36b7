using GovData.Domain.Catalog;
using GovData.Functions.Errors;
using GovData.Functions.Hosting.Http;

namespace GovData.Functions.Catalog;

/// <summary>
/// How the catalog's HTTP functions read their query and turn a <see cref="CatalogAnswer{T}"/> into an answer: 200 or 201 with
/// the view, a file, or the refusal as problem+json (404, 403, 409 naming the field when there is one, 400 naming every field).
/// </summary>
public static class CatalogAnswers
{
    /// <summary>An entry answer: 201 at <paramref name="location"/> when created, else 200, with the entry as the caller may see it.</summary>
    public static IResult Entry(CatalogAnswer<CatalogEntryDocument> answer, RequestContext request, TimeProvider time, Func<CatalogEntryDocument, string>? location = null)
    {
        if (answer.Kind == CatalogAnswerKind.Refused) return Problem(answer.Refusal!);
        var view = CatalogEntryView.Of(answer.Value!, request.Caller, time.GetUtcNow(), answer.Warnings);
        return answer.Kind == CatalogAnswerKind.Created && location is not null ? Results.Created(location(answer.Value!), view) : Results.Ok(view);
    }

    /// <summary>200 with the value, or the refusal.</summary>
    public static IResult Ok<T>(CatalogAnswer<T> answer) => answer.Kind == CatalogAnswerKind.Refused ? Problem(answer.Refusal!) : Results.Ok(answer.Value);

    /// <summary>The file (a download when it has a name), or the refusal.</summary>
    public static IResult File(CatalogAnswer<CatalogFile> answer)
    {
        if (answer.Kind == CatalogAnswerKind.Refused) return Problem(answer.Refusal!);
        var file = answer.Value!;
        return file.FileName is null ? Results.Bytes(file.Content, file.ContentType) : Results.File(file.Content, file.ContentType, file.FileName);
    }

    /// <summary>The problem+json of a refusal.</summary>
    public static IResult Problem(CatalogRefusal refusal) => refusal.Kind switch
    {
        RefusalKind.NotFound => Problems.NotFound(refusal.Reason),
        RefusalKind.Forbidden => Problems.Forbidden(refusal.Reason),
        RefusalKind.Conflict => Problems.Conflict(refusal.Reason, refusal.Errors.FirstOrDefault()?.Field),
        // The domain's generic reason says nothing the field list does not; a reason of its own (an import's count of bad rows) is the detail.
        _ => Problems.Validation(refusal.Errors, refusal.Reason == CatalogRefusal.Invalid([]).Reason ? null : refusal.Reason),
    };

    /// <summary>A query parameter as the caller wrote it (several values joined by commas), or null when absent.</summary>
    public static string? Single(HttpRequest req, string name) => req.Query.TryGetValue(name, out var values) ? values.ToString() : null;

    /// <summary>A version number from the query, or null when absent or not a whole number.</summary>
    public static int? Version(HttpRequest req, string name) =>
        int.TryParse(Single(req, name), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>The search query of <paramref name="req"/>.</summary>
    public static CatalogSearchQuery SearchQuery(HttpRequest req) => new(
        Single(req, "department"), Single(req, "sharingType"), Single(req, "openType"), Single(req, "updateCycle"),
        Single(req, "keyword"), Single(req, "pageSize"), Single(req, "pageToken"));

    /// <summary>Where a DCAT export's entries live: this API's <paramref name="area"/> (catalog or open-catalog) of the jurisdiction.</summary>
    public static string BaseUri(HttpRequest req, string area, string jurisdiction) => $"{req.Scheme}://{req.Host}/api/{area}/{jurisdiction}";
}
