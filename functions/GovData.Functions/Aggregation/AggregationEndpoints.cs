using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using GovData.Domain.Aggregation;
using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Identity;
using GovData.Functions.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Aggregation;

/// <summary>HTTP endpoints of aggregation (汇聚) under /api/aggregation; see docs/aggregation.md.</summary>
public static class AggregationEndpoints
{
    /// <summary>Maps /api/aggregation.</summary>
    public static IEndpointRouteBuilder MapAggregation(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<AggregationOptions>>().Value;
        var group = app.MapGroup("/api/aggregation").WithTags("Aggregation");
        var entries = group.MapGroup("/entries/{entryId}");

        entries.MapPost("/uploads", async (string entryId, UploadRequest body, HttpContext http, AggregationService service, AggregationStore store,
            UploadLinks links, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var (entry, refusal) = await service.OwnEntryAsync(caller, entryId, requirePublished: true, ct);
            if (refusal is { } r) return await RefuseAsync(http, audit, "aggregation.upload.link", AggregationService.EntryResource(caller.Jurisdiction, entryId), r, entryId, ct);
            var fileName = SubmissionDeclarations.FileName(body.FileName);
            var format = body.Format ?? SubmissionDeclarations.Format(null, fileName);
            if (format is null) return Problems.Validation("format", "give the format (Csv, Xlsx or JsonLines) or a file name ending in .csv, .xlsx or .jsonl");
            if (body.Length is < 0) return Problems.Validation("length", "must not be negative");
            if (body.Length > options.MaxFileBytes) return Problems.Validation("length", $"the file is larger than the limit of {options.MaxFileBytes:N0} bytes");
            var id = Guid.NewGuid().ToString("N");
            var sub = await store.CreateSubmissionAsync(service.NewSubmission(caller, entry!, id, SubmissionChannel.Upload, format.Value,
                body.Encoding ?? SubmissionEncoding.Detect, fileName), ct) ?? throw new InvalidOperationException("a new submission id was taken");
            // The storage service checks the SAS against its own clock, so the link's validity is real time, not the app's clock.
            var now = TimeProvider.System.GetUtcNow();
            var expires = now + options.UploadLinkLifetime;
            var url = await links.CreateOnlyAsync(sub.SourceBlob, now.AddMinutes(-5), expires, ct);
            await audit.WriteAsync(http.AuditFor("aggregation.upload.link", AggregationService.Resource(caller.Jurisdiction, id)) with { DataContent = $"{entry!.Code} {format} {fileName}" }, ct);
            return Results.Created(SubmissionView.UrlOf(id), new
            {
                submissionId = id,
                uploadUrl = url.ToString(),
                method = "PUT",
                headers = new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob" },
                expiresAt = expires,
                maxBytes = options.MaxFileBytes,
                statusUrl = SubmissionView.UrlOf(id),
            });
        }).RequireRoles(Role.DataSteward)
          .WithSummary("Ask for a short-lived, create-only upload link for a file of a published entry of the caller's department; processing starts when the file arrives");

        entries.MapPost("/submissions", async (string entryId, string? format, string? encoding, string? fileName, HttpContext http, AggregationService service,
            AggregationStore store, BlobServiceClient blobs, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var (entry, refusal) = await service.OwnEntryAsync(caller, entryId, requirePublished: true, ct);
            if (refusal is { } r) return await RefuseAsync(http, audit, "aggregation.submission.post", AggregationService.EntryResource(caller.Jurisdiction, entryId), r, entryId, ct);
            var name = SubmissionDeclarations.FileName(fileName);
            var declared = SubmissionDeclarations.Format(format, name);
            if (declared is null) return Problems.Validation("format", "give format=csv, xlsx or jsonl, or a fileName ending in .csv, .xlsx or .jsonl");
            if (SubmissionDeclarations.Encoding(encoding) is not { } enc) return Problems.Validation("encoding", "must be utf-8, gb18030 (gbk, gb2312) or detect");
            var id = Guid.NewGuid().ToString("N");
            var sub = await store.CreateSubmissionAsync(service.NewSubmission(caller, entry!, id, SubmissionChannel.Direct, declared.Value, enc, name), ct)
                ?? throw new InvalidOperationException("a new submission id was taken");
            var blob = blobs.GetBlobContainerClient(StorageNames.Blobs.Incoming).GetBlobClient(sub.SourceBlob);
            try
            {
                await blob.UploadAsync(http.Request.Body, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, ct);
            }
            catch (Exception e)
            {
                // The body never arrived whole (too large, connection lost): say so on the submission, which will never be processed.
                await store.UpdateSubmissionAsync(sub.Jurisdiction, id, d => d with
                {
                    State = SubmissionState.Failed,
                    FailureReason = e is BadHttpRequestException b && b.StatusCode == StatusCodes.Status413PayloadTooLarge
                        ? $"the file is larger than the {options.MaxDirectPostBytes:N0} bytes a direct post accepts; ask for an upload link"
                        : "the file did not arrive completely: " + e.Message,
                    CompletedAt = d.CreatedAt,
                }, CancellationToken.None);
                throw;
            }
            await audit.WriteAsync(http.AuditFor("aggregation.submission.post", AggregationService.Resource(caller.Jurisdiction, id)) with { DataContent = $"{entry!.Code} {declared} {name}" }, ct);
            return Results.Accepted(SubmissionView.UrlOf(id), SubmissionView.Of(sub));
        }).RequireRoles(Role.DataSteward)
          .WithMetadata(new RequestSizeLimitAttribute(options.MaxDirectPostBytes))
          .WithSummary("Post a small file directly (query: format, encoding, fileName); 202 with the status URL, processing starts when it is stored");

        entries.MapPost("/batches/{batchId}", async (string entryId, string batchId, BatchRequest body, HttpContext http, AggregationService service,
            AggregationStore store, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var (entry, refusal) = await service.OwnEntryAsync(caller, entryId, requirePublished: true, ct);
            if (refusal is { } r) return await RefuseAsync(http, audit, "aggregation.batch.push", AggregationService.EntryResource(caller.Jurisdiction, entryId), r, entryId, ct);
            if (!SubmissionDeclarations.IsBatchId(batchId)) return Problems.Validation("batchId", "must be 1-64 letters, digits, '.', '_' or '-'");
            if (body.Records is null || body.Records.Count == 0) return Problems.Validation("records", "must hold at least one record");
            if (body.Records.Count > options.MaxBatchRecords) return Problems.Validation("records", $"at most {options.MaxBatchRecords:N0} records per batch");
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
                await audit.WriteAsync(http.AuditFor("aggregation.batch.push", resource) with { Outcome = AuditOutcome.Refused, Reason = "same batch id, different records" }, ct);
                return Problems.Conflict($"batch {batchId} was already pushed with different records; a batch id is used once", "batchId");
            }
            if (await service.ClaimAsync(sub, ct) is { } claimed) sub = await service.ProcessBatchAsync(claimed, lines, ct);
            else sub = await store.FindSubmissionAsync(caller.Jurisdiction, id, ct) ?? sub;
            await audit.WriteAsync(http.AuditFor("aggregation.batch.push", resource) with { DataContent = $"{entry!.Code} batch {batchId} {body.Records.Count} records -> {sub.State}" }, ct);
            return sub.State == SubmissionState.Processing
                ? Results.Accepted(SubmissionView.UrlOf(id), SubmissionView.Of(sub))
                : Results.Ok(SubmissionView.Of(sub));
        }).RequireRoles(Role.DataSteward)
          .WithMetadata(new RequestSizeLimitAttribute(options.MaxBatchBytes))
          .WithSummary("Push a batch of records of a real-time entry; checked like a file; idempotent by batch id (the same records again answer the first result)");

