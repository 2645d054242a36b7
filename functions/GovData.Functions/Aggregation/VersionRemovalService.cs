using GovData.Domain.Aggregation;
using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Functions.Audit;
using GovData.Functions.Hosting.Http;

namespace GovData.Functions.Aggregation;

/// <summary>
/// Version removal (000 第四十一条) with no HTTP in sight: the owning department asks, the data authority approves or refuses.
/// An approved removal marks the version document removed; the curated blobs are never deleted or changed. Every operation
/// takes who asked (<see cref="RequestContext"/>) and returns an <see cref="AggregationAnswer{T}"/>; every step is audited,
/// refusals of a request or a decision included.
/// </summary>
public sealed class VersionRemovalService(AggregationService service, AggregationStore versions, VersionRemovalStore store, IAuditLog audit, TimeProvider time)
{
    private static readonly TimeSpan StaleMarker = TimeSpan.FromMinutes(1);

    /// <summary>Asks to remove version <paramref name="version"/> of an entry of the caller's department, with the reason; at most one request pending per version.</summary>
    public async Task<AggregationAnswer<RemovalRequestView>> RequestAsync(RequestContext request, string entryId, int version, RemovalRequest body, CancellationToken ct)
    {
        const string action = "aggregation.version.removal.request";
        var caller = request.User;
        var resource = VersionResource(caller.Jurisdiction, entryId, version);
        var (entry, refusal) = await service.OwnEntryAsync(caller, entryId, requirePublished: false, ct);
        if (refusal is not null)
            return await RefuseAsync(request, action, AggregationService.EntryResource(caller.Jurisdiction, entryId), "entry not found or not the caller's",
                AggregationRefusal.NotFound($"Catalog entry {entryId}"), ct);
        var errors = VersionRemovalRules.ValidateRequest(body.Reason);
        if (errors.Count > 0) return AggregationRefusal.Invalid(errors);
        var doc = version is >= 1 and <= 999_999 ? await versions.FindVersionAsync(caller.Jurisdiction, entryId, version, ct) : null;
        if (doc is null || doc.State == VersionState.Writing)
            return await RefuseAsync(request, action, resource, "no such version", AggregationRefusal.NotFound($"Version {version} of catalog entry {entryId}"), ct);
        if (doc.State == VersionState.Removed)
            return await RefuseAsync(request, action, resource, "already removed", AggregationRefusal.Conflict($"version {version} was already removed", "version"), ct);
        // The request document is written just after the marker, so a marker without one blocks too (its request is being stored),
        // unless it is over a minute old: then the request was never stored (a crash between the two writes) and a new one may follow.
        var now = time.GetUtcNow();
        if (doc.PendingRemovalRequestId is { } pendingId
            && (await store.FindAsync(caller.Jurisdiction, pendingId, ct) is { } pendingRequest
                ? pendingRequest.State == VersionRemovalState.Pending
                : doc.PendingRemovalSince is not { } since || now - since < StaleMarker))
            return await RefuseAsync(request, action, resource, "a request is pending",
                AggregationRefusal.Conflict($"removal request {pendingId} for version {version} is waiting for a decision", "version"), ct);

        // The marker on the version, written under its ETag, is what makes a second pending request impossible even when two arrive at once.
        var id = Guid.NewGuid().ToString("N");
        if (await versions.TryReplaceVersionAsync(doc with { PendingRemovalRequestId = id, PendingRemovalSince = now }, doc.ETag!, ct) is null)
            return await RefuseAsync(request, action, resource, "requested concurrently",
                AggregationRefusal.Conflict($"another removal request for version {version} was made at the same time", "version"), ct);
        var stored = await store.CreateAsync(new RemovalRequestDocument
        {
            Id = id,
            Jurisdiction = caller.Jurisdiction,
            EntryId = entryId,
            EntryCode = entry!.Code,
            Version = version,
            Department = entry.Department,
            RequestedBy = caller.UserId,
            RequestedAt = now,
            Reason = body.Reason.Trim(),
        }, ct);
        await audit.WriteAsync(request.AuditFor(action, RequestResource(caller.Jurisdiction, id)) with { DataContent = $"{entry.Code} v{version}", Reason = stored.Reason }, ct);
        return AggregationAnswer<RemovalRequestView>.Done(RemovalRequestView.Of(stored));
    }

