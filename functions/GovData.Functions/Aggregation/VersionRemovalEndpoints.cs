using GovData.Domain.Aggregation;
using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Identity;

namespace GovData.Functions.Aggregation;

/// <summary>A request to remove a curated version.</summary>
public sealed record RemovalRequest(string Reason);

/// <summary>The data authority's decision on a removal request.</summary>
public sealed record RemovalDecisionRequest(VersionRemovalDecision Decision, string Reason);

/// <summary>
/// Version removal (000 第四十一条): the owning department asks, the data authority approves or refuses. An approved
/// removal marks the version document removed; the curated blobs are never deleted or changed.
/// </summary>
public static class VersionRemovalEndpoints
{
    /// <summary>Maps the removal endpoints into the aggregation group.</summary>
    public static void MapVersionRemoval(RouteGroupBuilder group)
    {
        group.MapPost("/entries/{entryId}/versions/{version:int}/removal-requests", async (string entryId, int version, RemovalRequest body, HttpContext http,
            AggregationService service, AggregationStore versions, VersionRemovalStore store, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            const string action = "aggregation.version.removal.request";
            var resource = VersionResource(caller.Jurisdiction, entryId, version);
            var (entry, refusal) = await service.OwnEntryAsync(caller, entryId, requirePublished: false, ct);
            if (refusal is not null)
                return await RefuseAsync(http, audit, action, AggregationService.EntryResource(caller.Jurisdiction, entryId), "entry not found or not the caller's", Problems.NotFound($"Catalog entry {entryId}"), ct);
            var errors = VersionRemovalRules.ValidateRequest(body.Reason);
            if (errors.Count > 0) return Problems.Validation(errors);
            var doc = version is >= 1 and <= 999_999 ? await versions.FindVersionAsync(caller.Jurisdiction, entryId, version, ct) : null;
            if (doc is null || doc.State == VersionState.Writing)
                return await RefuseAsync(http, audit, action, resource, "no such version", Problems.NotFound($"Version {version} of catalog entry {entryId}"), ct);
            if (doc.State == VersionState.Removed)
                return await RefuseAsync(http, audit, action, resource, "already removed", Problems.Conflict($"version {version} was already removed", "version"), ct);
            // The request document is written just after the marker, so a marker without one blocks too (its request is being stored),
            // unless it is over a minute old: then the request was never stored (a crash between the two writes) and a new one may follow.
            var now = time.GetUtcNow();
            if (doc.PendingRemovalRequestId is { } pendingId
                && (await store.FindAsync(caller.Jurisdiction, pendingId, ct) is { } pendingRequest
                    ? pendingRequest.State == VersionRemovalState.Pending
                    : doc.PendingRemovalSince is not { } since || now - since < StaleMarker))
                return await RefuseAsync(http, audit, action, resource, "a request is pending", Problems.Conflict($"removal request {pendingId} for version {version} is waiting for a decision", "version"), ct);

            // The marker on the version, written under its ETag, is what makes a second pending request impossible even when two arrive at once.
            var id = Guid.NewGuid().ToString("N");
            if (await versions.TryReplaceVersionAsync(doc with { PendingRemovalRequestId = id, PendingRemovalSince = now }, doc.ETag!, ct) is null)
                return await RefuseAsync(http, audit, action, resource, "requested concurrently", Problems.Conflict($"another removal request for version {version} was made at the same time", "version"), ct);
            var request = await store.CreateAsync(new RemovalRequestDocument
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
            await audit.WriteAsync(http.AuditFor(action, RequestResource(caller.Jurisdiction, id)) with { DataContent = $"{entry.Code} v{version}", Reason = request.Reason }, ct);
            return Results.Created(UrlOf(id), View(request));
        }).RequireRoles(Role.DataSteward)
          .WithSummary("Ask to remove a curated version of an entry of the caller's department, with the reason; the data authority decides (000 第四十一条)");

        group.MapPost("/removal-requests/{id}/decision", async (string id, RemovalDecisionRequest body, HttpContext http, AggregationStore versions,
            VersionRemovalStore store, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            const string action = "aggregation.version.removal.decide";
            var resource = RequestResource(caller.Jurisdiction, id);
            var request = await store.FindAsync(caller.Jurisdiction, id, ct);
            if (request is null) return await RefuseAsync(http, audit, action, resource, "no such request", Problems.NotFound($"Removal request {id}"), ct);
            if (caller.BelongsTo(request.Department) || string.Equals(caller.UserId, request.RequestedBy, StringComparison.Ordinal))
                return await RefuseAsync(http, audit, action, resource, "own request", Problems.Forbidden("a department does not decide on its own removal request"), ct);
            var errors = VersionRemovalRules.ValidateDecision(body.Decision, body.Reason);
            if (errors.Count > 0) return Problems.Validation(errors);
            if (VersionRemovalRules.Decide(request.State, body.Decision) is not { } next)
                return await RefuseAsync(http, audit, action, resource, "already decided", Problems.Conflict($"removal request {id} was already {request.State}"), ct);
            var now = time.GetUtcNow();
            var decided = await store.TryReplaceAsync(request with { State = next, DecidedBy = caller.UserId, DecidedAt = now, DecisionReason = body.Reason.Trim() }, request.ETag!, ct);
            if (decided is null)
                return await RefuseAsync(http, audit, action, resource, "decided concurrently", Problems.Conflict($"removal request {id} was decided by someone else at the same time"), ct);

            // Only the version document changes: the curated blobs are immutable, so a removed version's data stays where it was, for the record.
            var version = await UpdateVersionAsync(versions, decided, ct);
            await audit.WriteAsync(http.AuditFor(action, resource) with
            {
                DataContent = $"{decided.EntryCode} v{decided.Version} {next}",
                Reason = decided.DecisionReason,
            }, ct);
            return Results.Ok(View(decided, version?.State));
        }).RequireRoles(Role.DataAuthority)
          .WithSummary("Approve or refuse a version removal request, with the reason; an approved removal marks the version removed (its data is kept)");

        group.MapGet("/removal-requests/{id}", async (string id, HttpContext http, AggregationStore versions, VersionRemovalStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var request = await store.FindAsync(caller.Jurisdiction, id, ct);
            if (request is null || !(caller.Has(Role.DataAuthority) || caller.BelongsTo(request.Department))) return Problems.NotFound($"Removal request {id}");
            var version = await versions.FindVersionAsync(caller.Jurisdiction, request.EntryId, request.Version, ct);
            await audit.WriteAsync(http.AuditFor("aggregation.version.removal.read", RequestResource(caller.Jurisdiction, id)), ct);
            return Results.Ok(View(request, version?.State));
        }).RequireRoles(Role.DataSteward, Role.DataAuthority).WithSummary("A version removal request, to the requesting department and the data authority");

        group.MapGet("/removal-requests", async (HttpContext http, VersionRemovalStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var list = await store.PendingAsync(caller.Jurisdiction, ct);
            await audit.WriteAsync(http.AuditFor("aggregation.version.removal.list", $"aggregation/{caller.Jurisdiction}/removal-requests") with { DataContent = $"{list.Count} pending" }, ct);
            return Results.Ok(new { items = list.Select(r => View(r)) });
        }).RequireRoles(Role.DataAuthority).WithSummary("The version removal requests waiting for the data authority's decision, oldest first");
    }

    private static readonly TimeSpan StaleMarker = TimeSpan.FromMinutes(1);

    /// <summary>The status URL of a request.</summary>
    public static string UrlOf(string id) => "/api/aggregation/removal-requests/" + id;

    // Applies the decision to the version: retried on ETag conflicts because the version may have moved since it was read, and
    // idempotent, so a repeat after a partial failure finds the version already marked.
    private static async Task<VersionDocument?> UpdateVersionAsync(AggregationStore versions, RemovalRequestDocument decided, CancellationToken ct)
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

    private static async Task<IResult> RefuseAsync(HttpContext http, IAuditLog audit, string action, string resource, string reason, IResult problem, CancellationToken ct)
    {
        await audit.WriteAsync(http.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = reason }, ct);
        return problem;
    }

    private static string VersionResource(string jurisdiction, string entryId, int version) =>
        $"{AggregationService.EntryResource(jurisdiction, entryId)}/versions/{version}";

    private static string RequestResource(string jurisdiction, string id) => $"aggregation/{jurisdiction}/removal-requests/{id}";

    private static object View(RemovalRequestDocument r, VersionState? versionState = null) => new
    {
        r.Id, r.EntryId, r.EntryCode, r.Version, r.Department, r.RequestedBy, r.RequestedAt, r.Reason, r.State, r.DecidedBy, r.DecidedAt, r.DecisionReason,
        versionState,
    };
}
