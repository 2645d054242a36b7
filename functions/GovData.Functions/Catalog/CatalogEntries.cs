using GovData.Domain.Audit;
using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Functions.Audit;
using GovData.Functions.Hosting.Http;
using GovData.Functions.RuleSets;

namespace GovData.Functions.Catalog;

/// <summary>
/// The catalog's entries as the HTTP functions (and any trigger or activity) use them, with no HTTP in sight: every
/// operation takes who asked (<see cref="RequestContext"/>) and typed inputs, and returns a <see cref="CatalogAnswer{T}"/>.
/// A transition is one path: read the entry with its ETag, apply the pure domain step, write it back under the ETag (two
/// reviewers at once: one wins, the other is refused with a conflict), follow up deadlines, audit once. Refusals are
/// audited too, with the entry's department as the data owner when it is known.
/// </summary>
public sealed class CatalogEntries(CatalogStore store, CatalogSearchIndex index, CatalogDeadlines deadlines, RuleSetService rules, IAuditLog audit)
{
    /// <summary>The audit resource of an entry.</summary>
    public static string Resource(string jurisdiction, string id) => $"catalog/{jurisdiction}/entries/{id}";

    /// <summary>The entry in one line for the audit record's data content.</summary>
    public static string Describe(CatalogEntry e)
    {
        var v = e.Working ?? e.Published!;
        return $"{v.Content.Code} v{v.Number} {v.Content.Name} [{string.Join(",", v.Content.DataItems.Select(i => i.Name).Take(50))}]";
    }

    /// <summary>Creates a draft of the caller's department; warns of other departments' entries with the same data items (一数一源).</summary>
    public async Task<CatalogAnswer<CatalogEntryDocument>> CreateAsync(RequestContext request, CatalogContent content, CancellationToken ct)
    {
        const string action = "catalog.entry.create";
        var caller = request.User;
        var id = Guid.NewGuid().ToString("N");
        var resource = Resource(caller.Jurisdiction, id);
        var outcome = CatalogWorkflow.Create(id, caller, content, request.ReceivedAt);
        if (outcome.Refusal is { } refusal) return await RefuseAsync<CatalogEntryDocument>(request.AuditFor(action, resource), refusal, ct);
        CatalogEntryDocument saved;
        try { saved = await store.CreateAsync(outcome.Entry!, ct); }
        catch (CodeTakenException e) { return await RefuseAsync<CatalogEntryDocument>(request.AuditFor(action, resource), CatalogRefusals.Conflict(e.Message, "code"), ct); }
        var warnings = DuplicateCheck.Find(id, caller.Department, saved.ItemKey, await index.SameItemsAsync(caller.Jurisdiction, saved.ItemKey, ct));
        await audit.WriteAsync(request.AuditFor(action, resource) with { DataContent = Describe(saved.Entry), DataOwner = saved.Department }, ct);
        return CatalogAnswer<CatalogEntryDocument>.Created(saved, warnings);
    }

    /// <summary>Reads an entry the caller may see, with the 一数一源 warnings for those who may see its working version.</summary>
    public async Task<CatalogAnswer<CatalogEntryDocument>> GetAsync(RequestContext request, string id, CancellationToken ct)
    {
        var caller = request.User;
        var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
        if (doc is null || !CatalogWorkflow.CanSee(doc.Entry, caller)) return CatalogAnswer<CatalogEntryDocument>.Refused(CatalogRefusals.NotFound($"Catalog entry {id}"));
        // The duplicate check's read runs beside the audit write (both must finish before the answer; a failed write still fails it).
        var sameItems = CatalogWorkflow.CanSeeWorking(doc.Entry, caller) ? index.SameItemsAsync(caller.Jurisdiction, doc.ItemKey, ct) : null;
        var audited = audit.WriteAsync(request.AuditFor("catalog.entry.read", Resource(caller.Jurisdiction, id)) with { DataContent = doc.Code, DataOwner = doc.Department }, ct);
        await (sameItems is null ? audited : Task.WhenAll(audited, sameItems));
        var warnings = sameItems is null ? null : DuplicateCheck.Find(id, doc.Department, doc.ItemKey, sameItems.Result);
        return CatalogAnswer<CatalogEntryDocument>.Done(doc, warnings);
    }

