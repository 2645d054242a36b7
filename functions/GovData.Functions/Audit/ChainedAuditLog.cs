using System.Threading.Channels;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using GovData.Domain.Audit;
using GovData.Domain.Calendar;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Audit;

/// <summary>
/// The audit log of record (docs/architecture.md, Audit). A write is durable before it returns, in one of two ways:
/// <list type="number">
/// <item>normally, group commit: one committer per instance gathers the records of concurrent requests and writes them as
/// one journal document in Cosmos (<see cref="AuditJournal"/>); the archiver then chains them, in the background and in
/// bigger batches, into the jurisdiction's day file (append blobs in the <c>audit</c> container, one hash-chained line
/// per record, rolled into segments by size), writes the table index from what it chained, signs the day's head
/// (<see cref="AuditSigner"/>, kept in Cosmos apart from the trail) at most every second, and deletes the journal
/// document;</item>
/// <item>when the journal cannot be written, the group is chained and indexed at once, before the write returns.</item>
/// </list>
/// Appends are conditional on the append position, so writers on any number of instances serialize per day file without
/// forking the chain: a writer that loses reads what was appended meanwhile (learning the new head and those ids) and
/// chains after it. Reading the trail (<see cref="QueryAsync"/>, verify) first chains whatever is still in the journal,
/// this instance's and any left by an instance that stopped.
/// </summary>
public sealed class ChainedAuditLog : IAuditLog, IAsyncDisposable
{
    private const int MaxGroupRecords = 1000;
    private const int MaxGroupChars = 900_000;
    private const int MaxAppendBytes = 3_800_000;
    private const int MaxKnownIds = 200_000;
    private const int MaxBacklog = 50_000;
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan OrphanSweepInterval = TimeSpan.FromSeconds(30);

    private readonly BlobContainerClient _container;
    private readonly TableAuditLog _index;
    private readonly AuditJournal _journal;
    private readonly TimeProvider _time;
    private readonly ILogger<ChainedAuditLog> _logger;
    private readonly long _segmentMaxBytes;
    private readonly TimeSpan _archiveDelay;
    private readonly TimeSpan _journalTimeout;
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private readonly Channel<Pending> _incoming = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _commitSlots = new(2, 2);
    private readonly SemaphoreSlim _archiveGate = new(1, 1);
    private readonly SemaphoreSlim _archiveSignal = new(0, int.MaxValue);
    private readonly Lock _queueLock = new();
    private readonly List<Journaled> _journaled = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _chainedDocuments = new();
    private readonly Dictionary<(string, DateOnly), DayChain> _chains = [];
    private readonly CancellationTokenSource _stop = new();
    private long _sequence;
    private long _backlog;
    private long _lastOrphanSweep = long.MinValue;
    private int _started;
    private Task _committer = Task.CompletedTask;
    private Task _archiver = Task.CompletedTask;

