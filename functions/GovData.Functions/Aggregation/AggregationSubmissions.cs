using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using GovData.Domain.Aggregation;
using GovData.Domain.Audit;
using GovData.Functions.Audit;
using GovData.Functions.Hosting.Http;
using RequestContext = GovData.Functions.Hosting.Http.RequestContext;
using GovData.Functions.Storage;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Aggregation;

/// <summary>What a department declares about a file it posts directly: format, encoding and file name, as written (the query).</summary>
public sealed record FileDeclaration(string? Format, string? Encoding, string? FileName);

/// <summary>
/// A department's submissions as the HTTP functions use them, with no HTTP in sight: upload links, direct posts, pushed
/// batches, a submission's status and quality report, and the department's reminders. Every operation takes who asked
/// (<see cref="RequestContext"/>) and typed inputs and returns an <see cref="AggregationAnswer{T}"/>; each writes one audit
/// record when it succeeds, and a refused submission (not the caller's entry, not published, a batch id reused) is audited too.
/// </summary>
public sealed class AggregationSubmissions(AggregationService service, AggregationStore store, UploadLinks links, BlobServiceClient blobs, IAuditLog audit,
    IOptions<AggregationOptions> options)
{
    private readonly AggregationOptions _options = options.Value;

    /// <summary>A short-lived, create-only upload link for a file of a published entry of the caller's department; the submission waits for the file.</summary>
    public async Task<AggregationAnswer<UploadLinkView>> CreateUploadLinkAsync(RequestContext request, string entryId, UploadRequest body, CancellationToken ct)
    {
        const string action = "aggregation.upload.link";
        var caller = request.User;
        var (entry, refusal) = await service.OwnEntryAsync(caller, entryId, requirePublished: true, ct);
        if (refusal is { } r) return await RefuseAsync(request, action, AggregationService.EntryResource(caller.Jurisdiction, entryId), r, entryId, ct);
        var fileName = SubmissionDeclarations.FileName(body.FileName);
        var format = body.Format ?? SubmissionDeclarations.Format(null, fileName);
        if (format is null) return AggregationRefusal.Invalid("format", "give the format (Csv, Xlsx or JsonLines) or a file name ending in .csv, .xlsx or .jsonl");
        if (body.Length is < 0) return AggregationRefusal.Invalid("length", "must not be negative");
        if (body.Length > _options.MaxFileBytes) return AggregationRefusal.Invalid("length", $"the file is larger than the limit of {_options.MaxFileBytes:N0} bytes");
        var id = Guid.NewGuid().ToString("N");
        var sub = await store.CreateSubmissionAsync(service.NewSubmission(caller, entry!, id, SubmissionChannel.Upload, format.Value,
            body.Encoding ?? SubmissionEncoding.Detect, fileName), ct) ?? throw new InvalidOperationException("a new submission id was taken");
        // The storage service checks the SAS against its own clock, so the link's validity is real time, not the app's clock.
        var now = TimeProvider.System.GetUtcNow();
        var expires = now + _options.UploadLinkLifetime;
        var url = await links.CreateOnlyAsync(sub.SourceBlob, now.AddMinutes(-5), expires, ct);
        await audit.WriteAsync(request.AuditFor(action, AggregationService.Resource(caller.Jurisdiction, id)) with { DataContent = $"{entry!.Code} {format} {fileName}" }, ct);
        return AggregationAnswer<UploadLinkView>.Done(new UploadLinkView(id, url.ToString(), "PUT", new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob" },
            expires, _options.MaxFileBytes, SubmissionView.UrlOf(id)));
    }

    /// <summary>
    /// Stores a file posted directly (<paramref name="content"/>, read to its end) for a published entry of the caller's
    /// department; processing starts when it is stored. A body that never arrives whole (too large, connection lost) marks the
    /// submission Failed with the reason, and the exception goes on to the caller.
    /// </summary>
    public async Task<AggregationAnswer<SubmissionView>> PostFileAsync(RequestContext request, string entryId, FileDeclaration declaration, Stream content, CancellationToken ct)
    {
        const string action = "aggregation.submission.post";
        var caller = request.User;
        var (entry, refusal) = await service.OwnEntryAsync(caller, entryId, requirePublished: true, ct);
        if (refusal is { } r) return await RefuseAsync(request, action, AggregationService.EntryResource(caller.Jurisdiction, entryId), r, entryId, ct);
        var name = SubmissionDeclarations.FileName(declaration.FileName);
        var declared = SubmissionDeclarations.Format(declaration.Format, name);
        if (declared is null) return AggregationRefusal.Invalid("format", "give format=csv, xlsx or jsonl, or a fileName ending in .csv, .xlsx or .jsonl");
        if (SubmissionDeclarations.Encoding(declaration.Encoding) is not { } enc) return AggregationRefusal.Invalid("encoding", "must be utf-8, gb18030 (gbk, gb2312) or detect");
        var id = Guid.NewGuid().ToString("N");
        var sub = await store.CreateSubmissionAsync(service.NewSubmission(caller, entry!, id, SubmissionChannel.Direct, declared.Value, enc, name), ct)
            ?? throw new InvalidOperationException("a new submission id was taken");
        var blob = blobs.GetBlobContainerClient(StorageNames.Blobs.Incoming).GetBlobClient(sub.SourceBlob);
        try
        {
            await blob.UploadAsync(content, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, ct);
        }
        catch (Exception e)
        {
            // The body never arrived whole (too large, connection lost): say so on the submission, which will never be processed.
            await store.UpdateSubmissionAsync(sub.Jurisdiction, id, d => d with
            {
                State = SubmissionState.Failed,
                FailureReason = e is BadHttpRequestException b && b.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? $"the file is larger than the {_options.MaxDirectPostBytes:N0} bytes a direct post accepts; ask for an upload link"
                    : "the file did not arrive completely: " + e.Message,
                CompletedAt = d.CreatedAt,
            }, CancellationToken.None);
            throw;
        }
        await audit.WriteAsync(request.AuditFor(action, AggregationService.Resource(caller.Jurisdiction, id)) with { DataContent = $"{entry!.Code} {declared} {name}" }, ct);
        return AggregationAnswer<SubmissionView>.Done(SubmissionView.Of(sub));
    }

    /// <summary>
    /// Checks a pushed batch of a real-time entry in the request, like a file; idempotent by batch id (the same records again
    /// answer the first result, other records under the same id are refused).
    /// </summary>
    public async Task<AggregationAnswer<SubmissionView>> PushBatchAsync(RequestContext request, string entryId, string batchId, BatchRequest body, CancellationToken ct)
    {
        const string action = "aggregation.batch.push";
        var caller = request.User;
        var (entry, refusal) = await service.OwnEntryAsync(caller, entryId, requirePublished: true, ct);
        if (refusal is { } r) return await RefuseAsync(request, action, AggregationService.EntryResource(caller.Jurisdiction, entryId), r, entryId, ct);
        if (!SubmissionDeclarations.IsBatchId(batchId)) return AggregationRefusal.Invalid("batchId", "must be 1-64 letters, digits, '.', '_' or '-'");
        if (body.Records is null || body.Records.Count == 0) return AggregationRefusal.Invalid("records", "must hold at least one record");
        if (body.Records.Count > _options.MaxBatchRecords) return AggregationRefusal.Invalid("records", $"at most {_options.MaxBatchRecords:N0} records per batch");
        var lines = JsonLines(body.Records);
        var sha = Convert.ToHexStringLower(SHA256.HashData(lines));
        var id = AggregationService.BatchSubmissionId(entryId, batchId);
        var resource = AggregationService.Resource(caller.Jurisdiction, id);
        var sub = await store.FindSubmissionAsync(caller.Jurisdiction, id, ct)
            ?? await store.CreateSubmissionAsync(service.NewSubmission(caller, entry!, id, SubmissionChannel.Batch, SubmissionFormat.JsonLines, SubmissionEncoding.Utf8, null)
                with { BatchId = batchId, BodySha256 = sha }, ct)
            ?? await store.FindSubmissionAsync(caller.Jurisdiction, id, ct);
        if (sub is null) throw new InvalidOperationException($"batch submission {id} could not be stored");
        if (sub.BodySha256 != sha)
        {
            await audit.WriteAsync(request.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = "same batch id, different records" }, ct);
            return AggregationRefusal.Conflict($"batch {batchId} was already pushed with different records; a batch id is used once", "batchId");
        }
        if (await service.ClaimAsync(sub, ct) is { } claimed) sub = await service.ProcessBatchAsync(claimed, lines, ct);
        else sub = await store.FindSubmissionAsync(caller.Jurisdiction, id, ct) ?? sub;
        await audit.WriteAsync(request.AuditFor(action, resource) with { DataContent = $"{entry!.Code} batch {batchId} {body.Records.Count} records -> {sub.State}" }, ct);
        return AggregationAnswer<SubmissionView>.Done(SubmissionView.Of(sub));
    }

    /// <summary>The state and progress of a submission of the caller's department (others: not found).</summary>
    public async Task<AggregationAnswer<SubmissionView>> GetAsync(RequestContext request, string id, CancellationToken ct)
    {
        var caller = request.User;
        var sub = await store.FindSubmissionAsync(caller.Jurisdiction, id, ct);
        if (sub is null || !caller.BelongsTo(sub.Department)) return AggregationRefusal.NotFound($"Submission {id}");
        await audit.WriteAsync(request.AuditFor("aggregation.submission.read", AggregationService.Resource(caller.Jurisdiction, id)), ct);
        return AggregationAnswer<SubmissionView>.Done(SubmissionView.Of(sub));
    }

    /// <summary>The quality report of a submission of the caller's department, opened for reading; refused while it is not ready.</summary>
    public async Task<AggregationAnswer<QualityReportFile>> ReportAsync(RequestContext request, string id, CancellationToken ct)
    {
        var caller = request.User;
        var sub = await store.FindSubmissionAsync(caller.Jurisdiction, id, ct);
        if (sub is null || !caller.BelongsTo(sub.Department)) return AggregationRefusal.NotFound($"Submission {id}");
        if (sub.ReportBlob is not { } path) return AggregationRefusal.Conflict($"submission {id} is {sub.State}: its quality report is not ready");
        var cut = path.IndexOf('/', StringComparison.Ordinal);
        var blob = blobs.GetBlobContainerClient(path[..cut]).GetBlobClient(path[(cut + 1)..]);
        var content = await blob.DownloadStreamingAsync(cancellationToken: ct);
        await audit.WriteAsync(request.AuditFor("aggregation.report.download", AggregationService.Resource(caller.Jurisdiction, id)) with { DataContent = path }, ct);
        return AggregationAnswer<QualityReportFile>.Done(new QualityReportFile($"quality-report-{id}.json", content.Value.Content));
    }

    /// <summary>The caller's department's reminders: submissions due soon or overdue per the entries' update cycles.</summary>
    public async Task<ReminderList> RemindersAsync(RequestContext request, CancellationToken ct)
    {
        var caller = request.User;
        var reminders = await store.RemindersAsync(caller.Jurisdiction, caller.Department, ct);
        await audit.WriteAsync(request.AuditFor("aggregation.reminders.list", $"aggregation/{caller.Jurisdiction}/departments/{caller.Department}/reminders") with
        {
            DataContent = $"{reminders.Count} reminders",
        }, ct);
        return new ReminderList(reminders.Select(ReminderView.Of).ToList());
    }

    private async Task<AggregationRefusal> RefuseAsync(RequestContext request, string action, string resource, EntryRefusal refusal, string entryId, CancellationToken ct)
    {
        await audit.WriteAsync(request.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = refusal.ToString() }, ct);
        return AggregationRefusal.Of(refusal, entryId);
    }

    // Re-written compactly, one object per line: a record can never span lines, and equal records give equal bytes.
    private static byte[] JsonLines(IReadOnlyList<JsonElement> records)
    {
        using var buffer = new MemoryStream();
        foreach (var record in records)
        {
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false }))
                record.WriteTo(writer);
            buffer.WriteByte((byte)'\n');
        }
        return buffer.ToArray();
    }
}
