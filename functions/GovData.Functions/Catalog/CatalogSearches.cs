using System.Text;
using GovData.Domain;
using GovData.Domain.Catalog;
using GovData.Functions.Audit;
using GovData.Functions.Hosting.Http;

namespace GovData.Functions.Catalog;

/// <summary>
/// Search over the published entries of one jurisdiction, served by <see cref="CatalogSearchIndex"/> (an in-memory index
/// kept in step through the jurisdiction's listing change log): filters, the effective sharing type (which an emergency
/// may raise) and keyset paging by code. The page token is the last code of the page, so a page never repeats or skips
/// an entry when others are published meanwhile.
/// </summary>
public sealed class CatalogSearches(CatalogSearchIndex index, IAuditLog audit)
{
    /// <summary>Default page size.</summary>
    public const int DefaultPageSize = 20;
    /// <summary>Largest page size.</summary>
    public const int MaxPageSize = 200;

    /// <summary>
    /// Checks the query, searches one page of <paramref name="jurisdiction"/>'s published entries (only the open ones when
    /// <paramref name="openOnly"/>) and audits it; a bad query is refused naming every bad field.
    /// </summary>
    public async Task<CatalogAnswer<CatalogSearchPage>> SearchAsync(RequestContext request, string jurisdiction, CatalogSearchQuery query, bool openOnly, CancellationToken ct)
    {
        var action = openOnly ? "catalog.open.search" : "catalog.search";
        var record = request.AuditFor(action, $"catalog/{jurisdiction}/entries", jurisdiction);
        var (search, pageSize, errors) = Parse(query, openOnly);
        if (errors.Count > 0)
        {
            var refusal = CatalogRefusal.Invalid(errors);
            await audit.WriteAsync(record with { Outcome = Domain.Audit.AuditOutcome.Refused, Reason = refusal.Kind + ": " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Reason}")) }, ct);
            return CatalogAnswer<CatalogSearchPage>.Refused(refusal);
        }
        var page = await index.SearchAsync(jurisdiction, search, pageSize, ct);
        var next = page.More ? Token(page.Items[^1].Listing.Code) : null;
        var asked = query.Describe();
        await audit.WriteAsync(record with { DataContent = $"{page.Items.Count} entries; {(asked.Length > 0 ? "?" + asked : "")}" }, ct);
        return CatalogAnswer<CatalogSearchPage>.Done(new CatalogSearchPage(
            page.Items.Select(x => new CatalogSearchItem(x.Listing.Id, x.Listing.Code, x.Listing.Name, x.Listing.Department, x.Listing.Summary,
                x.Effective, x.Listing.SharingType, x.Listing.OpenType, x.Listing.UpdateCycle, x.Listing.Version, x.Listing.PublishedAt,
                x.Listing.DataItemNames, x.Listing.Format)).ToList(),
            next));
    }

    private static (CatalogSearch Search, int PageSize, List<ValidationError> Errors) Parse(CatalogSearchQuery q, bool openOnly)
    {
        var errors = new List<ValidationError>();
        T? Enum<T>(string name, string? text) where T : struct, System.Enum
        {
            if (string.IsNullOrEmpty(text)) return null;
            if (DataItemsText.TryEnum<T>(text, out var v)) return v;
            errors.Add(new ValidationError(name, $"must be one of: {string.Join(", ", System.Enum.GetNames<T>())}"));
            return null;
        }
        var department = q.Department is { Length: > 0 } d ? d : null;
        if (department is not null && Domain.Identifiers.UnifiedSocialCreditCode.Validate(department) is { } dErr) errors.Add(new("department", dErr));
        var keyword = q.Keyword?.Trim() is { Length: > 0 } k ? k : null;
        if (keyword is { Length: > 100 }) errors.Add(new("keyword", "must be at most 100 characters"));
        var pageSize = DefaultPageSize;
        if (q.PageSize is { Length: > 0 } ps && (!int.TryParse(ps, out pageSize) || pageSize is < 1 or > MaxPageSize))
            errors.Add(new("pageSize", $"must be a whole number from 1 to {MaxPageSize}"));
        string? after = null;
        if (q.PageToken is { Length: > 0 } token)
        {
            after = Untoken(token);
            if (after is null) errors.Add(new("pageToken", "is not a token this API issued"));
        }
        var search = new CatalogSearch(department, Enum<SharingType>("sharingType", q.SharingType), Enum<OpenType>("openType", q.OpenType),
            Enum<UpdateCycle>("updateCycle", q.UpdateCycle), keyword, after, openOnly);
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