        entries.MapGet("/versions", async (string entryId, HttpContext http, AggregationService service, AggregationStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var (entry, refusal) = await service.OwnEntryAsync(caller, entryId, requirePublished: false, ct);
            if (refusal is not null) return Problems.NotFound($"Catalog entry {entryId}");
            // Removed versions stay listed, with who removed them and why: removal withdraws a version, it does not erase its history.
            var versions = (await store.VersionsAsync(caller.Jurisdiction, entryId, ct)).Where(v => v.State != VersionState.Writing).ToList();
            var current = VersionRemovalRules.Current(versions.Select(v => (v.Version, v.State == VersionState.Removed)));
            await audit.WriteAsync(http.AuditFor("aggregation.versions.list", AggregationService.EntryResource(caller.Jurisdiction, entryId)) with { DataContent = $"{entry!.Code} {versions.Count} versions" }, ct);
            return Results.Ok(new
            {
                entryId,
                current,
                items = versions.Select(v => new
                {
                    v.Version, v.State, v.Removal, v.PendingRemovalRequestId, v.AcceptedAt, v.SubmissionId, v.SubmittedBy, v.Department, v.SourceBlob, v.SourceSha256, v.RowsRead, v.RowsAccepted, v.RowsRejected,
                    v.DataBlob,
                    lineageBlob = $"{StorageNames.Blobs.Curated}/{CuratedLayout.LineageBlob(v.Jurisdiction, v.EntryId, v.Version)}",
                    qualityReportUrl = SubmissionView.UrlOf(v.SubmissionId) + "/report",
                }),
            });
        }).RequireRoles(Role.DataSteward).WithSummary("The curated versions of an entry of the caller's department, oldest first, with their lineage; removed ones marked, and the current (latest not removed) version");

