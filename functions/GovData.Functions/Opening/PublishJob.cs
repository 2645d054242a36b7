using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using GovData.Domain;
using GovData.Domain.Audit;
using GovData.Domain.Calendar;
using GovData.Domain.Opening;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Storage;
using GovData.Functions.Supervision;
using GovData.Functions.Triggers;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Opening;

/// <summary>
/// The publish job (queue <c>publishing</c>): <c>transform</c> desensitizes a curated version into the non-public staging
/// area and scans it twice (inline and over the finished file); <c>promote</c> copies an approved request's files to the
/// public <c>open</c> container. Idempotent: each step acts only from the state before it, and every write is guarded by
/// the document's ETag, so a redelivered message publishes nothing twice.
/// </summary>
public sealed class PublishJob(OpeningStore store, PublishingService publishing, BlobServiceClient blobs, IOptions<OpeningOptions> options,
    ISupervisionEvents events, IAuditLog audit, TimeProvider time)
{
    /// <inheritdoc />
    public async Task<string> HandleAsync(QueueDelivery invocation, CancellationToken cancellationToken)
    {
        var text = invocation.Text;
        var message = JsonSerializer.Deserialize<PublishMessage>(text, JsonDefaults.Storage) ?? throw new InvalidDataException("unreadable publishing message");
        if (OpenDatasetRules.ValidateId(message.PublishId) is not null) throw new InvalidDataException("the publishing message has no valid publish id");
        var doc = await store.FindAsync<PublishDocument>(message.Jurisdiction, PublishDocument.IdOf(message.PublishId), cancellationToken);
        if (doc is null) return ($"publish {message.PublishId} does not exist");
        return message.Type switch
        {
            PublishMessage.Transform => await TransformOrGiveUpAsync(doc, invocation, cancellationToken),
            PublishMessage.Promote => await PromoteAsync(doc, invocation.MessageId, cancellationToken),
            _ => throw new InvalidDataException($"unknown publishing message type '{message.Type}'"),
        };
    }

    // Earlier deliveries rethrow so the host retries; the last one records why and frees the dataset, which would otherwise
    // stay blocked (one publish at a time) behind a message in the poison queue.
    private async Task<string> TransformOrGiveUpAsync(PublishDocument doc, QueueDelivery invocation, CancellationToken ct)
    {
        try
        {
            return await TransformAsync(doc, invocation.MessageId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException && invocation.DequeueCount >= options.Value.MaxAttempts)
        {
            var current = await store.FindAsync<PublishDocument>(doc.Jurisdiction, doc.Id, ct);
            if (current is not { State: PublishState.Requested }) return ($"publish {doc.PublishId} is {current?.State}; nothing to give up");
            var failed = current with
            {
                State = PublishState.Invalid,
                Errors = [new("job", $"the publish job failed {invocation.DequeueCount} times; last error: {e.GetType().Name}: {e.Message}")],
                TransformedAt = time.GetUtcNow(),
            };
            PublishDocument saved;
            try { saved = await store.ReplaceAsync(doc.Jurisdiction, doc.Id, failed, current.ETag!, ct); }
            catch (OpeningChangedException) { return ($"publish {doc.PublishId} was handled by another delivery"); }
            // The same fault may stop the staging clean-up; the dataset is freed before it is tried.
            try { await publishing.ReleaseAsync(saved, ct); }
            catch (RequestFailedException) { }
            await audit.WriteAsync(AuditExtensions.SystemAudit(time, doc.Jurisdiction, "opening.publish.transform", PublishingService.PublishResource(doc.Jurisdiction, doc.PublishId), invocation.MessageId) with
            {
                Department = doc.Department,
                Outcome = AuditOutcome.Failed,
                Reason = saved.Errors[0].Reason,
            }, ct);
            return ($"publish {doc.PublishId}: gave up after {invocation.DequeueCount} attempts");
        }
    }

    private async Task<string> TransformAsync(PublishDocument doc, string messageId, CancellationToken ct)
    {
        if (doc.State != PublishState.Requested) return ($"publish {doc.PublishId} is {doc.State}; nothing to transform (duplicate message)");
        var staging = blobs.GetBlobContainerClient(StorageNames.Blobs.Reports);
        var csvBlob = staging.GetBlockBlobClient(OpenDatasetRules.StagingBlob(doc.Jurisdiction, doc.EntryId, doc.PublishId, "csv"));
        var jsonBlob = staging.GetBlockBlobClient(OpenDatasetRules.StagingBlob(doc.Jurisdiction, doc.EntryId, doc.PublishId, "jsonl"));

        TransformResult result;
        var curated = blobs.GetBlobContainerClient(StorageNames.Blobs.Curated).GetBlobClient(OpenDatasetRules.CuratedBlob(doc.Jurisdiction, doc.EntryId, doc.CuratedVersion));
        var needsSecret = doc.Plan.Items.Any(i => i.Method == DesensitizationMethod.KeyedHash);
        var secret = options.Value.SecretBytes();
        string? curatedHash = null;
        if (needsSecret && secret is null)
            result = new TransformResult(TransformOutcome.Invalid, 0, [], [new("desensitization", "KeyedHash needs Opening:PseudonymSecret, which is not configured")], [], 0);
        else
        {
            try
            {
                var pseudonymizer = needsSecret ? new Pseudonymizer(secret, doc.EntryId) : null;
                await using var source = await curated.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), ct);
                await using var hashing = new Sha256ReadStream(source);
                await using (var csvOut = await csvBlob.OpenWriteAsync(true, new BlockBlobOpenWriteOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv; charset=utf-8" } }, ct))
                await using (var jsonOut = await jsonBlob.OpenWriteAsync(true, new BlockBlobOpenWriteOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson; charset=utf-8" } }, ct))
                    result = await OpenDataTransform.RunAsync(hashing, doc.Plan, pseudonymizer, csvOut, jsonOut, ct: ct);
                curatedHash = hashing.HashHex();
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                result = new TransformResult(TransformOutcome.Invalid, 0, [], [new("curatedVersion", "the curated file is gone")], [], 0);
            }
        }

        long csvBytes = 0, jsonBytes = 0;
        string? csvHash = null;
        if (result.IsClean)
        {
            // The second scan reads the staged file itself, so what the reviewer approves is what was checked.
            await using var staged = new Sha256ReadStream(await csvBlob.OpenReadAsync(cancellationToken: ct));
            var scan = await PublishFileScan.ScanCsvAsync(staged, doc.ScanAllowedColumns.ToHashSet(StringComparer.Ordinal), ct: ct);
            csvHash = staged.HashHex();
            if (!scan.IsClean)
                result = result with
                {
                    Outcome = scan.Errors.Count > 0 ? TransformOutcome.Invalid : TransformOutcome.Refused,
                    Findings = scan.Findings, FindingCount = scan.FindingCount, Errors = scan.Errors,
                };
            csvBytes = (await csvBlob.GetPropertiesAsync(cancellationToken: ct)).Value.ContentLength;
            jsonBytes = (await jsonBlob.GetPropertiesAsync(cancellationToken: ct)).Value.ContentLength;
        }

        var state = result.Outcome switch
        {
            TransformOutcome.Clean => PublishState.AwaitingReview,
            TransformOutcome.Refused => PublishState.Refused,
            _ => PublishState.Invalid,
        };
        var next = doc with
        {
            State = state,
            Rows = result.Rows,
            Columns = result.Columns,
            Findings = result.Findings,
            FindingCount = result.FindingCount,
            Errors = result.Errors,
            CsvBytes = csvBytes,
            JsonBytes = jsonBytes,
            CsvSha256 = csvHash,
            TransformedAt = time.GetUtcNow(),
        };
        PublishDocument saved;
        try { saved = await store.ReplaceAsync(doc.Jurisdiction, doc.Id, next, doc.ETag!, ct); }
        catch (OpeningChangedException) { return ($"publish {doc.PublishId} was handled by another delivery"); }
        if (state != PublishState.AwaitingReview) await publishing.ReleaseAsync(saved, ct);
        await audit.WriteAsync(AuditExtensions.SystemAudit(time, doc.Jurisdiction, "opening.publish.transform", PublishingService.PublishResource(doc.Jurisdiction, doc.PublishId), messageId) with
        {
            Department = doc.Department,
            Outcome = state == PublishState.AwaitingReview ? AuditOutcome.Succeeded : AuditOutcome.Refused,
            DataContent = $"entry {doc.EntryId} curated v{doc.CuratedVersion} (read sha256 {curatedHash ?? "-"}, recorded {doc.CuratedSha256 ?? "-"}): {result.Rows} rows, {result.FindingCount} findings",
            Reason = state == PublishState.AwaitingReview ? null
                : string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Reason}").Concat(result.Findings.Take(5).Select(f => $"row {f.Row} {f.Column}: {f.Kind} {f.Masked}"))),
        }, ct);
        return ($"publish {doc.PublishId}: {state}");
    }

    private async Task<string> PromoteAsync(PublishDocument doc, string messageId, CancellationToken ct)
    {
        if (doc.State != PublishState.Approved) return ($"publish {doc.PublishId} is {doc.State}; nothing to promote");
        var now = time.GetUtcNow();
        var staging = blobs.GetBlobContainerClient(StorageNames.Blobs.Reports);
        var open = blobs.GetBlobContainerClient(StorageNames.Blobs.Open);
        var curated = blobs.GetBlobContainerClient(StorageNames.Blobs.Curated).GetBlobClient(OpenDatasetRules.CuratedBlob(doc.Jurisdiction, doc.EntryId, doc.CuratedVersion));
        var acceptedAt = PublishingService.Meta((await curated.GetPropertiesAsync(cancellationToken: ct)).Value.Metadata, "acceptedat");
        var obtained = DateTimeOffset.TryParse(acceptedAt, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at)
            ? ChinaTime.DateOf(at) : ChinaTime.DateOf(now);
        var metadata = new Dictionary<string, string>
        {
            ["sourcedepartment"] = doc.Department,
            ["entryid"] = doc.EntryId,
            ["version"] = doc.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["curatedversion"] = doc.CuratedVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["dateobtained"] = obtained.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["publishid"] = doc.PublishId,
        };
        foreach (var (ext, type) in new[] { ("csv", "text/csv; charset=utf-8"), ("jsonl", "application/x-ndjson; charset=utf-8") })
        {
            var from = staging.GetBlobClient(OpenDatasetRules.StagingBlob(doc.Jurisdiction, doc.EntryId, doc.PublishId, ext));
            var to = open.GetBlobClient(OpenDatasetRules.OpenBlob(doc.Jurisdiction, doc.EntryId, doc.Version, ext));
            if (!await from.ExistsAsync(ct))
            {
                // A redelivery after the staged files were already moved and deleted: the public copy must be there.
                if (await to.ExistsAsync(ct)) continue;
                throw new InvalidOperationException($"publish {doc.PublishId}: staged {ext} file is missing");
            }
            await using var read = await from.OpenReadAsync(cancellationToken: ct);
            await to.UploadAsync(read, new BlobUploadOptions { Metadata = metadata, HttpHeaders = new BlobHttpHeaders { ContentType = type } }, ct);
        }

        var version = new OpenVersion(doc.Version, doc.CuratedVersion, doc.PublishId, doc.Rows, doc.Columns, doc.CsvBytes, doc.JsonBytes, doc.CsvSha256 ?? "",
            now, obtained, doc.ReviewedBy ?? "");
        await store.UpdateAsync<OpenDatasetDocument>(doc.Jurisdiction, OpenDatasetDocument.IdOf(doc.EntryId), d =>
            d.Versions.Any(v => v.Number == doc.Version)
                ? d.ActivePublish == doc.PublishId ? d with { ActivePublish = null } : null
                : d with { Versions = [.. d.Versions, version], Listed = true, ActivePublish = d.ActivePublish == doc.PublishId ? null : d.ActivePublish }, d => d.ETag, ct);
        try { await store.ReplaceAsync(doc.Jurisdiction, doc.Id, doc with { State = PublishState.Published, PublishedAt = now }, doc.ETag!, ct); }
        catch (OpeningChangedException) { return ($"publish {doc.PublishId} was promoted by another delivery"); }
        await publishing.ReleaseAsync(doc, ct);
        await events.RecordAsync(new SupervisionEvent
        {
            Id = $"open-publish:{doc.PublishId}:published",
            Jurisdiction = doc.Jurisdiction,
            Department = doc.Department,
            Kind = SupervisionEventKinds.OpenDatasetPublished,
            At = now,
            Subject = PublishingService.Resource(doc.Jurisdiction, doc.EntryId),
            Data = new() { ["version"] = doc.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["rows"] = doc.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }, ct);
        await audit.WriteAsync(AuditExtensions.SystemAudit(time, doc.Jurisdiction, "opening.publish.promote", PublishingService.PublishResource(doc.Jurisdiction, doc.PublishId), messageId) with
        {
            Department = doc.Department,
            Approver = doc.ReviewedBy,
            DataContent = $"entry {doc.EntryId} open v{doc.Version}: {doc.Rows} rows",
        }, ct);
        return ($"publish {doc.PublishId}: published as v{doc.Version}");
    }
}

/// <summary>Reads through and hashes what was read (SHA-256).</summary>
internal sealed class Sha256ReadStream(Stream inner) : Streams.ReadOnlyForwardStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _read;

    protected override long ReadSoFar => _read;

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        _hash.AppendData(buffer[..n]);
        _read += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        _hash.AppendData(buffer.Span[..n]);
        _read += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>The hash of everything read so far, lower-case hex (the stream should have been read to the end).</summary>
    public string HashHex() => Convert.ToHexStringLower(_hash.GetCurrentHash());

    protected override void Dispose(bool disposing)
    {
        if (disposing) { _hash.Dispose(); inner.Dispose(); }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        _hash.Dispose();
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
