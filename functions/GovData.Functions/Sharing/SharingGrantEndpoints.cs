using GovData.Functions.Sharing.Requests;
using GovData.Domain.Calendar;
using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Domain.Sharing;
using GovData.Functions.Audit;
using GovData.Functions.Catalog;
using GovData.Functions.Errors;
using GovData.Functions.Identity;
using GovData.Functions.RuleSets;
using GovData.Functions.Supervision;

namespace GovData.Functions.Sharing;

/// <summary>Grants (list, read, revoke, access check), direct access to Unconditional data and filings under /api/sharing.</summary>
public static class SharingGrantEndpoints
{
    /// <summary>Maps the grant, access and filing endpoints on <paramref name="group"/>.</summary>
    public static void Map(RouteGroupBuilder group)
    {
        var grants = group.MapGroup("/grants");

        grants.MapGet("", async (HttpContext http, ShareStore store, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var docs = await store.OfDepartmentAsync(caller.Jurisdiction, caller.Department, grantsOnly: true, ct);
            await audit.WriteAsync(http.AuditFor("sharing.grant.list", $"sharing/{caller.Jurisdiction}/grants") with { DataContent = $"{docs.Count} grants" }, ct);
            var now = time.GetUtcNow();
            return Results.Ok(new { items = docs.Select(d => ShareGrantView.Of(d.Request, now)) });
        }).WithSummary("Grants the caller's department holds or provides, each with its state now (Active, Revoked, Expired)");

        grants.MapGet("/{id}", async (string id, HttpContext http, ShareStore store, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var doc = await FindGrantAsync(store, caller, id, ct);
            if (doc is null) return Problems.NotFound($"Grant {id}");
            await audit.WriteAsync(http.AuditFor("sharing.grant.read", Resource(caller.Jurisdiction, id)) with { DataOwner = doc.Provider, DataContent = ShareService.Describe(doc.Request) }, ct);
            return Results.Ok(ShareGrantView.Of(doc.Request, time.GetUtcNow()));
        }).WithSummary("A grant (its holder and its provider only)");

        grants.MapPost("/{id}/revoke", async (string id, RevokeBody body, HttpContext http, ShareStore store, ShareService service, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (await FindGrantAsync(store, caller, id, ct) is null) return Problems.NotFound($"Grant {id}");
            return await service.MutateAsync(http, id, "revoke", null, (r, c, at) => Task.FromResult(ShareWorkflow.Revoke(r, c, body.Reasons, at)), ct);
        }).RequireRoles(Role.DataSteward).WithSummary("Revoke an active grant with reasons (the provider's DataSteward)");

        grants.MapPost("/{id}/access-check", async (string id, AccessCheckBody body, HttpContext http, ShareStore store, IFindingSink findings, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var resource = Resource(caller.Jurisdiction, id);
            var doc = await FindGrantAsync(store, caller, id, ct);
            if (doc is null) return Problems.NotFound($"Grant {id}");
            var now = time.GetUtcNow();
            var ask = new AccessAsk(body.Items, body.Method, body.Purpose);
            var g = doc.Request.Grant!;
            var record = http.AuditFor("sharing.access", resource) with
            {
                DataOwner = doc.Provider,
                Purpose = body.Purpose,
                Approver = string.Join(",", g.ApprovedBy),
                DataContent = $"{doc.Request.Terms.EntryCode} [{string.Join(",", (body.Items ?? []).Take(50))}]",
                Medium = body.Method?.ToString() ?? http.Request.Scheme,
            };
            if (ShareAccess.CheckGrant(doc.Request, caller, ask, now) is { } refusal)
            {
                await audit.WriteAsync(record with { Outcome = AuditOutcome.Refused, Reason = refusal.Kind + ": " + refusal.Reason }, ct);
                // The holder trying to use granted data outside the grant (other items, method, purpose, users, or after it
                // ended) is the misuse 000 第四十二条 lists: one finding per grant and day, however often it is tried.
                if (refusal.Kind == ShareRefusalKind.Forbidden && caller.BelongsTo(doc.Requester))
                    await findings.RaiseAsync(new Finding($"finding:share-grant:{id}:scope:{ChinaTime.DateOf(now):yyyyMMdd}", caller.Jurisdiction, doc.Requester,
                        "grant.scope", "000 第四十二条; 001 第十七条; 004 第十二条", resource, now, now,
                        $"use of grant {id} ({doc.Request.Terms.EntryCode}) outside its scope was refused: {refusal.Reason}"), ct);
                return ShareService.ToProblem(refusal, $"Grant {id}");
            }
            await audit.WriteAsync(record, ct);
            return Results.Ok(new { allowed = true, grant = id, entryId = doc.Request.Terms.EntryId, items = body.Items, method = body.Method, purpose = g.Purpose, expiresAt = g.ExpiresAt, conditions = g.Conditions });
        }).WithSummary("Check (and record) one use under a grant: only its users, items, method and purpose while it is active");

        group.MapPost("/entries/{entryId}/access-check", async (string entryId, AccessCheckBody body, HttpContext http, CatalogStore catalog, ShareStore store,
            RuleSetService ruleSets, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var resource = $"catalog/{caller.Jurisdiction}/entries/{entryId}";
            var entry = await catalog.FindAsync(caller.Jurisdiction, entryId, ct);
            var rules = await ruleSets.ResolveAsync(caller.Jurisdiction, ct);
            var filed = entry is not null && await store.HasFilingAsync(caller.Jurisdiction, caller.Department, entryId, ct);
            var now = time.GetUtcNow();
            var record = http.AuditFor("sharing.access.direct", resource) with
            {
                DataOwner = entry?.Department,
                Purpose = body.Purpose,
                DataContent = $"{entry?.Code} [{string.Join(",", (body.Items ?? []).Take(50))}]",
                Medium = body.Method?.ToString() ?? http.Request.Scheme,
            };
            if (ShareAccess.CheckDirect(entry?.Entry, caller, new AccessAsk(body.Items, body.Method, body.Purpose), rules, filed, now) is { } refusal)
            {
                await audit.WriteAsync(record with { Outcome = AuditOutcome.Refused, Reason = refusal.Kind + ": " + refusal.Reason }, ct);
                return ShareService.ToProblem(refusal, $"Catalog entry {entryId}");
            }
            await audit.WriteAsync(record, ct);
            var type = entry!.Entry.EffectiveSharingTypeAt(now);
            return Results.Ok(new { allowed = true, entryId, code = entry.Code, sharingType = type, items = body.Items, method = body.Method, purpose = body.Purpose, filed });
        }).WithSummary("Check (and record) one direct use of Unconditional data (after a filing where the rule set requires one, e.g. 003 第八条)");

        group.MapPost("/filings", async (FilingBody body, HttpContext http, CatalogStore catalog, ShareStore store, RuleSetService ruleSets, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var entry = body.EntryId is null ? null : await catalog.FindAsync(caller.Jurisdiction, body.EntryId, ct);
            var rules = await ruleSets.ResolveAsync(caller.Jurisdiction, ct);
            var now = time.GetUtcNow();
            var resource = $"sharing/{caller.Jurisdiction}/filings/{caller.Department}/{body.EntryId}";
            if (ShareAccess.CheckFiling(entry?.Entry, caller, body.Purpose, rules, now) is { } refusal)
            {
                await audit.WriteAsync(http.AuditFor("sharing.filing", resource) with { Outcome = AuditOutcome.Refused, Reason = refusal.Kind + ": " + refusal.Reason }, ct);
                return ShareService.ToProblem(refusal, "Catalog entry");
            }
            var category = rules.Sharing.For(entry!.Entry.EffectiveSharingTypeAt(now)!.Value);
            var (filing, created) = await store.FileAsync(new ShareFilingDocument(ShareStore.FilingId(caller.Department, entry.Id), caller.Jurisdiction, caller.Department,
                entry.Id, entry.Code, body.Purpose!.Trim(), caller.UserId, now, rules.Cite(category).ToString()), ct);
            await audit.WriteAsync(http.AuditFor("sharing.filing", resource) with { Purpose = filing.Purpose, DataContent = entry.Code, Reason = created ? null : "already filed" }, ct);
            var view = new { filing.Id, filing.Department, filing.EntryId, filing.EntryCode, filing.Purpose, filing.FiledBy, filing.FiledAt, filing.Rule };
            return created ? Results.Created($"/api/sharing/filings/{Uri.EscapeDataString(filing.Id)}", view) : Results.Ok(view);
        }).RequireRoles(Role.DataSteward).WithSummary("File (备案) before using Unconditional data where the rule set requires it (003 第八条)");
    }

    private static string Resource(string jurisdiction, string id) => $"sharing/{jurisdiction}/grants/{id}";

    // Grants are for their holder and their provider only; anyone else gets 404, so ids cannot be probed.
    private static async Task<ShareRequestDocument?> FindGrantAsync(ShareStore store, Caller caller, string id, CancellationToken ct)
    {
        var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
        return doc?.Request.Grant is not null && (caller.BelongsTo(doc.Request.Requester) || caller.BelongsTo(doc.Request.Provider)) ? doc : null;
    }
}
