using System.Globalization;
using System.Net;
using System.Text.Json.Serialization;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Workflow;

/// <summary>One timer listed in a bucket: its id and the instant the sweep must queue it.</summary>
public sealed record TimerBucketEntry(string Id, long FireMs);

/// <summary>
/// The timers that fall in one time slot of one jurisdiction (one shard of it), so the sweep finds the due timers with
/// point reads instead of a query over every timer. Entries are only added: a timer that was cancelled, fired or moved
/// stays listed, and firing checks the timer itself under its ETag.
/// </summary>
public sealed record TimerBucket
{
    /// <summary><c>timer-bucket:{slot, UTC}:{shard}</c>.</summary>
    public required string Id { get; init; }
    /// <summary>The jurisdiction (the partition key).</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Start of the slot, Unix milliseconds.</summary>
    public long SlotMs { get; init; }
    /// <summary>The shard (a stable hash of the timer id), so one busy slot is not one hot, huge document.</summary>
    public int Shard { get; init; }
    /// <summary>The timers listed.</summary>
    public List<TimerBucketEntry> Entries { get; init; } = [];
    /// <summary>Document kind marker in the shared container.</summary>
    public string Type { get; init; } = "deadline-timer-bucket";
    /// <summary>The store's concurrency token, filled on read.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>
/// Where the sweep of one jurisdiction has got to: every bucket entry firing at or before <see cref="SweptThroughMs"/>
/// was queued. <see cref="ClaimMs"/> is set while a sweep reads the buckets up to that instant, so a timer indexed
/// meanwhile at or before it is moved ahead instead of being missed.
/// </summary>
public sealed record TimerSweepCursor
{
    /// <summary>The single cursor document of a jurisdiction.</summary>
    public const string DocumentId = "timer-sweep-cursor";

    /// <summary>Always <see cref="DocumentId"/>.</summary>
    public string Id { get; init; } = DocumentId;
    /// <summary>The jurisdiction (the partition key).</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Every entry firing at or before this instant (Unix ms) was queued; null until the first sweep finished.</summary>
    public long? SweptThroughMs { get; init; }
    /// <summary>The instant a running sweep reads up to; null when none runs.</summary>
    public long? ClaimMs { get; init; }
    /// <summary>When the last sweep finished.</summary>
    public DateTimeOffset? SweptAt { get; init; }
    /// <summary>Document kind marker in the shared container.</summary>
    public string Type { get; init; } = "deadline-timer-cursor";
    /// <summary>The store's concurrency token, filled on read.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    /// <summary>Entries firing at or before this instant may not be seen by a sweep any more.</summary>
    [JsonIgnore]
    public long Horizon => Math.Max(SweptThroughMs ?? long.MinValue, ClaimMs ?? long.MinValue);
}

/// <summary>
/// The time-bucketed index of deadline timers and the sweep over it. The protocol that keeps it at-least-once:
/// <list type="bullet">
/// <item>An owner writes the bucket entry, then the timer, then reads the cursor (<see cref="EnsureAheadAsync"/>): if a
/// sweep has passed or is passing the fire time, the entry is written again just ahead of the cursor and the cursor read
/// again, until the cursor is behind the entry. A sweep that claims past the entry afterwards reads the bucket afterwards.</item>
/// <item>A sweep claims <c>now</c> on the cursor (ETag), reads the buckets from its position up to the claim, queues the
/// entries in between, then moves the cursor to the claim (ETag). A crash before that re-reads and re-queues (harmless);
/// a sweep that lost the cursor to another leaves it alone.</item>
/// </list>
/// </summary>
public sealed class DeadlineTimerIndex(Container container)
{
    /// <summary>Slot length. Changing it (or <see cref="Shards"/>) orphans the existing buckets: it is not configuration.</summary>
    public const long SlotMs = 60 * 60 * 1000;
    /// <summary>Buckets per slot.</summary>
    public const int Shards = 16;
    /// <summary>How many slots one step of a sweep reads at most, so a sweep after a long outage catches up in bounded steps.</summary>
    public const int MaxSlotsPerSweep = 48;
    /// <summary>How many such steps one run takes at most (16 x 48 h: a cursor up to 32 days behind catches up at once).</summary>
    public const int MaxStepsPerSweep = 16;

    /// <summary>The start of the slot of <paramref name="ms"/>.</summary>
    public static long SlotOf(long ms) => ms - (((ms % SlotMs) + SlotMs) % SlotMs);

