using System.Collections.Concurrent;
using GovData.Domain.Catalog;

namespace GovData.Functions.Catalog;

/// <summary>Settings of catalog search (section <c>Catalog:Search</c>).</summary>
public sealed class CatalogSearchOptions
{
    /// <summary>
    /// How long an index serves changes only from the listing change log before it reloads the whole jurisdiction
    /// (the bound on staleness if a change mark was ever lost after its entry was stored).
    /// </summary>
    public TimeSpan IndexMaxAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How many jurisdictions' snapshots one instance keeps; past it the least recently searched one is dropped (and
    /// reloaded if searched again). Bounds the memory the anonymous open catalog could be made to fill.
    /// </summary>
    public int MaxJurisdictions { get; set; } = 64;

    /// <summary>
    /// How long a snapshot that matched the change log is used without reading the log again, unless this instance has
    /// changed a listing since. Every catalog read checks for 一数一源 duplicates through the index, so this saves a point
    /// read of the log (up to 500 marks) per read; the cost is that another instance's publication shows here up to this
    /// much later. Zero reads the log on every search.
    /// </summary>
    public TimeSpan ChangeCheckInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>One listed entry as search holds it (with its data item key for the 一数一源 check).</summary>
public sealed record IndexedListing(CatalogListing Listing, EmergencyReclassification? Emergency, string SearchText, string ItemKey);

/// <summary>One page of search results.</summary>
public sealed record SearchPage(IReadOnlyList<(CatalogListing Listing, SharingType Effective)> Items, bool More);

/// <summary>
/// An in-memory search index of each jurisdiction's published catalog, kept in step with the store through the
/// jurisdiction's listing change log: every search reads the log by id (one point read); when its sequence number moved,
/// only the entries named since are re-read by id; a reader too far behind reloads the listings with one partition query.
/// A snapshot older than <see cref="CatalogSearchOptions.IndexMaxAge"/> is reloaded in the background (a safety net for a
/// lost change mark). Only listings of published, not retired entries are ever loaded, so drafts cannot be served.
/// </summary>
public sealed class CatalogSearchIndex(CatalogStore store, TimeProvider time, Microsoft.Extensions.Options.IOptions<CatalogSearchOptions> options)
{
    private sealed record Snapshot(long Seq, DateTimeOffset LoadedAt, IndexedListing[] ByCode, IReadOnlyDictionary<string, IndexedListing> ById)
    {
        /// <summary>The use counter when a search last used it, for dropping the least recently used.</summary>
        public long LastUsed;

        /// <summary>When the change log last matched it (<see cref="Environment.TickCount64"/>), and this instance's change count then.</summary>
        public (long At, long MadeHere)? Checked;
    }

    private readonly ConcurrentDictionary<string, Snapshot> _snapshots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _reloading = new(StringComparer.Ordinal);

    /// <summary>The jurisdictions whose snapshot this instance holds.</summary>
    public IReadOnlyCollection<string> CachedJurisdictions => _snapshots.Keys.ToArray();

    /// <summary>How many full reloads and incremental refreshes happened (tests and benchmarks read these).</summary>
    public (int FullLoads, int Refreshes, int LogReads) Counters => (_fullLoads, _refreshes, _logReads);
    private int _fullLoads;
    private int _refreshes;
    private int _logReads;
    private long _uses;