        entries.MapGet("/settings", async (string entryId, HttpContext http, AggregationService service, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var (_, refusal) = await service.OwnEntryAsync(caller, entryId, requirePublished: false, ct);
            if (refusal is not null) return Problems.NotFound($"Catalog entry {entryId}");
            var settings = await service.SettingsAsync(caller.Jurisdiction, entryId, ct);
            await audit.WriteAsync(http.AuditFor("aggregation.settings.read", AggregationService.EntryResource(caller.Jurisdiction, entryId)), ct);
            return Results.Ok(settings);
        }).RequireRoles(Role.DataSteward).WithSummary("The entry's quality threshold, key items and examples per rule (defaults until set)");

        entries.MapPut("/settings", async (string entryId, SettingsRequest body, HttpContext http, AggregationService service, AggregationStore store,
            IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var (entry, refusal) = await service.OwnEntryAsync(caller, entryId, requirePublished: false, ct);
            if (refusal is not null) return Problems.NotFound($"Catalog entry {entryId}");
            var settings = new AggregationSettings { MaxFailedRowRatio = body.MaxFailedRowRatio, KeyItems = body.KeyItems, ExamplesPerRule = body.ExamplesPerRule };
            var content = (entry!.Entry.Published ?? entry.Entry.Working)!.Content;
            var errors = settings.Validate(content.DataItems);
            if (errors.Count > 0) return Problems.Validation(errors.Select(e => e with { Field = e.Field.Replace("aggregation.", "", StringComparison.Ordinal) }));
            await store.SaveSettingsAsync(new SettingsDocument(AggregationStore.SettingsId(entryId), caller.Jurisdiction, entryId, entry.Department, settings,
                caller.UserId, time.GetUtcNow()), ct);
            await audit.WriteAsync(http.AuditFor("aggregation.settings.update", AggregationService.EntryResource(caller.Jurisdiction, entryId)) with
            {
                DataContent = $"{entry.Code} maxFailedRowRatio {settings.MaxFailedRowRatio} keys [{string.Join(",", settings.KeyItems ?? [])}]",
            }, ct);
            return Results.Ok(settings);
        }).RequireRoles(Role.DataSteward).WithSummary("Set the entry's quality threshold (largest failed-row ratio accepted), key items and examples per rule");

        group.MapGet("/submissions/{id}", async (string id, HttpContext http, AggregationStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var sub = await store.FindSubmissionAsync(caller.Jurisdiction, id, ct);
            if (sub is null || !caller.BelongsTo(sub.Department)) return Problems.NotFound($"Submission {id}");
            await audit.WriteAsync(http.AuditFor("aggregation.submission.read", AggregationService.Resource(caller.Jurisdiction, id)), ct);
            return Results.Ok(SubmissionView.Of(sub));
        }).RequireRoles(Role.DataSteward).WithSummary("The state and progress of a submission of the caller's department (rows done, estimated total, outcome)");

        group.MapGet("/submissions/{id}/report", async (string id, HttpContext http, AggregationStore store, BlobServiceClient blobs, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var sub = await store.FindSubmissionAsync(caller.Jurisdiction, id, ct);
            if (sub is null || !caller.BelongsTo(sub.Department)) return Problems.NotFound($"Submission {id}");
            if (sub.ReportBlob is not { } path) return Problems.Conflict($"submission {id} is {sub.State}: its quality report is not ready");
            var cut = path.IndexOf('/', StringComparison.Ordinal);
            var blob = blobs.GetBlobContainerClient(path[..cut]).GetBlobClient(path[(cut + 1)..]);
            var content = await blob.DownloadStreamingAsync(cancellationToken: ct);
            await audit.WriteAsync(http.AuditFor("aggregation.report.download", AggregationService.Resource(caller.Jurisdiction, id)) with { DataContent = path }, ct);
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"quality-report-{id}.json\"";
            return Results.Stream(content.Value.Content, "application/json");
        }).RequireRoles(Role.DataSteward).WithSummary("Download the quality report of a submission of the caller's department");

        group.MapGet("/reminders", async (HttpContext http, AggregationStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var reminders = await store.RemindersAsync(caller.Jurisdiction, caller.Department, ct);
            await audit.WriteAsync(http.AuditFor("aggregation.reminders.list", $"aggregation/{caller.Jurisdiction}/departments/{caller.Department}/reminders") with { DataContent = $"{reminders.Count} reminders" }, ct);
            return Results.Ok(new { items = reminders.Select(r => new { r.EntryId, r.EntryCode, r.Overdue, r.DueDate, r.DueDateProvisional, r.Message, r.Rule, r.CreatedAt }) });
        }).RequireRoles(Role.DataSteward).WithSummary("The caller's department's reminders: submissions due soon or overdue per the entries' update cycles");

        ErrorFeedbackEndpoints.MapErrorFeedback(group);
        VersionRemovalEndpoints.MapVersionRemoval(group);
        return app;
    }

    private static async Task<IResult> RefuseAsync(HttpContext http, IAuditLog audit, string action, string resource, EntryRefusal refusal, string entryId, CancellationToken ct)
    {
        await audit.WriteAsync(http.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = refusal.ToString() }, ct);
        return AggregationService.Problem(refusal, entryId);
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