    /// <summary>Reads an entry of <paramref name="jurisdiction"/>'s open catalog (listed, open type not NotOpen): anyone may, token or not.</summary>
    public async Task<CatalogAnswer<CatalogEntryDocument>> GetOpenAsync(RequestContext request, string jurisdiction, string id, CancellationToken ct)
    {
        var doc = await store.FindAsync(jurisdiction, id, ct);
        if (doc is null || !doc.Entry.IsListed || doc.Entry.Published!.Content.OpenType == OpenType.NotOpen)
            return CatalogAnswer<CatalogEntryDocument>.Refused(CatalogRefusals.NotFound($"Open catalog entry {id}"));
        await audit.WriteAsync(request.AuditFor("catalog.open.read", Resource(jurisdiction, id), jurisdiction) with { DataContent = doc.Code, DataOwner = doc.Department }, ct);
        return CatalogAnswer<CatalogEntryDocument>.Done(doc);
    }

    /// <summary>Every version and event of an entry the caller may see.</summary>
    public async Task<CatalogAnswer<CatalogHistoryView>> HistoryAsync(RequestContext request, string id, CancellationToken ct)
    {
        var caller = request.User;
        var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
        if (doc is null || !CatalogWorkflow.CanSee(doc.Entry, caller)) return CatalogAnswer<CatalogHistoryView>.Refused(CatalogRefusals.NotFound($"Catalog entry {id}"));
        await audit.WriteAsync(request.AuditFor("catalog.entry.history", Resource(caller.Jurisdiction, id)) with { DataContent = doc.Code, DataOwner = doc.Department }, ct);
        return CatalogAnswer<CatalogHistoryView>.Done(CatalogHistoryView.Of(doc.Entry, caller));
    }

    /// <summary>The differences between versions <paramref name="from"/> and <paramref name="to"/>, both visible to the caller.</summary>
    public async Task<CatalogAnswer<CatalogDiffView>> DiffAsync(RequestContext request, string id, int from, int to, CancellationToken ct)
    {
        const string action = "catalog.entry.diff";
        var caller = request.User;
        var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
        if (doc is null || !CatalogWorkflow.CanSee(doc.Entry, caller)) return CatalogAnswer<CatalogDiffView>.Refused(CatalogRefusals.NotFound($"Catalog entry {id}"));
        var owner = CatalogWorkflow.CanSeeWorking(doc.Entry, caller);
        var visible = doc.Entry.AllVersions.Where(v => owner || v.Number <= (doc.Entry.Published?.Number ?? 0)).ToDictionary(v => v.Number);
        var resource = Resource(caller.Jurisdiction, id);
        if (!visible.TryGetValue(from, out var a))
            return await RefuseAsync<CatalogDiffView>(request.AuditFor(action, resource), CatalogRefusal.Invalid("from", $"version {from} does not exist or is not visible to you"), ct, doc.Department);
        if (!visible.TryGetValue(to, out var b))
            return await RefuseAsync<CatalogDiffView>(request.AuditFor(action, resource), CatalogRefusal.Invalid("to", $"version {to} does not exist or is not visible to you"), ct, doc.Department);
        await audit.WriteAsync(request.AuditFor(action, resource) with { DataContent = $"{doc.Code} v{from}..v{to}", DataOwner = doc.Department }, ct);
        return CatalogAnswer<CatalogDiffView>.Done(new CatalogDiffView(id, from, to, CatalogDiff.Between(a.Content, b.Content)));
    }

