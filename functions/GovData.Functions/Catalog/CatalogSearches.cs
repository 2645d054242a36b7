using System.Text;
using GovData.Domain;
using GovData.Domain.Catalog;
using GovData.Functions.Audit;
using GovData.Functions.Errors;

namespace GovData.Functions.Catalog;

/// <summary>
/// Search over the published entries of one jurisdiction, served by <see cref="CatalogSearchIndex"/> (an in-memory index
/// kept in step through the jurisdiction's listing change log): filters, the effective sharing type (which an emergency
/// may raise) and keyset paging by code. The page token is the last code of the page, so a page never repeats or skips
/// an entry when others are published meanwhile.
/// </summary>
public sealed class CatalogSearchEndpoint(CatalogSearchIndex index, IAuditLog audit)
{
    /// <summary>Default page size.</summary>
    public const int DefaultPageSize = 20;
    /// <summary>Largest page size.</summary>
    public const int MaxPageSize = 200;

    /// <summary>Parses the query, searches, audits and answers one page.</summary>
    public async Task<IResult> SearchAsync(HttpContext http, string jurisdiction, bool openOnly, CancellationToken ct)
    {
        var (search, pageSize, errors) = Parse(http.Request.Query, openOnly);
        if (errors.Count > 0) return Problems.Validation(errors);
        var page = await index.SearchAsync(jurisdiction, search, pageSize, ct);
        var next = page.More ? Token(page.Items[^1].Listing.Code) : null;
        await audit.WriteAsync(http.AuditFor(openOnly ? "catalog.open.search" : "catalog.search", $"catalog/{jurisdiction}/entries", jurisdiction) with
        {
            DataContent = $"{page.Items.Count} entries; {http.Request.QueryString.Value}",
        }, ct);
        return Results.Ok(new
        {
            items = page.Items.Select(x => new
            {
                x.Listing.Id, x.Listing.Code, x.Listing.Name, x.Listing.Department, x.Listing.Summary,
                sharingType = x.Effective, publishedSharingType = x.Listing.SharingType,
                x.Listing.OpenType, x.Listing.UpdateCycle, x.Listing.Version, x.Listing.PublishedAt, x.Listing.DataItemNames, x.Listing.Format,
            }),
            nextPageToken = next,
        });
    }

    private static (CatalogSearch Search, int PageSize, List<ValidationError> Errors) Parse(IQueryCollection q, bool openOnly)
    {
        var errors = new List<ValidationError>();
        T? Enum<T>(string name) where T : struct, System.Enum
        {
            var text = q[name].ToString();
            if (text.Length == 0) return null;
            if (DataItemsText.TryEnum<T>(text, out var v)) return v;
            errors.Add(new ValidationError(name, $"must be one of: {string.Join(", ", System.Enum.GetNames<T>())}"));
            return null;
        }
        var department = q["department"].ToString() is { Length: > 0 } d ? d : null;
        if (department is not null && Domain.Identifiers.UnifiedSocialCreditCode.Validate(department) is { } dErr) errors.Add(new("department", dErr));
        var keyword = q["keyword"].ToString().Trim() is { Length: > 0 } k ? k : null;
        if (keyword is { Length: > 100 }) errors.Add(new("keyword", "must be at most 100 characters"));
        var pageSize = DefaultPageSize;
        if (q["pageSize"].ToString() is { Length: > 0 } ps && (!int.TryParse(ps, out pageSize) || pageSize is < 1 or > MaxPageSize))
            errors.Add(new("pageSize", $"must be a whole number from 1 to {MaxPageSize}"));
        string? after = null;
        if (q["pageToken"].ToString() is { Length: > 0 } token)
        {
            after = Untoken(token);
            if (after is null) errors.Add(new("pageToken", "is not a token this API issued"));
        }
        var search = new CatalogSearch(department, Enum<SharingType>("sharingType"), Enum<OpenType>("openType"), Enum<UpdateCycle>("updateCycle"), keyword, after, openOnly);
        if (openOnly && search.OpenType == OpenType.NotOpen) errors.Add(new("openType", "NotOpen entries are not in the open catalog"));
        return (search, pageSize, errors);
    }

    private static string Token(string code) => Convert.ToBase64String(Encoding.UTF8.GetBytes("after:" + code)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Untoken(string token)
    {
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
            return text.StartsWith("after:", StringComparison.Ordinal) && CatalogValidator.CodeProblem(text[6..]) is null ? text[6..] : null;
        }
        catch (FormatException) { return null; }
    }
}
