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
public sealed class CatalogStore(Database database, ILogger<CatalogStore>? logger = null)
{
    /// <summary>Entry documents.</summary>
    public const string EntryType = "catalog-entry";
    /// <summary>Code reservations.</summary>
    public const string CodeType = "catalog-code";
    /// <summary>Annual review records.</summary>
    public const string AnnualReviewType = "catalog-annual-review";
    /// <summary>The jurisdiction's log of listing changes (one document per partition).</summary>
    public const string ListingChangesType = "catalog-listing-changes";
    /// <summary>The id of the listing change log.</summary>
    public const string ListingChangesId = "listing-changes";
    /// <summary>How many changes the log keeps; a reader further behind reloads the whole index.</summary>
    public const int ListingChangesKept = 500;

    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Catalog);
    private long _listingChanges;

    /// <summary>
    /// How many listing changes this instance has recorded (or tried to): a search index that saw this number need not
    /// read the change log again for changes made here (<see cref="CatalogSearchOptions.ChangeCheckInterval"/>).
    /// </summary>
    public long ListingChangesMadeHere => Interlocked.Read(ref _listingChanges);

    /// <summary>The id of the reservation of <paramref name="code"/>.</summary>
    public static string CodeId(string code) => "code:" + code;

    /// <summary>Reads an entry with its ETag, or null.</summary>
    public async Task<CatalogEntryDocument?> FindAsync(string jurisdiction, string id, CancellationToken ct)
    {
        if (!CouldBeEntryId(id)) return null;
        try
        {
            return (await _container.ReadItemAsync<CatalogEntryDocument>(id, new PartitionKey(jurisdiction), cancellationToken: ct)).Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>
    /// False for a string no entry can have as its id: entry ids are Guid "N" strings, and anything else (a '%' crashes the
    /// local emulator's URL decoding) is not looked up.
    /// </summary>
    public static bool CouldBeEntryId(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

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
            // The store does not send the document back: it is the one just written, and an entry keeps its whole history,
            // so reading it back costs another deserialization as large as the read before the decision.
            var written = CatalogEntryDocument.From(after);
            var response = await _container.ReplaceItemAsync(written, after.Id, new PartitionKey(after.Jurisdiction),
                new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, ct);
            var saved = written with { ETag = response.ETag };
            if (codeChanged) await ReleaseAsync(before.Jurisdiction, before.Code, ct);
            if (ListingChanged(before, after)) await TryRecordListingChangeAsync(after.Jurisdiction, after.Id, ct);
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

    /// <summary>
    /// Which of <paramref name="codes"/> are reserved in the jurisdiction: one point read per code (parallel), so the
    /// cost grows with the file, not with the catalog.
    /// </summary>
    public async Task<HashSet<string>> ReservedAmongAsync(string jurisdiction, IReadOnlyCollection<string> codes, CancellationToken ct)
    {
        var taken = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(codes.Distinct(StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (code, c) =>
        {
            try
            {
                await _container.ReadItemAsync<CodeReservation>(CodeId(code), new PartitionKey(jurisdiction), cancellationToken: c);
                taken.Add(code);
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { }
        });
        return taken.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Whether a transition changes what search shows: listed or not, the published version, or an emergency raise.
    /// Drafts and reviews of a next version change nothing that search serves.
    /// </summary>
    public static bool ListingChanged(CatalogEntry before, CatalogEntry after) =>
        before.IsListed != after.IsListed || before.Published?.Number != after.Published?.Number || before.Emergency != after.Emergency;

    /// <summary>The listing of every listed entry of the jurisdiction, with its search text (one partition query, projected).</summary>
    public async Task<List<SearchRow>> ListingsAsync(string jurisdiction, CancellationToken ct)
    {
        var rows = new List<SearchRow>();
        // One page (-1: as many as the store sends): the emulator re-runs the whole scan for every page.
        await foreach (var row in _container.QueryAsync<SearchRow>(jurisdiction, "c.type = @t AND c.listed = true",
            new Dictionary<string, object?> { ["@t"] = EntryType }, select: "c.id, c.listing, c.entry.emergency, c.searchText, c.itemKey", pageSize: -1, cancellationToken: ct))
            rows.Add(row);
        return rows;
    }

    /// <summary>The jurisdiction's listing change log, or null when nothing was ever recorded.</summary>
    public async Task<ListingChangeLog?> ListingChangesAsync(string jurisdiction, CancellationToken ct)
    {
        try
        {
            return (await _container.ReadItemAsync<ListingChangeLog>(ListingChangesId, new PartitionKey(jurisdiction), cancellationToken: ct)).Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>
    /// Appends "entry <paramref name="entryId"/> changed" to the jurisdiction's listing change log under its ETag (a lost race
    /// re-reads and retries), so every instance's search index picks the change up on its next search.
    /// </summary>
    public async Task RecordListingChangeAsync(string jurisdiction, string entryId, CancellationToken ct)
    {
        try { await AppendListingChangeAsync(jurisdiction, entryId, ct); }
        // Counted after the attempt, failed or not: a search that looked before must look at the log again.
        finally { Interlocked.Increment(ref _listingChanges); }
    }

    private async Task AppendListingChangeAsync(string jurisdiction, string entryId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await ListingChangesAsync(jurisdiction, ct);
            var seq = (current?.Seq ?? 0) + 1;
            var next = new ListingChangeLog(ListingChangesId, jurisdiction, seq,
                [.. (current?.Changes ?? []).TakeLast(ListingChangesKept - 1), new ListingChange(seq, entryId)]);
            try
            {
                if (current is null) await _container.CreateItemAsync(next, new PartitionKey(jurisdiction), cancellationToken: ct);
                else await _container.ReplaceItemAsync(next, ListingChangesId, new PartitionKey(jurisdiction), new ItemRequestOptions { IfMatchEtag = current.ETag }, ct);
                return;
            }
            catch (CosmosException e) when ((e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict) && attempt < 30)
            {
                await Task.Delay(Random.Shared.Next(2, 10) * Math.Min(attempt + 1, 8), ct);
            }
        }
    }

    // The entry is already stored: failing the request now would make the caller retry a transition that happened.
    // An index that misses this mark catches up at its next full reload (CatalogSearchOptions.IndexMaxAge).
    private async Task TryRecordListingChangeAsync(string jurisdiction, string entryId, CancellationToken ct)
    {
        try { await RecordListingChangeAsync(jurisdiction, entryId, ct); }
        catch (Exception e) when (e is CosmosException or HttpRequestException or TimeoutException)
        {
            logger?.LogWarning(e, "Could not record the listing change of catalog entry {Entry} in {Jurisdiction}; search indexes catch up at their next full reload", entryId, jurisdiction);
        }
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

/// <summary>A search row: the listing, any emergency raise (the effective sharing type is computed from it) and the search text.</summary>
public sealed record SearchRow(string Id, CatalogListing Listing, EmergencyReclassification? Emergency, string? SearchText, string? ItemKey);

/// <summary>One mark in the listing change log: entry <paramref name="Id"/> changed at sequence number <paramref name="Seq"/>.</summary>
public sealed record ListingChange(long Seq, string Id);

/// <summary>
/// The jurisdiction's listing change log: a sequence number bumped after every change that search shows, with the
/// last <see cref="CatalogStore.ListingChangesKept"/> changed entry ids. Search indexes compare it with the number they
/// loaded and re-read just those entries.
/// </summary>
public sealed record ListingChangeLog(string Id, string Jurisdiction, long Seq, IReadOnlyList<ListingChange> Changes)
{
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = CatalogStore.ListingChangesType;
    /// <summary>The store's concurrency token.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>Search filters; <see cref="After"/> is the last code of the previous page.</summary>
public sealed record CatalogSearch(string? Department, SharingType? SharingType, OpenType? OpenType, UpdateCycle? UpdateCycle, string? Keyword, string? After, bool OpenOnly);
