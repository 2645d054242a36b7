using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GovData.Domain.Audit;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using GovData.Domain.Aggregation;
using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Functions.Audit;
using GovData.Functions.Catalog;
using GovData.Functions.Errors;
using GovData.Functions.Hosting;
using GovData.Functions.Storage;
using GovData.Functions.Supervision;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Aggregation;

/// <summary>Why an entry cannot take a submission from the caller.</summary>
public enum EntryRefusal
{
    /// <summary>No such entry, or another department's: 404 so ids cannot be probed.</summary>
    NotFound,
    /// <summary>The caller's own entry, but not published (or retired): 409.</summary>
    NotPublished,
}

/// <summary>
/// The aggregation use cases: open a submission for a published entry of the caller's department, process its file
/// (from the blob trigger, or in the request for a pushed batch), and turn an accepted one into a new immutable curated
/// version with its lineage. At-least-once safe: a submission is processed once, a version number is taken once per
/// submission, and every blob is created with If-None-Match: *.
/// </summary>
public sealed class AggregationService(
    AggregationStore store,
    CatalogStore catalog,
    BlobServiceClient blobs,
    AggregationDeadlines deadlines,
    ISupervisionEvents events,
    IAuditLog audit,
    ICrashPoints crash,
    IOptions<AggregationOptions> options,
    TimeProvider time,
    ILogger<AggregationService> logger,
    IEnumerable<ICuratedVersionObserver> observers)
{
    private readonly AggregationOptions _options = options.Value;

    /// <summary>The audit resource of a submission.</summary>
    public static string Resource(string jurisdiction, string submissionId) => $"aggregation/{jurisdiction}/submissions/{submissionId}";

    /// <summary>The audit resource of an entry's aggregation.</summary>
    public static string EntryResource(string jurisdiction, string entryId) => $"aggregation/{jurisdiction}/entries/{entryId}";

    /// <summary>The published entry the caller's department may submit to, or why not.</summary>
    public async Task<(CatalogEntryDocument? Entry, EntryRefusal? Refusal)> OwnEntryAsync(Caller caller, string entryId, bool requirePublished, CancellationToken ct)
    {
        var doc = await catalog.FindAsync(caller.Jurisdiction, entryId, ct);
        if (doc is null || !caller.ActsIn(doc.Jurisdiction) || !caller.BelongsTo(doc.Department)) return (null, EntryRefusal.NotFound);
        if (requirePublished && !doc.Entry.IsListed) return (null, EntryRefusal.NotPublished);
        return (doc, null);
    }

    /// <summary>The entry's settings, or the defaults.</summary>
    public async Task<AggregationSettings> SettingsAsync(string jurisdiction, string entryId, CancellationToken ct) =>
        (await store.FindSettingsAsync(jurisdiction, entryId, ct))?.Settings ?? AggregationSettings.Default;

    /// <summary>A new submission document for the caller's entry (not stored yet).</summary>
    public SubmissionDocument NewSubmission(Caller caller, CatalogEntryDocument entry, string id, SubmissionChannel channel, SubmissionFormat format,
        SubmissionEncoding encoding, string? fileName) => new()
        {
            Id = id,
            Jurisdiction = entry.Jurisdiction,
            EntryId = entry.Id,
            EntryCode = entry.Code,
            CatalogVersion = entry.Entry.Published!.Number,
            Department = entry.Department,
            SubmittedBy = caller.UserId,
            CreatedAt = time.GetUtcNow(),
            Channel = channel,
            Format = format,
            Encoding = encoding,
            FileName = fileName,
            SourceBlob = CuratedLayout.IncomingBlob(entry.Jurisdiction, entry.Id, id, format),
        };

    /// <summary>The submission id of a pushed batch: derived from the entry and the batch id, so a repeated batch finds the first.</summary>
    public static string BatchSubmissionId(string entryId, string batchId) =>
        "b" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(entryId + "/" + batchId)))[..40];

    /// <summary>
    /// Processes the file of an upload or a direct post when its blob arrives. Does nothing for a name the platform did not
    /// issue, a finished submission (redelivery), or one another delivery is processing right now. A failure is recorded
    /// and rethrown so the trigger retries; after <see cref="AggregationOptions.MaxAttempts"/> the submission is marked
    /// Failed with the reason and the raw file stays in <c>incoming</c>.
    /// </summary>
    public async Task<string> ProcessIncomingAsync(string blobName, CancellationToken ct)
    {
        if (CuratedLayout.ParseIncoming(blobName) is not var (jurisdiction, _, submissionId)) return $"ignored {blobName}: not a name the platform issued";
        var sub = await store.FindSubmissionAsync(jurisdiction, submissionId, ct);
        if (sub is null || sub.SourceBlob != blobName) return $"ignored {blobName}: no submission";
        if (sub.Channel == SubmissionChannel.Batch) return $"ignored {blobName}: batches are processed when pushed";
        var claimed = await ClaimAsync(sub, ct);
        if (claimed is null) return $"skipped {submissionId}: already {sub.State}";
        var blob = blobs.GetBlobContainerClient(StorageNames.Blobs.Incoming).GetBlobClient(blobName);
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value;
            // allowModifications: false pins the read to the blob's ETag: a blob changed mid-read fails the attempt instead of mixing two files.
            await using var blobStream = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = 1 << 20 }, ct);
            // Read it once, front to back: seeking the blob stream means a ranged request per jump (a workbook is spooled to disk instead).
            await using var source = new ForwardOnly(blobStream);
            // Arrival is when the platform saw the file (the app's clock, not the storage service's): the post, or the trigger's first attempt.
            var receivedAt = claimed.Channel == SubmissionChannel.Direct ? claimed.CreatedAt : claimed.ProcessingStartedAt ?? time.GetUtcNow();
            var done = await CompleteAsync(claimed, source, properties.ContentLength, receivedAt, ct);
            return $"{submissionId}: {done.State}";
        }
        catch (Exception e)
        {
            var cancelled = ct.IsCancellationRequested;
            await GiveUpOrReleaseAsync(claimed, e, cancelled);
            if (!cancelled && claimed.Attempts >= _options.MaxAttempts) return $"{submissionId}: failed after {claimed.Attempts} attempts";
            throw;
        }
    }

    /// <summary>Processes a pushed batch in the request (small by limit); the raw batch is kept in <c>incoming</c> as JSON Lines.</summary>
    public async Task<SubmissionDocument> ProcessBatchAsync(SubmissionDocument claimed, byte[] jsonLines, CancellationToken ct)
    {
        var blob = blobs.GetBlobContainerClient(StorageNames.Blobs.Incoming).GetBlobClient(claimed.SourceBlob);
        try
        {
            try
            {
                await blob.UploadAsync(new BinaryData(jsonLines), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, ct);
            }
            catch (RequestFailedException e) when (e.Status == 409) { /* a retry of the same batch: the same bytes are already kept */ }
            using var source = new MemoryStream(jsonLines, writable: false);
            return await CompleteAsync(claimed, source, jsonLines.Length, claimed.CreatedAt, ct);
        }
        catch (Exception e)
        {
            await GiveUpOrReleaseAsync(claimed, e, ct.IsCancellationRequested);
            throw;
        }
    }

    /// <summary>Takes the submission for one processing attempt; null when it is finished or another attempt holds it.</summary>
    public async Task<SubmissionDocument?> ClaimAsync(SubmissionDocument sub, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await store.UpdateSubmissionAsync(sub.Jurisdiction, sub.Id, current =>
        {
            if (current.State is SubmissionState.Accepted or SubmissionState.Rejected or SubmissionState.Failed) return null;
            if (current.State == SubmissionState.Processing && current.LeaseUntil is { } lease && lease > now) return null;
            return current with
            {
                State = SubmissionState.Processing,
                Attempts = current.Attempts + 1,
                LeaseUntil = now + _options.ProcessingLease,
                ProcessingStartedAt = current.ProcessingStartedAt ?? now,
            };
        }, ct);
    }

    // A cancelled attempt (the host is stopping) does not count and gives the submission back at once; a failed one
    // records its error, and the last allowed one marks the submission Failed so the trigger stops retrying.
    private async Task GiveUpOrReleaseAsync(SubmissionDocument claimed, Exception e, bool cancelled)
    {
        if (cancelled)
        {
            await store.UpdateSubmissionAsync(claimed.Jurisdiction, claimed.Id, current => current.State != SubmissionState.Processing ? null
                : current with { LeaseUntil = null, Attempts = Math.Max(0, current.Attempts - 1) }, CancellationToken.None);
            return;
        }
        var giveUp = claimed.Attempts >= _options.MaxAttempts;
        var reason = $"{e.GetType().Name}: {e.Message}";
        logger.LogWarning(e, "Aggregation submission {Id} failed on attempt {Attempt}", claimed.Id, claimed.Attempts);
        await store.UpdateSubmissionAsync(claimed.Jurisdiction, claimed.Id, current => current.State != SubmissionState.Processing ? null : current with
        {
            State = giveUp ? SubmissionState.Failed : SubmissionState.Processing,
            LeaseUntil = null,
            LastError = reason,
            FailureReason = giveUp ? $"processing failed {claimed.Attempts} times; the raw file is kept at incoming/{claimed.SourceBlob}. Last error: {reason}" : null,
            CompletedAt = giveUp ? time.GetUtcNow() : null,
        }, CancellationToken.None);
        if (giveUp)
        {
            await audit.WriteAsync(AuditExtensions.SystemAudit(time, claimed.Jurisdiction, "aggregation.submission.fail", Resource(claimed.Jurisdiction, claimed.Id), claimed.Id) with
            {
                Department = claimed.Department,
                Outcome = Domain.Audit.AuditOutcome.Failed,
                Reason = reason,
            }, CancellationToken.None);
        }
    }

    /// <summary>Checks the file, writes the report, curates an accepted one, records the outcome, schedules the next due date.</summary>
    private async Task<SubmissionDocument> CompleteAsync(SubmissionDocument sub, Stream source, long? length, DateTimeOffset receivedAt, CancellationToken ct)
    {
        var entry = await catalog.FindAsync(sub.Jurisdiction, sub.EntryId, ct)
            ?? throw new InvalidOperationException($"catalog entry {sub.EntryId} of submission {sub.Id} does not exist");
        var version = entry.Entry.AllVersions.FirstOrDefault(v => v.Number == sub.CatalogVersion) ?? entry.Entry.Published
            ?? throw new InvalidOperationException($"catalog entry {sub.EntryId} has no published version");
        var items = version.Content.DataItems;
        var settings = await SettingsAsync(sub.Jurisdiction, sub.EntryId, ct);
        var limits = SubmissionLimits.Default with { MaxFileBytes = _options.MaxFileBytes, ProgressEveryRows = _options.ProgressEveryRows };
        var processor = new SubmissionProcessor(time, limits);

        await using var normalized = new FileStream(Path.Combine(Path.GetTempPath(), $"govdata-curated-{sub.Id}-{Guid.NewGuid():N}.csv"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        var progress = new ProgressWriter(store, sub, _options.ProgressWriteInterval, time, logger);
        var result = await processor.ProcessAsync(source, new SubmissionDeclaration(sub.Format, sub.Encoding, length), items, settings, normalized, progress, ct);
        await progress.DrainAsync();
        var report = result.Report;
        var reportJson = JsonSerializer.SerializeToUtf8Bytes(report, JsonDefaults.Storage);
        var accepted = report.Decision == QualityDecision.Accepted;
        var onTime = await deadlines.IsOnTimeAsync(sub, receivedAt, ct);

        VersionDocument? curated = null;
        string reportBlob;
        if (accepted)
        {
            normalized.Position = 0;
            curated = await CurateAsync(sub, result, normalized, reportJson, ct);
            await crash.HitAsync("aggregation.curated", ct);
            reportBlob = $"{StorageNames.Blobs.Curated}/{CuratedLayout.ReportBlob(sub.Jurisdiction, sub.EntryId, curated.Version)}";
        }
        else
        {
            var name = CuratedLayout.RejectedReportBlob(sub.Jurisdiction, sub.EntryId, sub.Id);
            // The same file gives the same report, so a retry may overwrite it.
            await blobs.GetBlobContainerClient(StorageNames.Blobs.Reports).GetBlobClient(name)
                .UploadAsync(new BinaryData(reportJson), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, ct);
            reportBlob = $"{StorageNames.Blobs.Reports}/{name}";
        }

        // Follow-ups first, the recorded outcome last: a failure in between is retried, and every follow-up is idempotent
        // (timers by id, the event by id), whereas an outcome recorded first would make the retry skip them.
        var now = time.GetUtcNow();
        if (curated is not null) await deadlines.AfterAcceptedAsync(entry, version.Content.UpdateCycle, curated, ct);
        if (curated is not null) foreach (var observer in observers) await observer.VersionAcceptedAsync(entry, curated, ct);
        await crash.HitAsync("aggregation.timers-scheduled", ct);
        await events.RecordAsync(new SupervisionEvent
        {
            Id = "aggregation-submission:" + sub.Id,
            Jurisdiction = sub.Jurisdiction,
            Department = sub.Department,
            Kind = SupervisionEventKinds.AggregationSubmitted,
            At = sub.CompletedAt ?? now,
            Subject = EntryResource(sub.Jurisdiction, sub.EntryId),
            Data = new()
            {
                ["accepted"] = accepted ? "true" : "false",
                ["onTime"] = onTime ? "true" : "false",
                ["rows"] = report.RowsTotal.ToString(CultureInfo.InvariantCulture),
                ["failedRows"] = report.RowsFailed.ToString(CultureInfo.InvariantCulture),
            },
        }, ct);
        await crash.HitAsync("aggregation.supervision-sent", ct);
        var record = AuditExtensions.SystemAudit(time, sub.Jurisdiction, accepted ? "aggregation.submission.accept" : "aggregation.submission.reject",
            Resource(sub.Jurisdiction, sub.Id), sub.Id) with
        {
            // One outcome per submission: a retried attempt (the last one died after its record but before the outcome was
            // stored) writes the same record, which the trail keeps once.
            Id = AuditRecordBounds.OperationId("aggregation.submission.complete", sub.Jurisdiction, sub.Id),
            Department = sub.Department,
            DataContent = $"{sub.EntryCode} rows {report.RowsTotal} passed {report.RowsPassed} failed {report.RowsFailed} sha256 {result.SourceSha256}"
                + (curated is null ? "" : $" -> v{curated.Version}"),
            Reason = report.Rejection is { } r ? $"{r.Reason}: {r.Message}" : null,
        };
        await audit.WriteAsync(record, ct);
        await crash.HitAsync("aggregation.audited", ct);
        var final = await store.UpdateSubmissionAsync(sub.Jurisdiction, sub.Id, current => current with
        {
            State = accepted ? SubmissionState.Accepted : SubmissionState.Rejected,
            LeaseUntil = null,
            CompletedAt = current.CompletedAt ?? now,
            SourceSha256 = result.SourceSha256,
            SourceBytes = result.SourceBytes,
            DetectedEncoding = result.Encoding,
            RowsRead = report.RowsTotal,
            RowsAccepted = accepted ? result.NormalizedRows : 0,
            RowsRejected = report.RowsFailed,
            Decision = report.Decision,
            Rejection = report.Rejection,
            ReportBlob = reportBlob,
            Version = curated?.Version,
            OnTime = onTime,
            Progress = new SubmissionProgressView(report.RowsTotal, result.SourceBytes, length ?? result.SourceBytes, report.RowsTotal, now),
        }, ct) ?? throw new InvalidOperationException($"submission {sub.Id} disappeared");
        await crash.HitAsync("aggregation.state-written", ct);

        return final;
    }

    /// <summary>Takes the next version number for the submission (or finds the one an earlier attempt took) and writes its three blobs.</summary>
    private async Task<VersionDocument> CurateAsync(SubmissionDocument sub, SubmissionResult result, Stream data, byte[] reportJson, CancellationToken ct)
    {
        var versions = await store.VersionsAsync(sub.Jurisdiction, sub.EntryId, ct);
        var mine = versions.FirstOrDefault(v => v.SubmissionId == sub.Id);
        if (mine is null)
        {
            var n = versions.Count == 0 ? 1 : versions[^1].Version + 1;
            var acceptedAt = time.GetUtcNow();
            for (var attempt = 0; mine is null; attempt++, n++)
            {
                if (attempt == 20) throw new InvalidOperationException($"could not take a version number for entry {sub.EntryId}");
                var doc = new VersionDocument
                {
                    Id = AggregationStore.VersionId(sub.EntryId, n),
                    Jurisdiction = sub.Jurisdiction,
                    EntryId = sub.EntryId,
                    Version = n,
                    Department = sub.Department,
                    SubmissionId = sub.Id,
                    AcceptedAt = acceptedAt,
                    SourceBlob = $"{StorageNames.Blobs.Incoming}/{sub.SourceBlob}",
                    SourceSha256 = result.SourceSha256!,
                    SubmittedBy = sub.SubmittedBy,
                    RowsRead = result.Report.RowsTotal,
                    RowsAccepted = result.NormalizedRows,
                    RowsRejected = result.Report.RowsFailed,
                    DataBlob = $"{StorageNames.Blobs.Curated}/{CuratedLayout.DataBlob(sub.Jurisdiction, sub.EntryId, n)}",
                };
                if (await store.TryCreateVersionAsync(doc, ct)) mine = doc;
            }
            await crash.HitAsync("aggregation.version-taken", ct);
            await store.UpdateSubmissionAsync(sub.Jurisdiction, sub.Id, current => current with { Version = mine.Version }, ct);
        }
        mine = await store.FindVersionAsync(sub.Jurisdiction, sub.EntryId, mine.Version, ct) ?? mine;

        var container = blobs.GetBlobContainerClient(StorageNames.Blobs.Curated);
        var metadata = new Dictionary<string, string>
        {
            [CuratedLayout.Metadata.EntryId] = sub.EntryId,
            [CuratedLayout.Metadata.Version] = mine.Version.ToString(CultureInfo.InvariantCulture),
            [CuratedLayout.Metadata.Department] = sub.Department,
            [CuratedLayout.Metadata.Sha256] = mine.SourceSha256,
            [CuratedLayout.Metadata.AcceptedAt] = mine.AcceptedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            [CuratedLayout.Metadata.SubmissionId] = sub.Id,
        };
        var lineage = new
        {
            entryId = sub.EntryId,
            entryCode = sub.EntryCode,
            catalogVersion = sub.CatalogVersion,
            version = mine.Version,
            source = new { blob = mine.SourceBlob, sha256 = mine.SourceSha256, bytes = result.SourceBytes, format = sub.Format, encoding = result.Encoding, channel = sub.Channel, fileName = sub.FileName },
            submitter = new { user = sub.SubmittedBy, department = sub.Department },
            submissionId = sub.Id,
            submittedAt = sub.CreatedAt,
            acceptedAt = mine.AcceptedAt,
            rows = new { read = result.Report.RowsTotal, accepted = result.NormalizedRows, rejected = result.Report.RowsFailed },
            qualityReport = new
            {
                blob = $"{StorageNames.Blobs.Curated}/{CuratedLayout.ReportBlob(sub.Jurisdiction, sub.EntryId, mine.Version)}",
                url = $"/api/aggregation/submissions/{sub.Id}/report",
            },
        };
        await CreateOnceAsync(container.GetBlobClient(CuratedLayout.DataBlob(sub.Jurisdiction, sub.EntryId, mine.Version)), data, "text/csv; charset=utf-8", metadata, sub.Id, ct);
        await crash.HitAsync("aggregation.data-written", ct);
        await CreateOnceAsync(container.GetBlobClient(CuratedLayout.LineageBlob(sub.Jurisdiction, sub.EntryId, mine.Version)),
            new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(lineage, JsonDefaults.Storage)), "application/json", metadata, sub.Id, ct);
        await CreateOnceAsync(container.GetBlobClient(CuratedLayout.ReportBlob(sub.Jurisdiction, sub.EntryId, mine.Version)),
            new MemoryStream(reportJson), "application/json", metadata, sub.Id, ct);
        await crash.HitAsync("aggregation.lineage-written", ct);
        await store.MarkAvailableAsync(mine, ct);
        return mine with { State = VersionState.Available };
    }

    // Versions are never overwritten: a blob that exists is accepted only when an earlier attempt of this same submission wrote it.
    private static async Task CreateOnceAsync(BlobClient blob, Stream content, string contentType, Dictionary<string, string> metadata, string submissionId, CancellationToken ct)
    {
        try
        {
            await blob.UploadAsync(content, new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                Metadata = metadata,
            }, ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value.Metadata;
            if (!existing.TryGetValue(CuratedLayout.Metadata.SubmissionId, out var owner) || owner != submissionId)
                throw new InvalidOperationException($"curated blob {blob.Name} already exists for another submission; versions are never overwritten");
        }
    }

    private sealed class ForwardOnly(Stream inner) : Streams.ReadOnlyForwardStream
    {
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
    }

    /// <summary>Writes the processor's progress to the status document, at most once per interval, never waiting on the store.</summary>
    private sealed class ProgressWriter(AggregationStore store, SubmissionDocument sub, TimeSpan interval, TimeProvider time, ILogger logger) : IProgress<SubmissionProgress>
    {
        private readonly Stopwatch _since = Stopwatch.StartNew();
        private readonly Lock _lock = new();
        private Task _inFlight = Task.CompletedTask;
        private bool _first = true;

        public void Report(SubmissionProgress value)
        {
            lock (_lock)
            {
                if (!_inFlight.IsCompleted || (!_first && _since.Elapsed < interval)) return;
                _first = false;
                _since.Restart();
                var view = new SubmissionProgressView(value.RowsDone, value.BytesRead, value.TotalBytes, value.EstimatedTotalRows, time.GetUtcNow());
                _inFlight = WriteAsync(view);
            }
        }

        private async Task WriteAsync(SubmissionProgressView view)
        {
            try { await store.PatchProgressAsync(sub.Jurisdiction, sub.Id, view, CancellationToken.None); }
            catch (Exception e) { logger.LogWarning(e, "Progress of submission {Id} was not written", sub.Id); }
        }

        public Task DrainAsync()
        {
            lock (_lock) return _inFlight;
        }
    }
}