    /// <summary>Approves or refuses a removal request (once, and not the requesting department's own); an approval marks the version removed.</summary>
    public async Task<AggregationAnswer<RemovalRequestView>> DecideAsync(RequestContext request, string id, RemovalDecisionRequest body, CancellationToken ct)
    {
        const string action = "aggregation.version.removal.decide";
        var caller = request.User;
        var resource = RequestResource(caller.Jurisdiction, id);
        var removal = await store.FindAsync(caller.Jurisdiction, id, ct);
        if (removal is null) return await RefuseAsync(request, action, resource, "no such request", AggregationRefusal.NotFound($"Removal request {id}"), ct);
        if (caller.BelongsTo(removal.Department) || string.Equals(caller.UserId, removal.RequestedBy, StringComparison.Ordinal))
            return await RefuseAsync(request, action, resource, "own request", AggregationRefusal.Forbidden("a department does not decide on its own removal request"), ct);
        var errors = VersionRemovalRules.ValidateDecision(body.Decision, body.Reason);
        if (errors.Count > 0) return AggregationRefusal.Invalid(errors);
        if (VersionRemovalRules.Decide(removal.State, body.Decision) is not { } next)
            return await RefuseAsync(request, action, resource, "already decided", AggregationRefusal.Conflict($"removal request {id} was already {removal.State}"), ct);
        var now = time.GetUtcNow();
        var decided = await store.TryReplaceAsync(removal with { State = next, DecidedBy = caller.UserId, DecidedAt = now, DecisionReason = body.Reason.Trim() }, removal.ETag!, ct);
        if (decided is null)
            return await RefuseAsync(request, action, resource, "decided concurrently", AggregationRefusal.Conflict($"removal request {id} was decided by someone else at the same time"), ct);

        // Only the version document changes: the curated blobs are immutable, so a removed version's data stays where it was, for the record.
        var version = await UpdateVersionAsync(decided, ct);
        await audit.WriteAsync(request.AuditFor(action, resource) with
        {
            DataContent = $"{decided.EntryCode} v{decided.Version} {next}",
            Reason = decided.DecisionReason,
        }, ct);
        return AggregationAnswer<RemovalRequestView>.Done(RemovalRequestView.Of(decided, version?.State));
    }

    /// <summary>A removal request, to the requesting department and the data authority (others: not found).</summary>
    public async Task<AggregationAnswer<RemovalRequestView>> GetAsync(RequestContext request, string id, CancellationToken ct)
    {
        var caller = request.User;
        var removal = await store.FindAsync(caller.Jurisdiction, id, ct);
        if (removal is null || !(caller.Has(Role.DataAuthority) || caller.BelongsTo(removal.Department))) return AggregationRefusal.NotFound($"Removal request {id}");
        var version = await versions.FindVersionAsync(caller.Jurisdiction, removal.EntryId, removal.Version, ct);
        await audit.WriteAsync(request.AuditFor("aggregation.version.removal.read", RequestResource(caller.Jurisdiction, id)), ct);
        return AggregationAnswer<RemovalRequestView>.Done(RemovalRequestView.Of(removal, version?.State));
    }

    /// <summary>The requests of the jurisdiction waiting for the data authority's decision, oldest first.</summary>
    public async Task<RemovalRequestList> PendingAsync(RequestContext request, CancellationToken ct)
    {
        var caller = request.User;
        var list = await store.PendingAsync(caller.Jurisdiction, ct);
        await audit.WriteAsync(request.AuditFor("aggregation.version.removal.list", $"aggregation/{caller.Jurisdiction}/removal-requests") with { DataContent = $"{list.Count} pending" }, ct);
        return new RemovalRequestList(list.Select(r => RemovalRequestView.Of(r)).ToList());
    }

    // Applies the decision to the version: retried on ETag conflicts because the version may have moved since it was read, and
    // idempotent, so a repeat after a partial failure finds the version already marked.
    private async Task<VersionDocument?> UpdateVersionAsync(RemovalRequestDocument decided, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var doc = await versions.FindVersionAsync(decided.Jurisdiction, decided.EntryId, decided.Version, ct);
            if (doc is null) return null;
            var mine = doc.PendingRemovalRequestId == decided.Id;
            var clearPending = mine ? null : doc.PendingRemovalRequestId;
            var since = mine ? null : doc.PendingRemovalSince;
            var next = decided.State == VersionRemovalState.Approved
                ? doc with
                {
                    State = VersionState.Removed,
                    PendingRemovalRequestId = clearPending,
                    PendingRemovalSince = since,
                    Removal = doc.Removal ?? new VersionRemovalRecord(decided.Id, decided.RequestedBy, decided.RequestedAt, decided.Reason,
                        decided.DecidedBy!, decided.DecidedAt!.Value, decided.DecisionReason!),
                }
                : doc with { PendingRemovalRequestId = clearPending, PendingRemovalSince = since };
            if (next == doc) return doc;
            if (await versions.TryReplaceVersionAsync(next, doc.ETag!, ct) is { } saved) return saved;
        }
        throw new InvalidOperationException($"version {decided.Version} of entry {decided.EntryId} kept changing while the removal decision was applied");
    }

    private async Task<AggregationRefusal> RefuseAsync(RequestContext request, string action, string resource, string reason, AggregationRefusal refusal, CancellationToken ct)
    {
        await audit.WriteAsync(request.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = reason }, ct);
        return refusal;
    }

    private static string VersionResource(string jurisdiction, string entryId, int version) =>
        $"{AggregationService.EntryResource(jurisdiction, entryId)}/versions/{version}";

    private static string RequestResource(string jurisdiction, string id) => $"aggregation/{jurisdiction}/removal-requests/{id}";
}