    /// <summary>One page of the listed entries of <paramref name="jurisdiction"/> matching <paramref name="search"/>, in code order.</summary>
    public async Task<SearchPage> SearchAsync(string jurisdiction, CatalogSearch search, int pageSize, CancellationToken ct)
    {
        var snapshot = await CurrentAsync(jurisdiction, ct);
        var now = time.GetUtcNow();
        snapshot.LastUsed = Interlocked.Increment(ref _uses);
        var keyword = search.Keyword?.ToLowerInvariant();
        var start = search.After is { } after ? FirstAfter(snapshot.ByCode, after) : 0;
        var items = new List<(CatalogListing, SharingType)>(Math.Min(pageSize + 1, 64));
        for (var i = start; i < snapshot.ByCode.Length && items.Count <= pageSize; i++)
        {
            var x = snapshot.ByCode[i];
            var l = x.Listing;
            if (search.Department is { } d && !string.Equals(l.Department, d, StringComparison.Ordinal)) continue;
            if (search.OpenType is { } o && l.OpenType != o) continue;
            if (search.OpenOnly && l.OpenType == OpenType.NotOpen) continue;
            if (search.UpdateCycle is { } u && l.UpdateCycle != u) continue;
            if (keyword is not null && !x.SearchText.Contains(keyword, StringComparison.Ordinal)) continue;
            var effective = x.Emergency is { } e && e.IsActiveAt(now) && SharingTypes.IsMoreOpen(e.RaisedTo, l.SharingType) ? e.RaisedTo : l.SharingType;
            if (search.SharingType is { } t && effective != t) continue;
            items.Add((l, effective));
        }
        var more = items.Count > pageSize;
        if (more) items.RemoveAt(items.Count - 1);
        return new SearchPage(items, more);
    }

    /// <summary>Published entries of the jurisdiction whose data items have <paramref name="itemKey"/> (一数一源), from the index.</summary>
    public async Task<IReadOnlyList<CatalogedItems>> SameItemsAsync(string jurisdiction, string itemKey, CancellationToken ct)
    {
        if (itemKey.Length == 0) return [];
        var snapshot = await CurrentAsync(jurisdiction, ct);
        return snapshot.ByCode.Where(x => string.Equals(x.ItemKey, itemKey, StringComparison.Ordinal)).Select(ToItems).ToList();
    }

    /// <summary>Every published entry's data item key (checking a whole import at once).</summary>
    public async Task<IReadOnlyList<CatalogedItems>> AllItemsAsync(string jurisdiction, CancellationToken ct) =>
        (await CurrentAsync(jurisdiction, ct)).ByCode.Select(ToItems).ToList();

    private static CatalogedItems ToItems(IndexedListing x) => new(x.Listing.Id, x.Listing.Code, x.Listing.Name, x.Listing.Department, x.ItemKey);

    private async Task<Snapshot> CurrentAsync(string jurisdiction, CancellationToken ct)
    {
        // The change count is read before the log: a change made here after it is seen by the next search.
        var madeHere = store.ListingChangesMadeHere;
        // Monotonic real time, not the TimeProvider: this bounds how stale a cache may be, and a test's frozen clock must not freeze it.
        var now = Environment.TickCount64;
        if (_snapshots.TryGetValue(jurisdiction, out var recent) && recent.Checked is { } check && check.MadeHere == madeHere
            && now - check.At < (long)options.Value.ChangeCheckInterval.TotalMilliseconds)
        {
            if (!Fresh(recent)) ReloadInBackground(jurisdiction);
            return recent;
        }
        // The log is read before the listings, so a change stored after this read carries a later number.
        var log = await store.ListingChangesAsync(jurisdiction, ct);
        Interlocked.Increment(ref _logReads);
        var seq = log?.Seq ?? 0;
        if (_snapshots.TryGetValue(jurisdiction, out var cached) && cached.Seq == seq)
        {
            cached.Checked = (now, madeHere);
            if (!Fresh(cached)) ReloadInBackground(jurisdiction);
            return cached;
        }
        var gate = _gates.GetOrAdd(jurisdiction, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (_snapshots.TryGetValue(jurisdiction, out cached) && cached.Seq >= seq) return cached;
            Snapshot next;
            if (cached is not null && log is not null && CanCatchUp(cached.Seq, log))
            {
                var ids = log.Changes.Where(c => c.Seq > cached.Seq).Select(c => c.Id).Distinct(StringComparer.Ordinal).ToList();
                var byId = new Dictionary<string, IndexedListing>(cached.ById, StringComparer.Ordinal);
                var docs = new CatalogEntryDocument?[ids.Count];
                await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
                    async (i, c) => docs[i] = await store.FindAsync(jurisdiction, ids[i], c));
                for (var i = 0; i < ids.Count; i++)
                {
                    if (docs[i] is { Listed: true, Listing: { } listing } doc) byId[ids[i]] = new IndexedListing(listing, doc.Entry.Emergency, doc.SearchText ?? "", doc.ItemKey);
                    else byId.Remove(ids[i]);
                }
                next = Build(seq, cached.LoadedAt, byId);
                Interlocked.Increment(ref _refreshes);
                if (!Fresh(cached)) ReloadInBackground(jurisdiction);
            }
            else next = await LoadAsync(jurisdiction, seq, ct);
            next.LastUsed = Interlocked.Increment(ref _uses);
            // Built from the log read above (or later marks), so it matched the log as of then.
            if (next.Seq == seq) next.Checked = (now, madeHere);
            _snapshots[jurisdiction] = next;
            Evict(jurisdiction);
            return next;
        }
        finally { gate.Release(); }
    }

