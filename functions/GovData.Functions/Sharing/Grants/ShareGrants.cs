using GovData.Domain.Audit;
using GovData.Domain.Calendar;
using GovData.Domain.Identity;
using GovData.Domain.Sharing;
using GovData.Functions.Audit;
using GovData.Functions.Catalog;
using GovData.Functions.Hosting;
using GovData.Functions.Hosting.Http;
using GovData.Functions.RuleSets;
using GovData.Functions.Sharing.Requests;
using GovData.Functions.Supervision;

namespace GovData.Functions.Sharing.Grants;

/// <summary>
/// Grants (list, read, revoke, access check), direct access to Unconditional data and filings, with no HTTP in sight: every
/// operation takes who asked (<see cref="RequestContext"/>) and typed inputs and returns an outcome. Every operation is
/// audited, refusals too. A grant is for its holder and its provider only; anyone else is told it does not exist.
/// </summary>
public sealed class ShareGrants(ShareStore store, ShareFollowUp followUp, CatalogStore catalog, RuleSetService ruleSets, IFindingSink findings, IAuditLog audit,
    ICrashPoints crash, TimeProvider time)
{
    /// <summary>The audit resource of a grant.</summary>
    public static string Resource(string jurisdiction, string id) => $"sharing/{jurisdiction}/grants/{id}";

    /// <summary>The grants the caller's department holds or provides, each with its state now.</summary>
    public async Task<ShareGrantList> ListAsync(RequestContext request, CancellationToken ct)
    {
        var caller = request.User;
        var docs = await store.OfDepartmentAsync(caller.Jurisdiction, caller.Department, grantsOnly: true, ct);
        await audit.WriteAsync(request.AuditFor("sharing.grant.list", $"sharing/{caller.Jurisdiction}/grants") with { DataContent = $"{docs.Count} grants" }, ct);
        var now = time.GetUtcNow();
        return new ShareGrantList(docs.Select(d => ShareGrantView.Of(d.Request, now)).ToList());
    }

    /// <summary>One grant, for its holder and its provider.</summary>
    public async Task<SharingAnswer<ShareGrantView>> GetAsync(RequestContext request, string id, CancellationToken ct)
    {
        var caller = request.User;
        var doc = await FindGrantAsync(caller, id, ct);
        var record = request.AuditFor("sharing.grant.read", Resource(caller.Jurisdiction, id));
        if (doc is null)
        {
            await audit.WriteAsync(record with { Outcome = AuditOutcome.Refused, Reason = "not found" }, ct);
            return SharingAnswer<ShareGrantView>.NotFound($"Grant {id}");
        }
        await audit.WriteAsync(record with { DataOwner = doc.Provider, DataContent = ShareService.Describe(doc.Request) }, ct);
        return SharingAnswer<ShareGrantView>.Done(ShareGrantView.Of(doc.Request, time.GetUtcNow()));
    }

    /// <summary>
    /// Revokes an active grant with reasons (the provider's DataSteward), the one transition path: read with the ETag, refuse a
    /// stale <paramref name="ifMatch"/>, apply the pure step, write under the ETag (a concurrent writer wins, this one is refused
    /// with a conflict), follow up timers and supervision facts, audit once with an id derived from the operation. A repeat
    /// that finds the grant already revoked by the caller is answered with the current state.
    /// </summary>
    public async Task<GrantRevocation> RevokeAsync(RequestContext request, string id, RevokeBody body, string? ifMatch, CancellationToken ct)
    {
        const string action = "sharing.request.revoke";
        var caller = request.User;
        var resource = ShareFollowUp.Subject(caller.Jurisdiction, id);
        var doc = await FindGrantAsync(caller, id, ct);
        if (doc is null)
        {
            await audit.WriteAsync(request.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = "not found" }, ct);
            return new GrantRevocation(null, ShareRefusal.NotFound($"Grant {id}"), $"Grant {id}");
        }
        if (ifMatch is { Length: > 0 } && ifMatch != doc.ETag && ifMatch != "*")
        {
            await audit.WriteAsync(request.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = "If-Match does not match" }, ct);
            return new GrantRevocation(null, ShareRefusal.Conflict($"share request {id} has changed since you read it (it is {doc.Request.State}); read it again"), resource,
                PreconditionFailed: true);
        }
        var outcome = ShareWorkflow.Revoke(doc.Request, caller, body.Reasons, time.GetUtcNow());
        if (outcome.Refusal is { } refusal)
        {
            // A resent revocation finds the state moved on (409) or the step passed to someone else (403); either way it was done.
            if (refusal.Kind is ShareRefusalKind.Conflict or ShareRefusalKind.Forbidden && ShareWorkflow.IsRepeat(doc.Request, caller, "revoke"))
            {
                // The attempt that applied it may have died before its audit record: write the operation's record (kept once, its
                // id is derived from the operation), then the record of this repeat.
                await audit.WriteAsync(EventRecord(request, action, resource, doc.Request), ct);
                await audit.WriteAsync(request.AuditFor(action, resource) with { Reason = ShareService.RepeatReason, DataContent = ShareService.Describe(doc.Request) }, ct);
                return new GrantRevocation(doc, null, resource, Duplicate: true);
            }
            return await RefuseAsync(request, action, resource, refusal, doc.Request, ct);
        }
        ShareRequestDocument saved;
        try
        {
            saved = await store.ReplaceAsync(ShareWorkflow.Remember(outcome.Request!, null), doc.ETag!, ct);
        }
        catch (RequestChangedException e)
        {
            var current = await store.FindAsync(caller.Jurisdiction, id, ct);
            return await RefuseAsync(request, action, resource, ShareRefusal.Conflict(e.Message), current?.Request, ct);
        }
        await crash.HitAsync("sharing.event.stored", ct);
        await followUp.AfterChangeAsync(doc.Request, saved.Request, ct);
        await crash.HitAsync("sharing.event.followed-up", ct);
        await audit.WriteAsync(EventRecord(request, action, resource, saved.Request), ct);
        await crash.HitAsync("sharing.event.audited", ct);
        return new GrantRevocation(saved, null, resource);
    }

    /// <summary>Checks (and records) one use under a grant: only its users, items, method and purpose while it is active.</summary>
    public async Task<SharingAnswer<GrantAccessView>> CheckAccessAsync(RequestContext request, string id, AccessCheckBody body, CancellationToken ct)
    {
        var caller = request.User;
        var resource = Resource(caller.Jurisdiction, id);
        var doc = await FindGrantAsync(caller, id, ct);
        if (doc is null)
        {
            await audit.WriteAsync(request.AuditFor("sharing.access", resource) with { Outcome = AuditOutcome.Refused, Reason = "not found" }, ct);
            return SharingAnswer<GrantAccessView>.NotFound($"Grant {id}");
        }
        var now = time.GetUtcNow();
        var g = doc.Request.Grant!;
        var record = request.AuditFor("sharing.access", resource) with
        {
            DataOwner = doc.Provider,
            Purpose = body.Purpose,
            Approver = string.Join(",", g.ApprovedBy),
            DataContent = $"{doc.Request.Terms.EntryCode} [{string.Join(",", (body.Items ?? []).Take(50))}]",
            Medium = body.Method?.ToString() ?? request.Medium,
        };
        if (ShareAccess.CheckGrant(doc.Request, caller, new AccessAsk(body.Items, body.Method, body.Purpose), now) is { } refusal)
        {
            await audit.WriteAsync(record with { Outcome = AuditOutcome.Refused, Reason = refusal.Kind + ": " + refusal.Reason }, ct);
            // The holder trying to use granted data outside the grant (other items, method, purpose, users, or after it
            // ended) is the misuse 000 第四十二条 lists: one finding per grant and day, however often it is tried.
            if (refusal.Kind == ShareRefusalKind.Forbidden && caller.BelongsTo(doc.Requester))
                await findings.RaiseAsync(new Finding($"finding:share-grant:{id}:scope:{ChinaTime.DateOf(now):yyyyMMdd}", caller.Jurisdiction, doc.Requester,
                    "grant.scope", "000 第四十二条; 001 第十七条; 004 第十二条", resource, now, now,
                    $"超出授权 {id}（{doc.Request.Terms.EntryCode}）范围使用数据，已被拒绝：{refusal.Reason}"), ct);
            return SharingAnswer<GrantAccessView>.Refused(refusal, $"Grant {id}");
        }
        await audit.WriteAsync(record, ct);
        return SharingAnswer<GrantAccessView>.Done(new GrantAccessView(true, id, doc.Request.Terms.EntryId, body.Items, body.Method, g.Purpose, g.ExpiresAt, g.Conditions));
    }

    /// <summary>Checks (and records) one direct use of Unconditional data (after a filing where the rule set requires one, e.g. 003 第八条).</summary>
    public async Task<SharingAnswer<DirectAccessView>> CheckDirectAccessAsync(RequestContext request, string entryId, AccessCheckBody body, CancellationToken ct)
    {
        var caller = request.User;
        var resource = $"catalog/{caller.Jurisdiction}/entries/{entryId}";
        // The entry and the filing are read at once: an access check is on the path of every use of the data.
        var entryRead = catalog.FindAsync(caller.Jurisdiction, entryId, ct);
        var filingRead = CatalogStore.CouldBeEntryId(entryId) ? store.HasFilingAsync(caller.Jurisdiction, caller.Department, entryId, ct) : Task.FromResult(false);
        await Task.WhenAll(entryRead, filingRead);
        var entry = entryRead.Result;
        var filed = entry is not null && filingRead.Result;
        var rules = await ruleSets.ResolveAsync(caller.Jurisdiction, ct);
        var now = time.GetUtcNow();
        var record = request.AuditFor("sharing.access.direct", resource) with
        {
            DataOwner = entry?.Department,
            Purpose = body.Purpose,
            DataContent = $"{entry?.Code} [{string.Join(",", (body.Items ?? []).Take(50))}]",
            Medium = body.Method?.ToString() ?? request.Medium,
        };
        if (ShareAccess.CheckDirect(entry?.Entry, caller, new AccessAsk(body.Items, body.Method, body.Purpose), rules, filed, now) is { } refusal)
        {
            await audit.WriteAsync(record with { Outcome = AuditOutcome.Refused, Reason = refusal.Kind + ": " + refusal.Reason }, ct);
            return SharingAnswer<DirectAccessView>.Refused(refusal, $"Catalog entry {entryId}");
        }
        await audit.WriteAsync(record, ct);
        return SharingAnswer<DirectAccessView>.Done(new DirectAccessView(true, entryId, entry!.Code, entry.Entry.EffectiveSharingTypeAt(now), body.Items, body.Method,
            body.Purpose, filed));
    }

    /// <summary>Files (备案) before using Unconditional data where the rule set requires it (003 第八条); filing again answers the filing there is.</summary>
    public async Task<SharingAnswer<ShareFilingView>> FileAsync(RequestContext request, FilingBody body, CancellationToken ct)
    {
        var caller = request.User;
        var entry = body.EntryId is null ? null : await catalog.FindAsync(caller.Jurisdiction, body.EntryId, ct);
        var rules = await ruleSets.ResolveAsync(caller.Jurisdiction, ct);
        var now = time.GetUtcNow();
        var resource = $"sharing/{caller.Jurisdiction}/filings/{caller.Department}/{body.EntryId}";
        if (ShareAccess.CheckFiling(entry?.Entry, caller, body.Purpose, rules, now) is { } refusal)
        {
            await audit.WriteAsync(request.AuditFor("sharing.filing", resource) with { Outcome = AuditOutcome.Refused, Reason = refusal.Kind + ": " + refusal.Reason }, ct);
            return SharingAnswer<ShareFilingView>.Refused(refusal, "Catalog entry");
        }
        var category = rules.Sharing.For(entry!.Entry.EffectiveSharingTypeAt(now)!.Value);
        var (filing, created) = await store.FileAsync(new ShareFilingDocument(ShareStore.FilingId(caller.Department, entry.Id), caller.Jurisdiction, caller.Department,
            entry.Id, entry.Code, body.Purpose!.Trim(), caller.UserId, now, rules.Cite(category).ToString()), ct);
        await audit.WriteAsync(request.AuditFor("sharing.filing", resource) with { Purpose = filing.Purpose, DataContent = entry.Code, Reason = created ? null : "already filed" }, ct);
        return created ? SharingAnswer<ShareFilingView>.New(ShareFilingView.Of(filing)) : SharingAnswer<ShareFilingView>.Done(ShareFilingView.Of(filing));
    }

    private async Task<GrantRevocation> RefuseAsync(RequestContext request, string action, string resource, ShareRefusal refusal, ShareRequest? current, CancellationToken ct)
    {
        await audit.WriteAsync(request.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = refusal.Kind + ": " + refusal.Reason }, ct);
        return new GrantRevocation(null, refusal, resource, current);
    }

    // The record of the operation: its id derived from the request and the step it added to the timeline, so a repeat that
    // finds the operation done writes the same record again and the trail keeps one.
    private static AuditRecord EventRecord(RequestContext request, string action, string resource, ShareRequest r) => request.AuditFor(action, resource) with
    {
        Id = AuditRecordBounds.OperationId(action, r.Jurisdiction, r.Id, OperationStep(r, request.User)),
        DataOwner = r.Provider,
        DataContent = ShareService.Describe(r),
        Purpose = r.Terms.Purpose,
        Approver = r.Grant is { } g ? string.Join(",", g.ApprovedBy) : null,
    };

    // The timeline step the caller's operation added (their last one; a repeat finds the same): its position names the operation for good.
    private static string OperationStep(ShareRequest r, Caller caller)
    {
        for (var i = r.Timeline.Count - 1; i >= 0; i--)
            if (r.Timeline[i].Department is { } d && caller.BelongsTo(d)) return "step:" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return "state:" + r.State;
    }

    // Grants are for their holder and their provider only; anyone else gets 404, so ids cannot be probed.
    private async Task<ShareRequestDocument?> FindGrantAsync(Caller caller, string id, CancellationToken ct)
    {
        var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
        return doc?.Request.Grant is not null && (caller.BelongsTo(doc.Request.Requester) || caller.BelongsTo(doc.Request.Provider)) ? doc : null;
    }
}