    /// <summary>Creates the log; its committer and archiver start with the first write or read.</summary>
    public ChainedAuditLog(BlobServiceClient blobs, TableAuditLog index, Database cosmos, IConfiguration configuration, TimeProvider time, ILoggerFactory loggers)
    {
        _container = blobs.GetBlobContainerClient(StorageNames.Blobs.Audit);
        _index = index;
        _journal = new AuditJournal(cosmos);
        _time = time;
        _logger = loggers.CreateLogger<ChainedAuditLog>();
        Signer = new AuditSigner(configuration, loggers.CreateLogger<AuditSigner>());
        _segmentMaxBytes = configuration.GetValue<long?>("Audit:SegmentMaxBytes") ?? 64L * 1024 * 1024;
        _archiveDelay = TimeSpan.FromMilliseconds(configuration.GetValue<int?>("Audit:ArchiveDelayMilliseconds") ?? 100);
        // The journal gets part of a Cosmos call's deadline, not all of it: an operation that audits first and then writes
        // Cosmos must still answer within about one deadline when Cosmos stops answering (the fallback chains the group
        // in Azurite at once). 1 s, or a third of the Cosmos deadline when that is shorter; a group commit takes milliseconds.
        var cosmosDeadline = configuration.GetValue<TimeSpan?>("Cosmos:CallTimeout") ?? TimeSpan.FromSeconds(5);
        _journalTimeout = configuration.GetValue<TimeSpan?>("Audit:JournalTimeout") ?? TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, cosmosDeadline.Ticks / 3));
    }

    /// <summary>The key that signs the checkpoints.</summary>
    public AuditSigner Signer { get; }

    /// <summary>The journal and head documents.</summary>
    public AuditJournal Journal => _journal;

    /// <summary>The blob of segment 0 of a jurisdiction's trail for one Beijing day.</summary>
    public static string BlobName(string jurisdiction, DateOnly day) => SegmentName(jurisdiction, day, 0);

    /// <summary>The blob of segment <paramref name="segment"/> of a day: <c>dd.jsonl</c>, then <c>dd.s0001.jsonl</c>, ... (names sort in chain order).</summary>
    public static string SegmentName(string jurisdiction, DateOnly day, int segment) =>
        segment == 0 ? $"{jurisdiction}/{day:yyyy}/{day:MM}/{day:dd}.jsonl" : $"{jurisdiction}/{day:yyyy}/{day:MM}/{day:dd}.s{segment:D4}.jsonl";

    /// <inheritdoc />
    public async Task WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var bounded = AuditRecordBounds.Apply(record);
        EnsureStarted();
        var pending = new Pending(bounded, AuditChain.CanonicalJson(bounded));
        if (!_incoming.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(ChainedAuditLog));
        await pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditRecord> QueryAsync(AuditQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        await foreach (var r in _index.QueryAsync(query, cancellationToken)) yield return r;
    }

    /// <summary>
    /// Chains and indexes everything journaled so far (this instance's groups and any another instance left behind) and
    /// signs the heads it moved; throws when the trail cannot be written (the caller answers 503).
    /// </summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        EnsureStarted();
        await ArchivePassAsync(orphans: true, forceCheckpoint: true, ct);
    }

    /// <summary>Reads the lines of a day (every segment, in order; empty when there is none).</summary>
    public async Task<IReadOnlyList<string>> ReadDayAsync(string jurisdiction, DateOnly day, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        foreach (var (name, _) in await SegmentsAsync(jurisdiction, day, cancellationToken))
        {
            try
            {
                var content = await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
                lines.AddRange(content.Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
            catch (RequestFailedException e) when (e.Status == 404) { }
        }
        return lines;
    }

    /// <summary>The last hash before <paramref name="day"/>: the last link of the latest earlier day, or the genesis hash.</summary>
    public async Task<string> LastHashBeforeAsync(string jurisdiction, DateOnly day, CancellationToken cancellationToken)
    {
        // Day files are named by date and segments sort after their day, so the latest earlier one is the greatest name below this day's.
        var before = BlobName(jurisdiction, day);
        string? latest = null;
        await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, jurisdiction + "/", cancellationToken))
            if (string.CompareOrdinal(item.Name, before) < 0 && (latest is null || string.CompareOrdinal(item.Name, latest) > 0)) latest = item.Name;
        if (latest is null) return AuditChain.Genesis;
        var blob = _container.GetBlobClient(latest);
        var length = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ContentLength;
        for (var window = 1L << 20; ; window *= 8)
        {
            var from = Math.Max(0, length - window);
            var text = (await blob.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(from) }, cancellationToken)).Value.Content.ToString();
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length == 0) return from == 0 ? AuditChain.Genesis : throw new InvalidDataException($"{latest} ends without a line");
            if (AuditChain.FromLine(lines[^1]) is { } link) return link.Hash;
            if (from == 0) throw new InvalidDataException($"the last line of {latest} is not an audit link");
        }
    }

    private void EnsureStarted()
    {
        if (Interlocked.CompareExchange(ref _started, 1, 0) != 0) return;
        _committer = Task.Run(CommitLoopAsync);
        _archiver = Task.Run(ArchiveLoopAsync);
    }

    // ---- group commit ----

    private sealed record Pending(AuditRecord Record, string Json)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Journaled(string? DocumentId, IReadOnlyList<AuditRecord> Records, bool Orphan);

    private async Task CommitLoopAsync()
    {
        var reader = _incoming.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            var group = new List<Pending>();
            var chars = 0;
            while (group.Count < MaxGroupRecords && chars < MaxGroupChars && reader.TryRead(out var p))
            {
                group.Add(p);
                chars += p.Json.Length;
            }
            if (group.Count == 0) continue;
            // Backpressure: while the archiver is far behind (a burst), new groups wait instead of piling up in the journal.
            while (Interlocked.Read(ref _backlog) > MaxBacklog && !_stop.IsCancellationRequested) await Task.Delay(5);
            await _commitSlots.WaitAsync();
            _ = CommitAsync(group).ContinueWith(_ => _commitSlots.Release(), TaskScheduler.Default);
        }
    }

    private async Task CommitAsync(List<Pending> group)
    {
        var records = group.Select(p => p.Record).ToList();
        var doc = new AuditJournalDocument { Id = $"{_instance}-{Interlocked.Increment(ref _sequence):D10}", Owner = _instance, Records = group.Select(p => p.Json).ToList() };
        try
        {
            using (var deadline = new CancellationTokenSource(_journalTimeout))
                await _journal.CreateAsync(doc, deadline.Token);
            lock (_queueLock) _journaled.Add(new Journaled(doc.Id, records, Orphan: false));
            Interlocked.Add(ref _backlog, records.Count);
            _archiveSignal.Release();
            foreach (var p in group) p.Done.TrySetResult();
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogWarning(e, "Audit journal unavailable; chaining {Count} records directly", group.Count);
        }
        try
        {
            // The journal cannot take the group: chain it now, so the operations still answer only once their records are stored.
            await _archiveGate.WaitAsync();
            try { await ArchiveAsync([new Journaled(null, records, Orphan: false)], CancellationToken.None); }
            finally { _archiveGate.Release(); }
            foreach (var p in group) p.Done.TrySetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            foreach (var p in group) p.Done.TrySetException(e);
        }
    }

    // ---- archiving ----

    private async Task ArchiveLoopAsync()
    {
        var failures = 0;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _archiveSignal.WaitAsync(CheckpointInterval, _stop.Token);
                // Let a few more groups arrive, so each append and index batch carries many records.
                await Task.Delay(_archiveDelay, _stop.Token);
                while (_archiveSignal.CurrentCount > 0) await _archiveSignal.WaitAsync(_stop.Token);
                var sweep = System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastOrphanSweep)) > OrphanSweepInterval || _lastOrphanSweep == long.MinValue;
                await ArchivePassAsync(sweep, forceCheckpoint: false, _stop.Token);
                failures = 0;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                failures++;
                _logger.LogWarning(e, "Audit archiving failed ({Failures} in a row); the journal keeps the records and it retries", failures);
                try { await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * failures)), _stop.Token); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    // Only the appends and the index hold the archive gate; the Cosmos-only steps (listing what other instances left in the
    // journal, deleting the chained journal documents, signing and storing the heads) run outside it, so a group chained directly because Cosmos stopped answering
    // does not wait behind them. The heads only ever move forward (ETag), so two checkpoints at once are harmless.
    private async Task ArchivePassAsync(bool orphans, bool forceCheckpoint, CancellationToken ct)
    {
        List<AuditJournalDocument>? pending = null;
        if (orphans)
        {
            Interlocked.Exchange(ref _lastOrphanSweep, System.Diagnostics.Stopwatch.GetTimestamp());
            pending = await _journal.PendingAsync(ct);
        }
        await _archiveGate.WaitAsync(ct);
        try
        {
            List<Journaled> batch;
            lock (_queueLock) { batch = [.. _journaled]; _journaled.Clear(); }
            try
            {
                if (pending is not null)
                {
                    var mine = batch.Select(b => b.DocumentId).ToHashSet();
                    foreach (var doc in pending)
                        if (doc.Owner != _instance && !mine.Contains(doc.Id))
                            batch.Add(new Journaled(doc.Id, doc.Records.Select(AuditChain.RecordFromJson).ToList(), Orphan: true));
                }
                if (batch.Count > 0) await ArchiveAsync(batch, ct);
                await IndexChainedAsync(ct);
                Interlocked.Add(ref _backlog, -batch.Where(b => !b.Orphan).Sum(b => b.Records.Count));
            }
            catch
            {
                // Put the groups back (in order) for the next pass; they are still in the journal.
                lock (_queueLock) _journaled.InsertRange(0, batch.Where(b => !b.Orphan));
                throw;
            }
        }
        finally { _archiveGate.Release(); }
        await DeleteChainedAsync(ct);
        await CheckpointAsync(forceCheckpoint, ct);
    }

    // Records a failed pass chained and did not index (also one chained directly whose write then failed) reach the index on
    // the next pass, even when nothing new arrives for their day.
    private async Task IndexChainedAsync(CancellationToken ct)
    {
        List<DayChain> chains;
        lock (_chains) chains = [.. _chains.Values];
        foreach (var chain in chains) await chain.IndexChainedAsync(ct);
    }

    private async Task ArchiveAsync(IReadOnlyList<Journaled> batch, CancellationToken ct)
    {
        var orphanIds = batch.Where(b => b.Orphan).SelectMany(b => b.Records).Select(r => r.Id).ToHashSet();
        foreach (var group in batch.SelectMany(b => b.Records).GroupBy(r => (r.Jurisdiction, ChinaTime.DateOf(r.At))))
        {
            var chain = await ChainAsync(group.Key.Jurisdiction, group.Key.Item2, ct);
            await chain.AppendAsync(group.ToList(), orphanIds, ct);
        }
        // Deleted after the archive gate is released (DeleteChainedAsync): chained, they are safe in the day file.
        foreach (var b in batch.Where(b => b.DocumentId is not null)) _chainedDocuments.Enqueue(b.DocumentId!);
    }

    // Deletes the journal documents whose records are chained. One that cannot be deleted now is tried again on the next pass;
    // meanwhile it stays in the journal, and whoever sweeps it finds its records chained and indexed and skips them.
    private async Task DeleteChainedAsync(CancellationToken ct)
    {
        var ids = new List<string>();
        while (_chainedDocuments.TryDequeue(out var id)) ids.Add(id);
        if (ids.Count == 0) return;
        var failed = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (id, token) =>
        {
            try { await _journal.DeleteAsync(id, token); }
            catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested) { failed.Add(id); }
        });
        foreach (var id in failed) _chainedDocuments.Enqueue(id);
        if (!failed.IsEmpty) _logger.LogWarning("Could not delete {Count} chained audit journal documents; retrying on the next pass", failed.Count);
    }

    private async Task CheckpointAsync(bool force, CancellationToken ct)
    {
        List<DayChain> chains;
        lock (_chains) chains = [.. _chains.Values];
        foreach (var chain in chains)
            if (chain.NeedsCheckpoint(force, CheckpointInterval))
                await chain.CheckpointAsync(ct);
        // Days more than two days back are closed for this instance: drop their state (reloaded from the head if needed).
        // Only under the archive gate (every append holds it) and only once loaded and signed to its end: a chain dropped
        // while a pass was loading or appending to it would take that pass's records out of every later checkpoint.
        if (!await _archiveGate.WaitAsync(0, ct)) return;
        try
        {
            var today = ChinaTime.DateOf(_time.GetUtcNow());
            lock (_chains)
                foreach (var key in _chains.Keys.Where(k => k.Item2 < today.AddDays(-2) && _chains[k].SignedToEnd).ToList())
                    _chains.Remove(key);
        }
        finally { _archiveGate.Release(); }
    }

    private async Task<DayChain> ChainAsync(string jurisdiction, DateOnly day, CancellationToken ct)
    {
        DayChain chain;
        lock (_chains)
            if (!_chains.TryGetValue((jurisdiction, day), out chain!))
                _chains[(jurisdiction, day)] = chain = new DayChain(this, jurisdiction, day);
        await chain.EnsureLoadedAsync(ct);
        return chain;
    }

    private async Task<List<(string Name, int Segment)>> SegmentsAsync(string jurisdiction, DateOnly day, CancellationToken ct)
    {
        var prefix = $"{jurisdiction}/{day:yyyy}/{day:MM}/{day:dd}.";
        var list = new List<(string, int)>();
        await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, ct))
        {
            var rest = item.Name[prefix.Length..];
            if (rest == "jsonl") list.Add((item.Name, 0));
            else if (rest.Length == 11 && rest[0] == 's' && rest.EndsWith(".jsonl", StringComparison.Ordinal) && int.TryParse(rest[1..5], out var n)) list.Add((item.Name, n));
        }
        return [.. list.OrderBy(s => s.Item2)];
    }

    /// <inheritdoc />
    // On the thread pool: hosts (and tests) dispose the container synchronously on threads with a synchronization
    // context, and the flush below must not need that thread to continue.
    // Once: the container disposes it twice (as itself and as the IAuditLog its factory returned).
    public ValueTask DisposeAsync()
    {
        lock (_queueLock) _disposal ??= Task.Run(DisposeCoreAsync);
        return new(_disposal);
    }

    private Task? _disposal;

    private async Task DisposeCoreAsync()
    {
        _incoming.Writer.TryComplete();
        if (Volatile.Read(ref _started) == 1)
        {
            try
            {
                await _committer.WaitAsync(TimeSpan.FromSeconds(30));
                for (var i = 0; i < 2; i++) { await _commitSlots.WaitAsync(TimeSpan.FromSeconds(30)); }
                await ArchivePassAsync(orphans: false, forceCheckpoint: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _logger.LogWarning(e, "Audit trail not fully chained at shutdown; the journal keeps the rest for the next instance");
            }
        }
        _stop.Cancel();
        try { await _archiver.WaitAsync(TimeSpan.FromSeconds(10)); } catch (Exception e) when (e is OperationCanceledException or TimeoutException) { }
        Signer.Dispose();
    }

    /// <summary>One jurisdiction's day as this instance knows it: the segment and offset it appends at, the head, the ids seen.</summary>
    private sealed class DayChain(ChainedAuditLog log, string jurisdiction, DateOnly day)
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private readonly HashSet<string> _known = new(StringComparer.Ordinal);
        private readonly Queue<string> _knownOrder = new();
        private readonly List<AuditPosition> _unindexed = [];
        private bool _loaded;
        private int _segment;
        private long _offset;
        private long _count;
        private string _lastHash = AuditChain.Genesis;
        private AuditCursor? _cursor;
        private long _checkpointed = -1;
        private long _checkpointedAt;

        public async Task EnsureLoadedAsync(CancellationToken ct)
        {
            if (_loaded) return;
            await _lock.WaitAsync(ct);
            try { if (!_loaded) await LoadAsync(ct); }
            finally { _lock.Release(); }
        }

        private async Task LoadAsync(CancellationToken ct)
        {
            var segments = await log.SegmentsAsync(jurisdiction, day, ct);
            // The signed head (Cosmos) is not read here: chaining must not wait on Cosmos (a group is chained directly exactly
            // when Cosmos does not answer). The day is signed again on the next pass; the head only ever moves forward.
            var cursor = await log._index.CursorAsync(jurisdiction, day, ct);
            if (segments.Count == 0)
            {
                (_segment, _offset, _count, _lastHash) = (0, 0, 0, await log.LastHashBeforeAsync(jurisdiction, day, ct));
                _cursor = new AuditCursor(0, 0, 0, _lastHash);
                _checkpointed = -1;
                _loaded = true;
                return;
            }
            // From the head's cursor (everything before it is indexed) to the end: index what is not, learn the head and the ids.
            var start = cursor ?? new AuditCursor(0, 0, 0, await log.LastHashBeforeAsync(jurisdiction, day, ct));
            (_segment, _offset, _count, _lastHash) = (start.Segment, start.Offset, start.Count, start.Hash);
            var caughtUp = new List<AuditPosition>();
            foreach (var (_, n) in segments.Where(s => s.Segment >= start.Segment))
            {
                if (n != _segment) (_segment, _offset) = (n, 0);
                caughtUp.AddRange(await ReadOnAsync(ct));
            }
            if (caughtUp.Count > 0) await log._index.IndexAsync(jurisdiction, day, caughtUp, ct);
            _cursor = new AuditCursor(_segment, _offset, _count, _lastHash);
            _checkpointed = -1;
            _loaded = true;
        }

        /// <summary>Chains the records not in the trail yet, after whatever others appended meanwhile, then indexes them.</summary>
        public async Task AppendAsync(List<AuditRecord> records, HashSet<string> orphanIds, CancellationToken ct)
        {
            await _lock.WaitAsync(ct);
            try
            {
                var todo = new List<AuditRecord>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                // A group another instance left behind may be chained already: its records are in the rows of the time since
                // the earliest of them (a minute's margin for the table's time precision), or were read on from the cursor when this day loaded.
                var orphans = records.Where(r => orphanIds.Contains(r.Id) && !_known.Contains(r.Id)).ToList();
                var indexed = orphans.Count == 0 ? []
                    : await log._index.IndexedIdsSinceAsync(jurisdiction, day, orphans.Min(r => r.At).AddMinutes(-1), ct);
                foreach (var r in records)
                {
                    if (!seen.Add(r.Id) || _known.Contains(r.Id) || indexed.Contains(r.Id)) continue;
                    // Ids derived from the operation are looked up in the id rows.
                    if (!AuditRecordBounds.IsRandomId(r.Id) && await log._index.HasIdAsync(jurisdiction, r.Id, ct)) continue;
                    todo.Add(r);
                }
                for (var attempt = 0; todo.Count > 0; attempt++)
                {
                    if (attempt > 200) throw new TimeoutException($"could not append to the audit trail of {jurisdiction} {day:yyyy-MM-dd}: too much contention");
                    var links = new List<AuditChainLink>();
                    var text = new System.Text.StringBuilder();
                    var prev = _lastHash;
                    foreach (var r in todo)
                    {
                        var link = AuditChain.Link(prev, r);
                        var line = AuditChain.ToLine(link);
                        if (links.Count > 0 && text.Length + line.Length > MaxAppendBytes / 3) break;
                        links.Add(link);
                        text.Append(line);
                        prev = link.Hash;
                    }
                    var bytes = System.Text.Encoding.UTF8.GetBytes(text.ToString());
                    if (_offset >= log._segmentMaxBytes)
                    {
                        // The segment is full, as every writer that reads it to the end sees: go on in the next one,
                        // chained to this one's last line (and learn what others appended there already).
                        (_segment, _offset) = (_segment + 1, 0);
                        await CreateSegmentAsync(ct);
                        _unindexed.AddRange(await ReadOnAsync(ct));
                        todo.RemoveAll(r => _known.Contains(r.Id));
                        continue;
                    }
                    var blob = log._container.GetAppendBlobClient(SegmentName(jurisdiction, day, _segment));
                    try
                    {
                        using var content = new MemoryStream(bytes);
                        await blob.AppendBlockAsync(content, new AppendBlobAppendBlockOptions
                        {
                            Conditions = new AppendBlobRequestConditions { IfAppendPositionEqual = _offset },
                        }, ct);
                        _offset += bytes.Length;
                        _unindexed.AddRange(links.Select((l, i) => new AuditPosition(_count + i, l.Record)));
                        _count += links.Count;
                        _lastHash = prev;
                        foreach (var l in links) Remember(l.Record.Id);
                        todo.RemoveRange(0, links.Count);
                    }
                    catch (RequestFailedException e) when (e.Status == 412)
                    {
                        // Another writer appended first: learn what it wrote, then chain after it.
                        _unindexed.AddRange(await ReadOnAsync(ct));
                        todo.RemoveAll(r => _known.Contains(r.Id));
                    }
                    catch (RequestFailedException e) when (e.ErrorCode == "BlockCountExceedsLimit")
                    {
                        // Azure's 50,000 blocks: the segment is full for every writer alike.
                        _unindexed.AddRange(await ReadOnAsync(ct));
                        todo.RemoveAll(r => _known.Contains(r.Id));
                        (_segment, _offset) = (_segment + 1, 0);
                        await CreateSegmentAsync(ct);
                        _unindexed.AddRange(await ReadOnAsync(ct));
                    }
                    catch (RequestFailedException e) when (e.Status == 404)
                    {
                        await CreateSegmentAsync(ct);
                        _unindexed.AddRange(await ReadOnAsync(ct));
                        todo.RemoveAll(r => _known.Contains(r.Id));
                    }
                }
                await IndexChainedLockedAsync(ct);
            }
            finally { _lock.Release(); }
        }

        /// <summary>Indexes what was chained but could not be indexed yet (the table failed after the append).</summary>
        public async Task IndexChainedAsync(CancellationToken ct)
        {
            await _lock.WaitAsync(ct);
            try { if (_unindexed.Count > 0) await IndexChainedLockedAsync(ct); }
            finally { _lock.Release(); }
        }

        // Under _lock. The positions stay until the index has them: a record chained in a pass whose index write failed is
        // in _known, so the retried pass does not append it again and would otherwise never index it. The cursor (how far
        // the index is complete) moves only once they are indexed.
        private async Task IndexChainedLockedAsync(CancellationToken ct)
        {
            if (_unindexed.Count > 0)
            {
                await log._index.IndexAsync(jurisdiction, day, _unindexed, ct);
                _unindexed.Clear();
            }
            _cursor = new AuditCursor(_segment, _offset, _count, _lastHash);
        }

        private async Task CreateSegmentAsync(CancellationToken ct)
        {
            try
            {
                await log._container.GetAppendBlobClient(SegmentName(jurisdiction, day, _segment))
                    .CreateAsync(new AppendBlobCreateOptions { Conditions = new AppendBlobRequestConditions { IfNoneMatch = ETag.All } }, ct);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412) { }
        }

        // Reads the current segment from the known offset to its end: the links others appended.
        private async Task<List<AuditPosition>> ReadOnAsync(CancellationToken ct)
        {
            var blob = log._container.GetBlobClient(SegmentName(jurisdiction, day, _segment));
            BinaryData content;
            try { content = (await blob.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(_offset) }, ct)).Value.Content; }
            catch (RequestFailedException e) when (e.Status is 416 or 404) { return []; }
            var bytes = content.ToMemory();
            var records = new List<AuditPosition>();
            var end = bytes.Span.LastIndexOf((byte)'\n');
            if (end < 0) return records;
            foreach (var line in System.Text.Encoding.UTF8.GetString(bytes.Span[..(end + 1)]).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var link = AuditChain.FromLine(line) ?? throw new InvalidDataException($"{blob.Name} has a line that is not an audit link");
                records.Add(new AuditPosition(_count, link.Record));
                _lastHash = link.Hash;
                _count++;
                Remember(link.Record.Id);
            }
            _offset += end + 1;
            return records;
        }

        private void Remember(string id)
        {
            if (!_known.Add(id)) return;
            _knownOrder.Enqueue(id);
            if (_knownOrder.Count > MaxKnownIds) _known.Remove(_knownOrder.Dequeue());
        }

        /// <summary>Loaded, and its last checkpoint covers every record it chained.</summary>
        public bool SignedToEnd => _loaded && _count == _checkpointed;

        public bool NeedsCheckpoint(bool force, TimeSpan interval) =>
            _loaded && _count != _checkpointed && (force || System.Diagnostics.Stopwatch.GetElapsedTime(_checkpointedAt) >= interval);

        public async Task CheckpointAsync(CancellationToken ct)
        {
            AuditCursor cursor;
            SignedAuditCheckpoint signed;
            await _lock.WaitAsync(ct);
            try
            {
                cursor = _cursor ?? new AuditCursor(_segment, _offset, _count, _lastHash);
                signed = log.Signer.Sign(jurisdiction, day, cursor.Count, cursor.Hash, log._time.GetUtcNow());
            }
            finally { _lock.Release(); }
            // The index cursor (how far the index is complete) beside the index; the signed head in Cosmos, apart from the trail.
            await log._index.AdvanceCursorAsync(jurisdiction, day, cursor, ct);
            await log._journal.AdvanceHeadAsync(jurisdiction, day, signed, ct);
            _checkpointed = cursor.Count;
            _checkpointedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        }
    }
}