    /// <summary>A stable shard of a timer id (FNV-1a: string.GetHashCode differs between processes).</summary>
    public static int ShardOf(string id)
    {
        var hash = 2166136261u;
        foreach (var c in id) hash = (hash ^ c) * 16777619u;
        return (int)(hash % Shards);
    }

    /// <summary>The id of a bucket.</summary>
    public static string BucketId(long slotMs, int shard) =>
        $"timer-bucket:{DateTimeOffset.FromUnixTimeMilliseconds(slotMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture)}:{shard}";

    /// <summary>Lists a timer in the bucket of <paramref name="fireMs"/> (idempotent). Call before writing the timer.</summary>
    public async Task AddAsync(string jurisdiction, string id, long fireMs, CancellationToken ct) =>
        await AddManyAsync(jurisdiction, SlotOf(fireMs), ShardOf(id), [new TimerBucketEntry(id, fireMs)], ct);

    /// <summary>Lists many timers, one write per bucket (bulk import). Call before writing the timers.</summary>
    public async Task AddManyAsync(string jurisdiction, IEnumerable<TimerBucketEntry> entries, int parallelism, CancellationToken ct)
    {
        var groups = entries.GroupBy(e => (Slot: SlotOf(e.FireMs), Shard: ShardOf(e.Id))).ToList();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
            async (g, token) => await AddManyAsync(jurisdiction, g.Key.Slot, g.Key.Shard, g.ToList(), token));
    }

