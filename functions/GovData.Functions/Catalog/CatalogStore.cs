using System.Net;
using GovData.Domain.Catalog;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Catalog;

/// <summary>A code is already used in the jurisdiction.</summary>
public sealed class CodeTakenException(string code) : Exception($"code {code} is already used in this jurisdiction's catalog")
{
    /// <summary>The code.</summary>
    public string Code { get; } = code;
}

/// <summary>Someone else changed the entry between our read and our write.</summary>
public sealed class EntryChangedException(string id) : Exception($"entry {id} was changed by someone else at the same time; read it again and retry");

/// <summary>Catalog entries, code reservations and annual reviews in the <c>catalog</c> container.</summary>
public sealed class CatalogStore(Database database)
{
    /// <summary>Entry documents.</summary>
    public const string EntryType = "catalog-entry";
    /// <summary>Code reservations.</summary>
    public const string CodeType = "catalog-code";
    /// <summary>Annual review records.</summary>
    public const string AnnualReviewType = "catalog-annual-review";

    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Catalog);

    /// <summary>The id of the reservation of <paramref name="code"/>.</summary>
    public static string CodeId(string code) => "code:" + code;

    /// <summary>Reads an entry with its ETag, or null.</summary>
    public async Task<CatalogEntryDocument?> FindAsync(string jurisdiction, string id, CancellationToken ct)
    {
        // Entry ids are Guid "N" strings; anything else (a '%' crashes the local emulator's URL decoding) cannot exist.
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return null;
        try
        {
            return (await _container.ReadItemAsync<CatalogEntryDocument>(id, new PartitionKey(jurisdiction), cancellationToken: ct)).Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>Reserves the code, then stores the new entry; the reservation is released if the entry cannot be stored.</summary>
    public async Task<CatalogEntryDocument> CreateAsync(CatalogEntry entry, CancellationToken ct)
    {
        await ReserveAsync(entry.Jurisdiction, entry.Code, entry.Id, ct);
        try
        {
            return (await _container.CreateItemAsync(CatalogEntryDocument.From(entry), new PartitionKey(entry.Jurisdiction), cancellationToken: ct)).Resource;
        }
        catch
        {
            await ReleaseAsync(entry.Jurisdiction, entry.Code, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Replaces the entry if it still has <paramref name="etag"/>; a changed code (only possible before first publication)
    /// moves its reservation. Throws <see cref="EntryChangedException"/> when someone else won.
    /// </summary>
    public async Task<CatalogEntryDocument> ReplaceAsync(CatalogEntry before, CatalogEntry after, string etag, CancellationToken ct)
    {
        var codeChanged = !string.Equals(before.Code, after.Code, StringComparison.Ordinal);
        if (codeChanged) await ReserveAsync(after.Jurisdiction, after.Code, after.Id, ct);
        try
        {
            var saved = (await _container.ReplaceItemAsync(CatalogEntryDocument.From(after), after.Id, new PartitionKey(after.Jurisdiction),
                new ItemRequestOptions { IfMatchEtag = etag }, ct)).Resource;
            if (codeChanged) await ReleaseAsync(before.Jurisdiction, before.Code, ct);
            return saved;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            if (codeChanged) await ReleaseAsync(after.Jurisdiction, after.Code, CancellationToken.None);
            throw new EntryChangedException(after.Id);
        }
    }

    /// <summary>Creates the reservation of <paramref name="code"/>; <see cref="CodeTakenException"/> when it exists.</summary>
    public async Task ReserveAsync(string jurisdiction, string code, string entryId, CancellationToken ct)
    {
        try
        {
            await _container.CreateItemAsync(new CodeReservation(CodeId(code), jurisdiction, entryId), new PartitionKey(jurisdiction), cancellationToken: ct);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict) { throw new CodeTakenException(code); }
    }

    /// <summary>Deletes a reservation (only ever for a code that was never published).</summary>
    public async Task ReleaseAsync(string jurisdiction, string code, CancellationToken ct)
    {
        try { await _container.DeleteItemAsync<CodeReservation>(CodeId(code), new PartitionKey(jurisdiction), cancellationToken: ct); }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { }
    }

    /// <summary>Stores an entry whose code is already reserved (bulk import).</summary>
    public Task CreateReservedAsync(CatalogEntry entry, CancellationToken ct) =>
        _container.CreateItemAsync(CatalogEntryDocument.From(entry), new PartitionKey(entry.Jurisdiction), cancellationToken: ct);

    /// <summary>Every code reserved in the jurisdiction.</summary>
    public async Task<HashSet<string>> CodesAsync(string jurisdiction, CancellationToken ct)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var r in _container.QueryAsync<IdRow>(jurisdiction, "c.type = @t", new Dictionary<string, object?> { ["@t"] = CodeType },
            select: "c.id", pageSize: 1000, cancellationToken: ct))
            codes.Add(r.Id["code:".Length..]);
        return codes;
    }

    private sealed record IdRow(string Id);

    /// <summary>Entries of other departments with exactly these data items (一数一源).</summary>
    public async Task<List<CatalogedItems>> SameItemsAsync(string jurisdiction, string itemKey, CancellationToken ct)
    {
        var docs = await _container.ListAsync<CatalogEntryDocument>(jurisdiction, "c.type = @t AND c.itemKey = @k",
            new Dictionary<string, object?> { ["@t"] = EntryType, ["@k"] = itemKey }, ct);
        return docs.Select(ToItems).ToList();
    }

    /// <summary>Every entry's data item key (for checking a whole import at once).</summary>
    public async Task<List<CatalogedItems>> AllItemsAsync(string jurisdiction, CancellationToken ct)
    {
        var rows = new List<ItemRow>();
        await foreach (var r in _container.QueryAsync<ItemRow>(jurisdiction, "c.type = @t", new Dictionary<string, object?> { ["@t"] = EntryType },
            select: "c.id, c.department, c.itemKey, c.code, c.name", pageSize: 1000, cancellationToken: ct))
            rows.Add(r);
        return rows.Select(r => new CatalogedItems(r.Id, r.Code ?? "", r.Name ?? "", r.Department, r.ItemKey ?? "")).ToList();
    }

    private sealed record ItemRow(string Id, string Department, string? ItemKey, string? Code, string? Name);

    private static CatalogedItems ToItems(CatalogEntryDocument d)
    {
        var c = (d.Entry.Published ?? d.Entry.Working)!.Content;
        return new CatalogedItems(d.Id, c.Code, c.Name, d.Department, d.ItemKey);
    }

    /// <summary>Listed entries matching the filters that the store can apply (the rest is applied in code).</summary>
    public async Task<List<SearchRow>> SearchAsync(string jurisdiction, CatalogSearch search, CancellationToken ct)
    {
        var where = new List<string> { "c.type = @t", "c.listed = true" };
        var p = new Dictionary<string, object?> { ["@t"] = EntryType };
        if (search.Department is { } d) { where.Add("c.department = @d"); p["@d"] = d; }
        if (search.OpenType is { } o) { where.Add("c.listing.openType = @o"); p["@o"] = o.ToString(); }
        if (search.OpenOnly) { where.Add("c.listing.openType != @notOpen"); p["@notOpen"] = nameof(OpenType.NotOpen); }
        if (search.UpdateCycle is { } u) { where.Add("c.listing.updateCycle = @u"); p["@u"] = u.ToString(); }
        if (search.Keyword is { } k) { where.Add("CONTAINS(c.searchText, @k)"); p["@k"] = k.ToLowerInvariant(); }
        if (search.After is { } a) { where.Add("c.listing.code > @after"); p["@after"] = a; }
        var rows = new List<SearchRow>();
        await foreach (var row in _container.QueryAsync<SearchRow>(jurisdiction, string.Join(" AND ", where), p,
            select: "c.listing, c.entry.emergency", pageSize: 1000, cancellationToken: ct))
            rows.Add(row);
        return rows;
    }

    /// <summary>Every listed entry, whole (exports).</summary>
    public Task<List<CatalogEntryDocument>> ListedAsync(string jurisdiction, bool openOnly, CancellationToken ct) =>
        _container.ListAsync<CatalogEntryDocument>(jurisdiction,
            "c.type = @t AND c.listed = true" + (openOnly ? " AND c.listing.openType != @notOpen" : ""),
            new Dictionary<string, object?> { ["@t"] = EntryType, ["@notOpen"] = nameof(OpenType.NotOpen) }, ct);

    /// <summary>Entries with a working version in one of <paramref name="states"/>, optionally of one department.</summary>
    public Task<List<CatalogEntryDocument>> WorkingAsync(string jurisdiction, string? department, IReadOnlyList<string> states, CancellationToken ct)
    {
        var p = new Dictionary<string, object?> { ["@t"] = EntryType };
        var ors = new List<string>();
        for (var i = 0; i < states.Count; i++) { ors.Add($"c.workingState = @s{i}"); p[$"@s{i}"] = states[i]; }
        var where = $"c.type = @t AND ({string.Join(" OR ", ors)})";
        if (department is not null) { where += " AND c.department = @d"; p["@d"] = department; }
        return _container.ListAsync<CatalogEntryDocument>(jurisdiction, where, p, ct);
    }

    /// <summary>Records a department's annual review; false when it was already recorded.</summary>
    public async Task<bool> RecordAnnualReviewAsync(AnnualReviewDocument review, CancellationToken ct)
    {
        try
        {
            await _container.CreateItemAsync(review, new PartitionKey(review.Jurisdiction), cancellationToken: ct);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict) { return false; }
    }

    /// <summary>Whether the department recorded its review of <paramref name="year"/>.</summary>
    public async Task<bool> HasAnnualReviewAsync(string jurisdiction, string department, int year, CancellationToken ct)
    {
        try
        {
            await _container.ReadItemAsync<AnnualReviewDocument>(AnnualReviewId(department, year), new PartitionKey(jurisdiction), cancellationToken: ct);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return false; }
    }

    /// <summary>The id of a department's review of a year.</summary>
    public static string AnnualReviewId(string department, int year) => $"annual-review:{department}:{year}";
}

/// <summary>A search row: the listing and any emergency raise (the effective sharing type is computed from it).</summary>
public sealed record SearchRow(CatalogListing Listing, EmergencyReclassification? Emergency);

/// <summary>Search filters; <see cref="After"/> is the last code of the previous page.</summary>
public sealed record CatalogSearch(string? Department, SharingType? SharingType, OpenType? OpenType, UpdateCycle? UpdateCycle, string? Keyword, string? After, bool OpenOnly);