    /// <summary>Working versions the caller may act on: the department's drafts and reviews, or those waiting for the DataAuthority.</summary>
    public async Task<IReadOnlyList<CatalogEntryDocument>> DraftsAsync(RequestContext request, CancellationToken ct)
    {
        var caller = request.User;
        var docs = caller.Has(Role.DataAuthority) && !caller.Has(Role.DataSteward) && !caller.Has(Role.CatalogReviewer)
            ? await store.WorkingAsync(caller.Jurisdiction, null, [nameof(CatalogEntryState.DepartmentApproved)], ct)
            : await store.WorkingAsync(caller.Jurisdiction, caller.Department, Enum.GetNames<CatalogEntryState>().Where(s => s is not "Published" and not "Retired").ToArray(), ct);
        await audit.WriteAsync(request.AuditFor("catalog.drafts.list", $"catalog/{caller.Jurisdiction}/drafts") with { DataContent = $"{docs.Count} entries" }, ct);
        return docs.Where(d => CatalogWorkflow.CanSeeWorking(d.Entry, caller)).OrderBy(d => d.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>Edits the draft or returned version.</summary>
    public Task<CatalogAnswer<CatalogEntryDocument>> EditAsync(RequestContext request, string id, CatalogContent content, CancellationToken ct) =>
        TransitionAsync(request, id, "catalog.entry.edit", (e, c, at) => Task.FromResult(CatalogWorkflow.Edit(e, c, content, at)), ct);

    /// <summary>Submits the working version for review on the route of the jurisdiction's rule set.</summary>
    public Task<CatalogAnswer<CatalogEntryDocument>> SubmitAsync(RequestContext request, string id, CancellationToken ct) =>
        TransitionAsync(request, id, "catalog.entry.submit", async (e, c, at) => CatalogWorkflow.Submit(e, c, await rules.ResolveAsync(e.Jurisdiction, ct), at), ct);

    /// <summary>Approves (the last approval publishes) or returns the version under review.</summary>
    public Task<CatalogAnswer<CatalogEntryDocument>> ReviewAsync(RequestContext request, string id, ReviewRequest review, CancellationToken ct) =>
        TransitionAsync(request, id, review.Decision == ReviewVerdict.Approve ? "catalog.entry.approve" : "catalog.entry.return",
            (e, c, at) => Task.FromResult(CatalogWorkflow.Review(e, c, review.Decision == ReviewVerdict.Approve, review.Reasons, at)), ct);

    /// <summary>Opens version n+1 of a published entry as a draft.</summary>
    public Task<CatalogAnswer<CatalogEntryDocument>> NewVersionAsync(RequestContext request, string id, string reason, CancellationToken ct) =>
        TransitionAsync(request, id, "catalog.entry.version", (e, c, at) => Task.FromResult(CatalogWorkflow.NewVersion(e, c, reason, at)), ct);

    /// <summary>Asks to retire a published entry.</summary>
    public Task<CatalogAnswer<CatalogEntryDocument>> RequestRetirementAsync(RequestContext request, string id, string reason, CancellationToken ct) =>
        TransitionAsync(request, id, "catalog.entry.retirement.request", (e, c, at) => Task.FromResult(CatalogWorkflow.RequestRetirement(e, c, reason, at)), ct);

    /// <summary>Approves or rejects a retirement request (the last reviewer of the jurisdiction's route).</summary>
    public Task<CatalogAnswer<CatalogEntryDocument>> DecideRetirementAsync(RequestContext request, string id, RetirementDecisionRequest decision, CancellationToken ct) =>
        TransitionAsync(request, id, "catalog.entry.retirement.decide", async (e, c, at) =>
        {
            var effective = await rules.ResolveAsync(e.Jurisdiction, ct);
            return CatalogWorkflow.DecideRetirement(e, c, decision.Decision == RetirementVerdict.Approve, decision.Note, effective.Catalog.ReviewRoute.Value, at);
        }, ct);

    /// <summary>Raises a Conditional or NotShared entry to a more open type until a date (002 第二十条).</summary>
    public Task<CatalogAnswer<CatalogEntryDocument>> ReclassifyAsync(RequestContext request, string id, EmergencyRequest emergency, CancellationToken ct) =>
        TransitionAsync(request, id, "catalog.entry.emergency", (e, c, at) =>
            Task.FromResult(CatalogWorkflow.Reclassify(e, c, emergency.RaisedTo, emergency.Until, emergency.Reason, emergency.Conditions, at)), ct);

    /// <summary>Ends an emergency reclassification early.</summary>
    public Task<CatalogAnswer<CatalogEntryDocument>> EndEmergencyAsync(RequestContext request, string id, string reason, CancellationToken ct) =>
        TransitionAsync(request, id, "catalog.entry.emergency.end", (e, c, at) => Task.FromResult(CatalogWorkflow.EndEmergency(e, c, reason, at)), ct);

    /// <summary>Declares that the resource (or the law) changed and starts the update deadline of the rule set.</summary>
    public Task<CatalogAnswer<CatalogEntryDocument>> DeclareChangeAsync(RequestContext request, string id, ChangeRequest body, CancellationToken ct) =>
        TransitionAsync(request, id, "catalog.entry.change.declare", async (e, c, at) =>
        {
            if (!Enum.IsDefined(body.Kind)) return CatalogRefusal.Invalid("kind", "must be ResourceChange or LegalChange");
            var (deadline, rule) = await deadlines.UpdateDeadlineAsync(e.Jurisdiction, body.Kind, ct);
            var change = new DeclaredChange(body.Kind.ToString(), body.Reason, c.UserId, at, CatalogDeadlines.UpdateTimerId(e.Id, e.Published?.Number ?? 0),
                deadline.DueDate, deadline.DueAt, rule.ToString(), deadline.IsProvisional);
            var outcome = CatalogWorkflow.DeclareChange(e, c, change);
            // The deadline's id is fixed per published version, so a lost race leaves at most a deadline the handler ignores.
            if (outcome.Succeeded) await deadlines.ScheduleUpdateAsync(e, change, deadline, ct);
            return outcome;
        }, ct);

    /// <summary>Records the department's full review of its catalog for <paramref name="year"/> (001 第十条): this year or last.</summary>
    public async Task<CatalogAnswer<AnnualReviewView>> RecordAnnualReviewAsync(RequestContext request, int year, string? note, CancellationToken ct)
    {
        var caller = request.User;
        var resource = $"catalog/{caller.Jurisdiction}/departments/{caller.Department}/annual-review/{year}";
        var record = request.AuditFor("catalog.annual-review.record", resource);
        var current = Domain.Calendar.ChinaTime.DateOf(request.ReceivedAt).Year;
        if (year != current && year != current - 1) return await RefuseAsync<AnnualReviewView>(record, CatalogRefusal.Invalid("year", $"must be {current} or {current - 1}"), ct);
        if (note is { Length: > 2000 }) return await RefuseAsync<AnnualReviewView>(record, CatalogRefusal.Invalid("note", "must be at most 2000 characters"), ct);
        var created = await store.RecordAnnualReviewAsync(new AnnualReviewDocument(CatalogStore.AnnualReviewId(caller.Department, year), caller.Jurisdiction,
            caller.Department, year, caller.UserId, request.ReceivedAt, note), ct);
        if (!created) return await RefuseAsync<AnnualReviewView>(record, CatalogRefusals.Conflict($"the {year} review of department {caller.Department} is already recorded"), ct);
        await deadlines.CancelAnnualAsync(caller.Jurisdiction, caller.Department, year, ct);
        await deadlines.ReviewRecordedAsync(caller.Jurisdiction, caller.Department, year, ct);
        await audit.WriteAsync(record, ct);
        return CatalogAnswer<AnnualReviewView>.Created(new AnnualReviewView(year, caller.Department));
    }

    // The one transition path: load with the ETag, decide, store under the ETag, follow up deadlines, audit.
    private async Task<CatalogAnswer<CatalogEntryDocument>> TransitionAsync(RequestContext request, string id, string action,
        Func<CatalogEntry, Caller, DateTimeOffset, Task<CatalogOutcome>> operation, CancellationToken ct)
    {
        var caller = request.User;
        var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
        if (doc is null || !CatalogWorkflow.CanSee(doc.Entry, caller)) return CatalogAnswer<CatalogEntryDocument>.Refused(CatalogRefusals.NotFound($"Catalog entry {id}"));
        var resource = Resource(caller.Jurisdiction, id);
        var outcome = await operation(doc.Entry, caller, request.ReceivedAt);
        if (outcome.Refusal is { } refusal) return await RefuseAsync<CatalogEntryDocument>(request.AuditFor(action, resource), refusal, ct, doc.Department);
        CatalogEntryDocument saved;
        try
        {
            saved = await store.ReplaceAsync(doc.Entry, outcome.Entry!, doc.ETag!, ct);
        }
        catch (EntryChangedException e) { return await RefuseAsync<CatalogEntryDocument>(request.AuditFor(action, resource), CatalogRefusals.Conflict(e.Message), ct, doc.Department); }
        catch (CodeTakenException e) { return await RefuseAsync<CatalogEntryDocument>(request.AuditFor(action, resource), CatalogRefusals.Conflict(e.Message, "code"), ct, doc.Department); }
        await deadlines.AfterChangeAsync(doc.Entry, saved.Entry, ct);
        await audit.WriteAsync(request.AuditFor(action, resource) with { DataContent = Describe(saved.Entry), DataOwner = saved.Department }, ct);
        return CatalogAnswer<CatalogEntryDocument>.Done(saved);
    }

    private async Task<CatalogAnswer<T>> RefuseAsync<T>(AuditRecord record, CatalogRefusal refusal, CancellationToken ct, string? owner = null)
    {
        await audit.WriteAsync(record with { Outcome = AuditOutcome.Refused, Reason = refusal.Kind + ": " + refusal.Reason, DataOwner = owner }, ct);
        return CatalogAnswer<T>.Refused(refusal);
    }
}
