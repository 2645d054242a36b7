using GovData.Domain;
using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Domain.Supervision;
using GovData.Functions.Audit;
using GovData.Functions.Hosting.Http;

namespace GovData.Functions.Supervision;

/// <summary>
/// Findings for their readers and their owners, with no HTTP in sight: list (filtered) and read what the caller may see,
/// answer (the department), accept or reopen (the DataAuthority). A transition reads the finding with its ETag, checks the
/// caller's If-Match, applies the pure transition, writes under the ETag, counts the close or reopen, and audits; refusals too.
/// </summary>
public sealed class FindingService(FindingStore store, SupervisionAccess access, ISupervisionEvents events, IAuditLog audit, TimeProvider time)
{
    /// <summary>The audit resource of a finding.</summary>
    public static string Resource(string jurisdiction, string id) => $"supervision/{jurisdiction}/findings/{id}";

    /// <summary>
    /// The findings of the jurisdiction (DataAuthority, Auditor) or of the caller's department, filtered by department, rule
    /// and state. Another department's findings only as far as the ranking of the period each was raised in is published.
    /// </summary>
    public async Task<SupervisionAnswer<FindingList>> ListAsync(RequestContext request, string? department, string? rule, string? state, CancellationToken ct)
    {
        var caller = request.User;
        if (department is not null && Domain.Identifiers.UnifiedSocialCreditCode.Validate(department) is { } d) return SupervisionRefusal.Invalid("department", d);
        if (rule is { Length: > 100 }) return SupervisionRefusal.Invalid("rule", "must be at most 100 characters");
        FindingState? wanted = null;
        if (state is not null)
        {
            if (!Enum.TryParse<FindingState>(state, ignoreCase: false, out var s) || !Enum.IsDefined(s))
                return SupervisionRefusal.Invalid("state", "must be one of " + string.Join(", ", Enum.GetNames<FindingState>()));
            wanted = s;
        }
        // A department queries its own; another department's only as far as the jurisdiction published the ranking of the
        // period the finding was raised in. Otherwise the answer is an empty list, not a hint that it has findings.
        var seesAll = SupervisionAccess.SeesAll(caller);
        var scope = seesAll || department is not null ? department : caller.Department;
        var list = await store.ListAsync(caller.Jurisdiction, scope, rule, wanted, ct);
        if (!seesAll && scope != caller.Department)
        {
            var visible = new List<FindingDocument>();
            foreach (var f in list) if (await access.PublishedAtAsync(caller.Jurisdiction, f.RaisedAt, ct)) visible.Add(f);
            list = visible;
        }
        await audit.WriteAsync(request.AuditFor("supervision.findings.list", $"supervision/{caller.Jurisdiction}/findings") with
        {
            DataContent = $"department={scope ?? "*"} rule={rule ?? "*"} state={state ?? "*"}: {list.Count} findings",
        }, ct);
        return SupervisionAnswer<FindingList>.Done(new FindingList([.. list.Select(FindingView.Of)]));
    }

    /// <summary>A finding with its history and ETag, if the caller may see it (else not found, unaudited: ids cannot be probed).</summary>
    public async Task<SupervisionAnswer<FindingView>> GetAsync(RequestContext request, string id, CancellationToken ct)
    {
        var caller = request.User;
        var doc = await FindVisibleAsync(caller, id, ct);
        if (doc is null) return SupervisionRefusal.NotFound($"Finding {id}");
        await audit.WriteAsync(request.AuditFor("supervision.finding.read", Resource(caller.Jurisdiction, id)) with { Department = caller.Department }, ct);
        return SupervisionAnswer<FindingView>.Done(FindingView.Of(doc), doc.ETag);
    }

    /// <summary>The department answers its own finding: Remedied with a note, or AcceptanceRequested with the reason.</summary>
    public Task<SupervisionAnswer<FindingView>> AnswerAsync(RequestContext request, string id, FindingAnswerRequest body, string? ifMatch, CancellationToken ct) =>
        TransitionAsync(request, id, ifMatch, "supervision.finding.answer", ownOnly: true,
            doc => Enum.IsDefined(body.Answer) ? FindingWorkflow.Answer(doc.State, body.Answer, body.Note)
                : new FindingTransition(null, FindingCountChange.None, null, new ValidationError("answer", "must be Remedied or AcceptanceRequested")),
            body.Answer.ToString(), body.Note, ct);