    private async Task AddManyAsync(string jurisdiction, long slot, int shard, IReadOnlyList<TimerBucketEntry> entries, CancellationToken ct)
    {
        var id = BucketId(slot, shard);
        var key = new PartitionKey(jurisdiction);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var bucket = await ReadAsync<TimerBucket>(id, jurisdiction, ct);
                if (bucket is null)
                {
                    await container.CreateItemAsync(new TimerBucket { Id = id, Jurisdiction = jurisdiction, SlotMs = slot, Shard = shard, Entries = [.. entries.Distinct()] }, key, cancellationToken: ct);
                    return;
                }
                var missing = entries.Where(e => !bucket.Entries.Contains(e)).Distinct().ToList();
                if (missing.Count == 0) return;
                await container.ReplaceItemAsync(bucket with { Entries = [.. bucket.Entries, .. missing], ETag = null }, id, key,
                    new ItemRequestOptions { IfMatchEtag = bucket.ETag }, ct);
                return;
            }
            catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict && attempt < 50)
            {
                // Another writer added to the same bucket first: read it again (with a little jitter so they spread out).
                await Task.Delay(Random.Shared.Next(1, 5 + attempt * 2), ct);
            }
        }
    }

    /// <summary>
    /// After the timer was written with next fire time <paramref name="fireMs"/>: makes sure a sweep will still see it,
    /// moving its entry ahead of the cursor while a sweep has passed (or is passing) that instant, e.g. a deadline already
    /// in the past, or a clock behind the sweep's.
    /// </summary>
    public async Task EnsureAheadAsync(string jurisdiction, string id, long fireMs, CancellationToken ct)
    {
        var at = fireMs;
        for (var round = 0; round < 20; round++)
        {
            var cursor = await ReadAsync<TimerSweepCursor>(TimerSweepCursor.DocumentId, jurisdiction, ct);
            // No sweep has run yet: the first one finds every pending timer by query (BootstrapAsync), this one included.
            if (cursor is null || cursor.SweptThroughMs is null && cursor.ClaimMs is null) return;
            if (at > cursor.Horizon) return;
            at = cursor.Horizon + 1;
            await AddAsync(jurisdiction, id, at, ct);
        }
        throw new InvalidOperationException($"timer {id}: the sweep kept moving past it while it was being indexed");
    }

    /// <summary>The cursor of a jurisdiction, or null before its first sweep.</summary>
    public Task<TimerSweepCursor?> CursorAsync(string jurisdiction, CancellationToken ct) => ReadAsync<TimerSweepCursor>(TimerSweepCursor.DocumentId, jurisdiction, ct);

    /// <summary>
    /// One sweep of a jurisdiction: hands the entries that came due since the last sweep to <paramref name="queue"/>
    /// (which must queue them durably before returning), then advances the cursor. Returns the entries queued.
    /// <paramref name="bootstrap"/> lists every pending timer the first time (no cursor yet), for timers written before
    /// the index existed.
    /// </summary>
    public async Task<IReadOnlyList<TimerBucketEntry>> SweepAsync(string jurisdiction, DateTimeOffset now,
        Func<IReadOnlyList<TimerBucketEntry>, CancellationToken, Task> queue,
        Func<CancellationToken, Task<IReadOnlyList<TimerBucketEntry>>> bootstrap, CancellationToken ct)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var cursor = await CursorAsync(jurisdiction, ct);
        if (cursor?.SweptThroughMs is null)
            return await BootstrapAsync(jurisdiction, cursor, nowMs, queue, bootstrap, ct);
        var queued = new List<TimerBucketEntry>();
        // A cursor far behind (an outage, a clock that jumped) catches up in steps of MaxSlotsPerSweep slots, each step
        // claimed and committed on its own, and at most MaxStepsPerSweep steps per run; the next run goes on from there.
        for (var step = 0; step < MaxStepsPerSweep && cursor is { SweptThroughMs: { } swept } && swept < nowMs; step++)
        {
            var upTo = Math.Min(nowMs, SlotOf(swept + 1) + MaxSlotsPerSweep * SlotMs - 1);
            var claimed = await TryReplaceCursorAsync(cursor with { ClaimMs = upTo }, ct);
            if (claimed is null) break;

            var reads = new List<Task<TimerBucket?>>();
            for (var slot = SlotOf(swept + 1); slot <= upTo; slot += SlotMs)
                for (var shard = 0; shard < Shards; shard++)
                    reads.Add(ReadAsync<TimerBucket>(BucketId(slot, shard), jurisdiction, ct));
            var due = (await Task.WhenAll(reads))
                .Where(b => b is not null)
                .SelectMany(b => b!.Entries)
                .Where(e => e.FireMs > swept && e.FireMs <= upTo)
                .DistinctBy(e => e.Id)
                .ToList();
            if (due.Count > 0) await queue(due, ct);
            queued.AddRange(due);

            // Someone else took the cursor meanwhile (a second sweep): leave it to them; what was queued is harmless.
            cursor = await TryReplaceCursorAsync(claimed with { SweptThroughMs = Math.Max(swept, upTo), ClaimMs = null, SweptAt = now }, ct);
        }
        return queued;
    }

    private async Task<IReadOnlyList<TimerBucketEntry>> BootstrapAsync(string jurisdiction, TimerSweepCursor? cursor, long nowMs,
        Func<IReadOnlyList<TimerBucketEntry>, CancellationToken, Task> queue,
        Func<CancellationToken, Task<IReadOnlyList<TimerBucketEntry>>> bootstrap, CancellationToken ct)
    {
        // Claim first, then list: an owner that reads the cursor before the claim wrote its timer before the listing.
        TimerSweepCursor? claimed;
        if (cursor is null)
        {
            try
            {
                claimed = (await container.CreateItemAsync(new TimerSweepCursor { Jurisdiction = jurisdiction, ClaimMs = nowMs }, new PartitionKey(jurisdiction), cancellationToken: ct)).Resource;
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict) { return []; }
        }
        else claimed = await TryReplaceCursorAsync(cursor with { ClaimMs = Math.Max(nowMs, cursor.ClaimMs ?? long.MinValue) }, ct);
        if (claimed is null) return [];
        var claim = claimed.ClaimMs!.Value;

        var pending = await bootstrap(ct);
        var due = pending.Where(e => e.FireMs <= claim).DistinctBy(e => e.Id).ToList();
        await AddManyAsync(jurisdiction, pending.Where(e => e.FireMs > claim), 8, ct);
        if (due.Count > 0) await queue(due, ct);
        await TryReplaceCursorAsync(claimed with { SweptThroughMs = claim, ClaimMs = null, SweptAt = DateTimeOffset.FromUnixTimeMilliseconds(nowMs) }, ct);
        return due;
    }

    private async Task<TimerSweepCursor?> TryReplaceCursorAsync(TimerSweepCursor cursor, CancellationToken ct)
    {
        try
        {
            return (await container.ReplaceItemAsync(cursor with { ETag = null }, cursor.Id, new PartitionKey(cursor.Jurisdiction),
                new ItemRequestOptions { IfMatchEtag = cursor.ETag }, ct)).Resource;
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound) { return null; }
    }

    private async Task<T?> ReadAsync<T>(string id, string jurisdiction, CancellationToken ct) where T : class
    {
        try
        {
            return (await container.ReadItemAsync<T>(id, new PartitionKey(jurisdiction), cancellationToken: ct)).Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }
}
