using GovData.Functions.Aggregation;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using GovData.Domain;
using GovData.Domain.Audit;
using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Domain.Opening;
using GovData.Functions.Audit;
using GovData.Functions.Catalog;
using GovData.Functions.Identity;
using GovData.Functions.Storage;
using Microsoft.Extensions.Options;
using RequestContext = GovData.Functions.Hosting.Http.RequestContext;

namespace GovData.Functions.Opening;

/// <summary>A message on the <c>publishing</c> queue.</summary>
public sealed record PublishMessage(string Type, string Jurisdiction, string PublishId)
{
    /// <summary>Desensitize the curated version into staging and scan it.</summary>
    public const string Transform = "transform";
    /// <summary>Copy the approved staged files to the public container.</summary>
    public const string Promote = "promote";
}

/// <summary>
/// The department's and the DataAuthority's side of publishing: the open configuration, the publish request, and the
/// security review (002 第二十七条). The heavy work runs in <see cref="PublishJob"/>.
/// </summary>
public sealed class PublishingService(OpeningStore store, CatalogStore catalog, AggregationStore aggregation, BlobServiceClient blobs, QueueServiceClient queues,
    IOptions<OpeningOptions> options, IAuditLog audit, TimeProvider time, JsonSerializerOptions json)
{
    /// <summary>The audit resource of a dataset.</summary>
    public static string Resource(string jurisdiction, string entryId) => $"opening/{jurisdiction}/datasets/{entryId}";

    /// <summary>The audit resource of a publish request.</summary>
    public static string PublishResource(string jurisdiction, string publishId) => $"opening/{jurisdiction}/publishes/{publishId}";

    /// <summary>Sets the entry's open configuration (DataSteward of the owning department).</summary>
    public async Task<OpeningAnswer<OpenDatasetOwnerView>> ConfigureAsync(RequestContext request, string entryId, OpenConfigurationRequest body, CancellationToken ct)
    {
        var caller = request.User;
        const string action = "opening.configuration.set";
        var resource = Resource(caller.Jurisdiction, entryId);
        var entry = await OwnedListedEntryAsync(caller, entryId, ct);
        if (entry is null) return OpeningRefusal.NotFound($"Catalog entry {entryId}");
        var content = entry.Entry.Published!.Content;
        var errors = OpenDatasetRules.ValidateConfiguration(content, body.Desensitization, options.Value.SecretBytes() is not null);
        if (errors.Count > 0) return await RefuseAsync(request, action, resource, OpeningRefusal.Invalid(errors), string.Join("; ", errors.Select(e => e.Field + ": " + e.Reason)), ct);

        var now = time.GetUtcNow();
        var configuration = new OpenConfiguration(body.Desensitization, entry.Entry.Published.Number, caller.UserId, now);
        var id = OpenDatasetDocument.IdOf(entryId);
        var created = await store.TryCreateAsync(caller.Jurisdiction, Fresh(entry.Entry, configuration), ct);
        OpenDatasetDocument? saved = null;
        if (!created)
        {
            string? busy = null;
            saved = await store.UpdateAsync<OpenDatasetDocument>(caller.Jurisdiction, id, d =>
            {
                // A plan changed while a publish runs would not be the plan the reviewer sees.
                if (d.ActivePublish is not null) { busy = d.ActivePublish; return null; }
                return Refresh(d, entry.Entry) with { Configuration = configuration };
            }, d => d.ETag, ct);
            if (busy is not null) return await RefuseAsync(request, action, resource, OpeningRefusal.Conflict($"publish {busy} is in progress; change the configuration after it is reviewed"), "publish in progress", ct);
        }
        saved ??= await store.FindAsync<OpenDatasetDocument>(caller.Jurisdiction, id, ct);
        await audit.WriteAsync(request.AuditFor(action, resource) with { DataContent = Describe(body.Desensitization) }, ct);
        return OpeningAnswer<OpenDatasetOwnerView>.Done(OpeningViews.DatasetForOwner(saved!));
    }

    /// <summary>An open dataset with its configuration and versions, for its department and the DataAuthority.</summary>
    public async Task<OpeningAnswer<OpenDatasetOwnerView>> GetDatasetAsync(RequestContext request, string entryId, CancellationToken ct)
    {
        var caller = request.User;
        if (OpenDatasetRules.ValidateId(entryId) is { } e) return OpeningRefusal.Invalid("entryId", e);
        var d = await store.FindAsync<OpenDatasetDocument>(caller.Jurisdiction, OpenDatasetDocument.IdOf(entryId), ct);
        if (d is null || !(caller.BelongsTo(d.Department) || caller.Has(Role.DataAuthority))) return OpeningRefusal.NotFound($"Open dataset {entryId}");
        await audit.WriteAsync(request.AuditFor("opening.dataset.read", Resource(caller.Jurisdiction, entryId)), ct);
        return OpeningAnswer<OpenDatasetOwnerView>.Done(OpeningViews.DatasetForOwner(d));
    }

    /// <summary>Publish requests: the department's own, or all of the jurisdiction for the DataAuthority; optionally in one state.</summary>
    public async Task<OpenPublishList> ListPublishesAsync(RequestContext request, PublishState? state, CancellationToken ct)
    {
        var caller = request.User;
        var where = new List<string>();
        var p = new Dictionary<string, object?>();
        if (!caller.Has(Role.DataAuthority)) { where.Add("c.department = @d"); p["@d"] = caller.Department; }
        if (state is { } s) { where.Add("c.state = @s"); p["@s"] = s.ToString(); }
        var docs = await store.ListAsync<PublishDocument>(caller.Jurisdiction, PublishDocument.DocType, where.Count == 0 ? null : string.Join(" AND ", where), p, ct);
        await audit.WriteAsync(request.AuditFor("opening.publish.list", $"opening/{caller.Jurisdiction}/publishes") with { DataContent = $"{docs.Count} requests" }, ct);
        return new OpenPublishList(docs.OrderBy(d => d.RequestedAt).Select(OpeningViews.Publish).ToList());
    }

    /// <summary>A publish request with its scan findings (masked), for its department and the DataAuthority.</summary>
    public async Task<OpeningAnswer<OpenPublishView>> GetPublishAsync(RequestContext request, string publishId, CancellationToken ct)
    {
        var (d, refusal) = await VisiblePublishAsync(request.User, publishId, ct);
        if (d is null) return refusal!;
        await audit.WriteAsync(request.AuditFor("opening.publish.read", PublishResource(request.User.Jurisdiction, publishId)), ct);
        return OpeningAnswer<OpenPublishView>.Done(OpeningViews.Publish(d));
    }

    /// <summary>The first rows of the desensitized (staged, not yet public) file, for the security review beside the plan.</summary>
    public async Task<OpeningAnswer<PublishSample>> SampleAsync(RequestContext request, string publishId, CancellationToken ct)
    {
        var caller = request.User;
        var (d, refusal) = await VisiblePublishAsync(caller, publishId, ct);
        if (d is null) return refusal!;
        if (d.State is not (PublishState.AwaitingReview or PublishState.Approved))
            return OpeningRefusal.Conflict($"the publish is {d.State}: a sample exists only between the transform and the copy to the public container", "state");
        var sample = await PublishSample.ReadAsync(blobs, d, ct);
        if (sample is null) return OpeningRefusal.NotFound($"The staged file of publish {publishId}");
        await audit.WriteAsync(request.AuditFor("opening.publish.sample", PublishResource(caller.Jurisdiction, publishId)) with
        {
            DataContent = $"{sample.Rows.Count} desensitized rows of {d.EntryId} v{d.CuratedVersion}", DataOwner = d.Department,
        }, ct);
        return OpeningAnswer<PublishSample>.Done(sample);
    }

    // The publish request if the id is valid and the caller's department owns it or the caller is the DataAuthority; else 400 or 404.
    private async Task<(PublishDocument? Publish, OpeningRefusal? Refusal)> VisiblePublishAsync(Caller caller, string publishId, CancellationToken ct)
    {
        if (OpenDatasetRules.ValidateId(publishId) is { } e) return (null, OpeningRefusal.Invalid("publishId", e));
        var d = await store.FindAsync<PublishDocument>(caller.Jurisdiction, PublishDocument.IdOf(publishId), ct);
        if (d is null || !(caller.BelongsTo(d.Department) || caller.Has(Role.DataAuthority))) return (null, OpeningRefusal.NotFound($"Publish {publishId}"));
        return (d, null);
    }

    /// <summary>Requests the publish of a curated version: checks everything that can be checked now, then queues the job.</summary>
    public async Task<OpeningAnswer<OpenPublishView>> RequestPublishAsync(RequestContext request, string entryId, PublishRequest body, CancellationToken ct)
    {
        var caller = request.User;
        const string action = "opening.publish.request";
        var resource = Resource(caller.Jurisdiction, entryId);
        var entry = await OwnedListedEntryAsync(caller, entryId, ct);
        if (entry is null) return OpeningRefusal.NotFound($"Catalog entry {entryId}");
        if (body.CuratedVersion is < 1 or > 999_999) return OpeningRefusal.Invalid("curatedVersion", "must be 1 to 999999");
        var dataset = await store.FindAsync<OpenDatasetDocument>(caller.Jurisdiction, OpenDatasetDocument.IdOf(entryId), ct);
        if (dataset is null)
            return await RefuseAsync(request, action, resource, OpeningRefusal.Conflict("the entry has no open configuration yet; set it first (PUT .../configuration)"), "not configured", ct);
        var content = entry.Entry.Published!.Content;
        // The entry may have changed since the plan was set (a new version with other items, or NotOpen now).
        var errors = OpenDatasetRules.ValidateConfiguration(content, dataset.Configuration.Plan, options.Value.SecretBytes() is not null);
        if (errors.Count > 0)
            return await RefuseAsync(request, action, resource, OpeningRefusal.Invalid(errors, "the open configuration no longer fits the published catalog entry; set it again"), "configuration stale", ct);

        var curated = blobs.GetBlobContainerClient(StorageNames.Blobs.Curated).GetBlobClient(OpenDatasetRules.CuratedBlob(caller.Jurisdiction, entryId, body.CuratedVersion));
        IDictionary<string, string> metadata;
        try { metadata = (await curated.GetPropertiesAsync(cancellationToken: ct)).Value.Metadata; }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return await RefuseAsync(request, action, resource, OpeningRefusal.Invalid("curatedVersion", $"curated version {body.CuratedVersion} of this entry does not exist (not accepted by aggregation)"), "no curated version", ct);
        }
        if (PublishingService.Meta(metadata, "entryid") != entryId || PublishingService.Meta(metadata, "department") != entry.Department)
            return await RefuseAsync(request, action, resource, OpeningRefusal.Invalid("curatedVersion", "the curated file's metadata does not name this entry and department"), "curated metadata mismatch", ct);
        // The blobs of a removed version stay (nothing is deleted, 000 第四十一条), so the version record decides.
        if (await aggregation.FindVersionAsync(caller.Jurisdiction, entryId, body.CuratedVersion, ct) is { State: VersionState.Removed })
            return await RefuseAsync(request, action, resource, OpeningRefusal.Conflict($"curated version {body.CuratedVersion} was removed by an approved removal request; publish a current version", "curatedVersion"), "curated version removed", ct);

        var publishId = Guid.NewGuid().ToString("N");
        string? busy = null;
        var now = time.GetUtcNow();
        var claimed = await store.UpdateAsync<OpenDatasetDocument>(caller.Jurisdiction, dataset.Id, d =>
        {
            if (d.ActivePublish is not null) { busy = d.ActivePublish; return null; }
            return Refresh(d, entry.Entry) with { ActivePublish = publishId };
        }, d => d.ETag, ct);
        if (busy is not null && !await IsStaleAsync(caller.Jurisdiction, busy, ct))
            return await RefuseAsync(request, action, resource, OpeningRefusal.Conflict($"publish {busy} of this dataset is still in progress"), "publish in progress", ct);
        if (busy is not null)
        {
            // The previous request never got its document written (a crash between the two writes): take over.
            claimed = await store.UpdateAsync<OpenDatasetDocument>(caller.Jurisdiction, dataset.Id, d => d.ActivePublish == busy ? d with { ActivePublish = publishId } : null, d => d.ETag, ct);
            if (claimed?.ActivePublish != publishId) return OpeningRefusal.Conflict("another publish of this dataset started at the same time");
        }

        var doc = new PublishDocument
        {
            Id = PublishDocument.IdOf(publishId),
            Jurisdiction = caller.Jurisdiction,
            PublishId = publishId,
            EntryId = entryId,
            Department = entry.Department,
            CuratedVersion = body.CuratedVersion,
            CuratedSha256 = PublishingService.Meta(metadata, "sha256"),
            Version = claimed!.Versions.Count + 1,
            Plan = claimed.Configuration.Plan,
            ScanAllowedColumns = claimed.Configuration.Plan.Items.Where(i => i.ScanAllowed).Select(i => i.Item).ToArray(),
            RequestedBy = caller.UserId,
            RequestedAt = now,
        };
        await store.TryCreateAsync(caller.Jurisdiction, doc, ct);
        await EnqueueAsync(new PublishMessage(PublishMessage.Transform, caller.Jurisdiction, publishId), ct);
        await audit.WriteAsync(request.AuditFor(action, PublishResource(caller.Jurisdiction, publishId)) with
        {
            DataContent = $"entry {entryId} curated v{body.CuratedVersion} -> open v{doc.Version}",
        }, ct);
        return OpeningAnswer<OpenPublishView>.Done(OpeningViews.Publish(doc));
    }

    /// <summary>The DataAuthority's security review: approve (the job then copies the files to <c>open</c>) or reject with reasons.</summary>
    public async Task<OpeningAnswer<OpenPublishView>> ReviewAsync(RequestContext request, string publishId, PublishReviewRequest body, CancellationToken ct)
    {
        if (OpenDatasetRules.ValidateId(publishId) is { } invalid) return OpeningRefusal.Invalid("publishId", invalid);
        var caller = request.User;
        var approve = body.Decision == PublishVerdict.Approve;
        var action = approve ? "opening.publish.approve" : "opening.publish.reject";
        var resource = PublishResource(caller.Jurisdiction, publishId);
        if (!Enum.IsDefined(body.Decision)) return OpeningRefusal.Invalid("decision", "must be Approve or Reject");
        var doc = await store.FindAsync<PublishDocument>(caller.Jurisdiction, PublishDocument.IdOf(publishId), ct);
        if (doc is null) return OpeningRefusal.NotFound($"Publish {publishId}");
        if (PublishWorkflow.CheckReview(doc.State, approve, body.Reasons) is { } error)
            return await RefuseAsync(request, action, resource,
                error.Field == "state" ? OpeningRefusal.Conflict(error.Reason) : OpeningRefusal.Invalid([error]), error.Reason, ct);
        var now = time.GetUtcNow();
        var next = doc with
        {
            State = approve ? PublishState.Approved : PublishState.Rejected,
            ReviewedBy = caller.UserId,
            ReviewedAt = now,
            ReviewReasons = body.Reasons?.Select(r => r.Trim()).ToArray() ?? [],
        };
        PublishDocument saved;
        try { saved = await store.ReplaceAsync(caller.Jurisdiction, doc.Id, next, doc.ETag!, ct); }
        catch (OpeningChangedException e) { return await RefuseAsync(request, action, resource, OpeningRefusal.Conflict(e.Message), "lost race", ct); }
        if (approve) await EnqueueAsync(new PublishMessage(PublishMessage.Promote, caller.Jurisdiction, publishId), ct);
        else await ReleaseAsync(saved, ct);
        await audit.WriteAsync(request.AuditFor(action, resource) with
        {
            Approver = caller.UserId,
            DataContent = $"entry {doc.EntryId} open v{doc.Version}: {doc.Rows} rows, columns [{string.Join(",", doc.Columns)}], scan-allowed [{string.Join(",", doc.ScanAllowedColumns)}]",
            Reason = saved.ReviewReasons.Count > 0 ? string.Join("; ", saved.ReviewReasons) : null,
        }, ct);
        return OpeningAnswer<OpenPublishView>.Done(OpeningViews.Publish(saved));
    }

    /// <summary>Frees the dataset for the next publish, then deletes the finished request's staging files.</summary>
    public async Task ReleaseAsync(PublishDocument doc, CancellationToken ct)
    {
        // Freeing first: staging is never served, so a file left there by a failed delete harms nothing, while a dataset
        // left pointing at a finished request would refuse every later publish.
        await store.UpdateAsync<OpenDatasetDocument>(doc.Jurisdiction, OpenDatasetDocument.IdOf(doc.EntryId),
            d => d.ActivePublish == doc.PublishId ? d with { ActivePublish = null } : null, d => d.ETag, ct);
        var staging = blobs.GetBlobContainerClient(StorageNames.Blobs.Reports);
        foreach (var ext in new[] { "csv", "jsonl" })
            await staging.GetBlobClient(OpenDatasetRules.StagingBlob(doc.Jurisdiction, doc.EntryId, doc.PublishId, ext)).DeleteIfExistsAsync(cancellationToken: ct);
    }

    /// <summary>A blob metadata value, or null.</summary>
    public static string? Meta(IDictionary<string, string> metadata, string key) => metadata.TryGetValue(key, out var v) ? v : null;

    /// <summary>Queues a job message.</summary>
    public async Task EnqueueAsync(PublishMessage message, CancellationToken ct) =>
        await queues.GetQueueClient(StorageNames.Queues.Publishing).SendMessageAsync(JsonSerializer.Serialize(message, json), ct);

    private async Task<bool> IsStaleAsync(string jurisdiction, string publishId, CancellationToken ct)
    {
        var active = await store.FindAsync<PublishDocument>(jurisdiction, PublishDocument.IdOf(publishId), ct);
        return active is null || PublishWorkflow.IsFinal(active.State);
    }

    /// <summary>The entry if it is listed and the caller is a steward of its department; otherwise null (404: ids cannot be probed).</summary>
    private async Task<CatalogEntryDocument?> OwnedListedEntryAsync(Caller caller, string entryId, CancellationToken ct)
    {
        if (OpenDatasetRules.ValidateId(entryId) is not null) return null;
        var doc = await catalog.FindAsync(caller.Jurisdiction, entryId, ct);
        return doc is not null && doc.Entry.IsListed && caller.BelongsTo(doc.Department) ? doc : null;
    }

    private async Task<OpeningRefusal> RefuseAsync(RequestContext request, string action, string resource, OpeningRefusal refusal, string reason, CancellationToken ct)
    {
        await audit.WriteAsync(request.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = reason.Length > 1000 ? reason[..1000] : reason }, ct);
        return refusal;
    }

    private static OpenDatasetDocument Fresh(CatalogEntry entry, OpenConfiguration configuration) => Refresh(new OpenDatasetDocument
    {
        Id = OpenDatasetDocument.IdOf(entry.Id),
        Jurisdiction = entry.Jurisdiction,
        EntryId = entry.Id,
        Department = entry.Department,
        Code = entry.Code,
        Name = "",
        Configuration = configuration,
    }, entry);

    /// <summary>Copies the catalog's current headline fields onto the dataset (the catalog is the source of truth for them).</summary>
    public static OpenDatasetDocument Refresh(OpenDatasetDocument d, CatalogEntry entry)
    {
        var c = entry.Published!.Content;
        return d with
        {
            Code = c.Code,
            Name = c.Name,
            Summary = c.Summary,
            OpenType = c.OpenType,
            UpdateCycle = c.UpdateCycle,
            SearchText = string.Join('\n', c.Name, c.Summary, c.Code).ToLowerInvariant(),
            ETag = d.ETag,
        };
    }

    private static string Describe(DesensitizationPlan plan) =>
        string.Join(", ", plan.Items.Select(i => $"{i.Item}:{i.Method}{(i.Mask is { } m ? "/" + m : "")}{(i.Generalization is { } g ? "/" + g : "")}{(i.ScanAllowed ? " scan-allowed" : "")}"));
}

/// <summary>Body of PUT /api/opening/datasets/{entryId}/configuration.</summary>
public sealed record OpenConfigurationRequest(DesensitizationPlan Desensitization);

/// <summary>Body of POST /api/opening/datasets/{entryId}/publishes.</summary>
public sealed record PublishRequest(int CuratedVersion);

/// <summary>The security review's decision.</summary>
public enum PublishVerdict
{
    /// <summary>Publish it.</summary>
    Approve,
    /// <summary>Do not publish it; reasons required.</summary>
    Reject,
}

/// <summary>Body of POST /api/opening/publishes/{publishId}/review.</summary>
public sealed record PublishReviewRequest(PublishVerdict Decision, IReadOnlyList<string>? Reasons = null);