    private async Task<Snapshot> LoadAsync(string jurisdiction, long seq, CancellationToken ct)
    {
        var loadedAt = time.GetUtcNow();
        var rows = await store.ListingsAsync(jurisdiction, ct);
        Interlocked.Increment(ref _fullLoads);
        return Build(seq, loadedAt, rows.ToDictionary(r => r.Id, r => new IndexedListing(r.Listing, r.Emergency, r.SearchText ?? "", r.ItemKey ?? ""), StringComparer.Ordinal));
    }

    // The periodic full reload is only a safety net (a change mark lost after its entry was stored), so no request
    // waits for it: searches go on from the caught-up snapshot while one reload per jurisdiction runs.
    private void ReloadInBackground(string jurisdiction)
    {
        if (!_reloading.TryAdd(jurisdiction, true)) return;
        _ = Task.Run(async () =>
        {
            try
            {
                var log = await store.ListingChangesAsync(jurisdiction, CancellationToken.None);
                var next = await LoadAsync(jurisdiction, log?.Seq ?? 0, CancellationToken.None);
                var gate = _gates.GetOrAdd(jurisdiction, _ => new SemaphoreSlim(1, 1));
                await gate.WaitAsync();
                try
                {
                    // A snapshot dropped meanwhile stays dropped; a newer one (caught up meanwhile) stays.
                    if (_snapshots.TryGetValue(jurisdiction, out var current) && current.Seq <= next.Seq)
                    {
                        next.LastUsed = current.LastUsed;
                        _snapshots[jurisdiction] = next;
                    }
                }
                finally { gate.Release(); }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The next search past the age tries again; until then the caught-up snapshot serves.
            }
            finally { _reloading.TryRemove(jurisdiction, out _); }
        });
    }

    private void Evict(string keep)
    {
        var over = _snapshots.Count - Math.Max(1, options.Value.MaxJurisdictions);
        if (over <= 0) return;
        foreach (var (jurisdiction, _) in _snapshots.Where(kv => kv.Key != keep).OrderBy(kv => kv.Value.LastUsed).Take(over).ToList())
            _snapshots.TryRemove(jurisdiction, out _);
    }

    private bool Fresh(Snapshot s) => time.GetUtcNow() - s.LoadedAt < options.Value.IndexMaxAge;

    // The log keeps the last N marks: a reader can catch up only if none after its number was dropped.
    private static bool CanCatchUp(long have, ListingChangeLog log) =>
        have <= log.Seq && (have == log.Seq || log.Changes.Count > 0 && log.Changes[0].Seq <= have + 1);

    private static Snapshot Build(long seq, DateTimeOffset loadedAt, Dictionary<string, IndexedListing> byId)
    {
        var byCode = byId.Values.ToArray();
        Array.Sort(byCode, (a, b) => string.CompareOrdinal(a.Listing.Code, b.Listing.Code));
        return new Snapshot(seq, loadedAt, byCode, byId);
    }

    private static int FirstAfter(IndexedListing[] byCode, string after)
    {
        int lo = 0, hi = byCode.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(byCode[mid].Listing.Code, after) <= 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