    /// <summary>The DataAuthority accepts a finding with a reason (AcceptedWithReason) or reopens an answered one.</summary>
    public Task<SupervisionAnswer<FindingView>> DecideAsync(RequestContext request, string id, FindingDecisionRequest body, string? ifMatch, CancellationToken ct) =>
        TransitionAsync(request, id, ifMatch, "supervision.finding.decide", ownOnly: false,
            doc => Enum.IsDefined(body.Decision) ? FindingWorkflow.Decide(doc.State, body.Decision, body.Reason)
                : new FindingTransition(null, FindingCountChange.None, null, new ValidationError("decision", "must be Accept or Reopen")),
            body.Decision.ToString(), body.Reason, ct);

    /// <summary>
    /// The finding if the caller may see it: the DataAuthority and Auditors every one, a department its own, and another
    /// department's once the ranking of the period it was raised in is published.
    /// </summary>
    public async Task<FindingDocument?> FindVisibleAsync(Caller caller, string id, CancellationToken ct)
    {
        var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
        if (doc is null) return null;
        if (SupervisionAccess.SeesAll(caller) || caller.BelongsTo(doc.Department)) return doc;
        return await access.PublishedAtAsync(caller.Jurisdiction, doc.RaisedAt, ct) ? doc : null;
    }

    // Applies the transition to the finding for the caller: read, check If-Match, apply the pure step, write under the ETag, count it, audit.
    private async Task<SupervisionAnswer<FindingView>> TransitionAsync(RequestContext request, string id, string? ifMatch, string action, bool ownOnly,
        Func<FindingDocument, FindingTransition> transition, string verb, string? text, CancellationToken ct)
    {
        var caller = request.User;
        var resource = Resource(caller.Jurisdiction, id);
        var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
        // Answering is the department's own business: another department's finding does not exist for it.
        if (doc is null || (ownOnly && !caller.BelongsTo(doc.Department)) || (!ownOnly && !SupervisionAccess.SeesAll(caller)))
            return SupervisionRefusal.NotFound($"Finding {id}");
        if (ifMatch is { Length: > 0 } && ifMatch != "*" && ifMatch.Trim().Trim('"') != doc.ETag!.Trim('"'))
            return await RefuseAsync(request, action, resource, "If-Match does not match the finding's current ETag",
                SupervisionRefusal.PreconditionFailed("the finding was changed since you read it; read it again"), ct);
        var outcome = transition(doc);
        if (outcome.Invalid is { } invalid) return await RefuseAsync(request, action, resource, invalid.Field + ": " + invalid.Reason, SupervisionRefusal.Invalid([invalid]), ct);
        if (outcome.Conflict is { } conflict) return await RefuseAsync(request, action, resource, conflict, SupervisionRefusal.Conflict(conflict), ct);
        var now = time.GetUtcNow();
        var step = new FindingStep(verb, doc.State, outcome.Next!.Value, caller.UserId, caller.Department, now, text!.Trim());
        var saved = await store.TryReplaceAsync(doc with { State = outcome.Next.Value, History = [.. doc.History, step] }, doc.ETag!, ct);
        if (saved is null)
            return await RefuseAsync(request, action, resource, "lost a concurrent update",
                SupervisionRefusal.PreconditionFailed("the finding was changed by someone else at the same time; read it again"), ct);
        if (outcome.Change != FindingCountChange.None)
        {
            var closed = outcome.Change == FindingCountChange.Closed;
            // The step number makes each close or reopen its own fact, while a retry of the same one stays one fact.
            await events.RecordAsync(new SupervisionEvent
            {
                Id = $"{doc.Id}:{(closed ? "closed" : "reopened")}:{saved.History.Count}",
                Jurisdiction = doc.Jurisdiction,
                Department = doc.Department,
                Kind = closed ? SupervisionEventKinds.FindingClosed : SupervisionEventKinds.FindingReopened,
                At = now,
                Subject = doc.Id,
                Data = new() { ["rule"] = doc.Rule, ["state"] = saved.State.ToString() },
            }, ct);
        }
        await audit.WriteAsync(request.AuditFor(action, resource) with
        {
            Department = caller.Department,
            DataContent = $"{doc.State} -> {saved.State} ({verb}) on {doc.Department} {doc.Rule}",
            Reason = step.Text.Length > 500 ? step.Text[..500] : step.Text,
        }, ct);
        return SupervisionAnswer<FindingView>.Done(FindingView.Of(saved), saved.ETag);
    }

    private async Task<SupervisionRefusal> RefuseAsync(RequestContext request, string action, string resource, string reason, SupervisionRefusal refusal, CancellationToken ct)
    {
        await audit.WriteAsync(request.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = reason }, ct);
        return refusal;
    }
}
