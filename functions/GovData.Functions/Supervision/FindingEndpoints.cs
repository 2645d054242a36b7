using GovData.Domain;
using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Domain.Supervision;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Identity;

namespace GovData.Functions.Supervision;

/// <summary>A department's answer to its finding.</summary>
public sealed record FindingAnswerRequest(FindingAnswer Answer, string? Note);

/// <summary>The DataAuthority's decision on a finding.</summary>
public sealed record FindingDecisionRequest(FindingDecision Decision, string? Reason);

/// <summary>Findings over HTTP: list (filtered), read, answer (the department), accept or reopen (the DataAuthority).</summary>
public static class FindingEndpoints
{
    /// <summary>The audit resource of a finding.</summary>
    public static string Resource(string jurisdiction, string id) => $"supervision/{jurisdiction}/findings/{id}";

    /// <summary>Maps /api/supervision/findings.</summary>
    public static void Map(RouteGroupBuilder group)
    {
        var findings = group.MapGroup("/findings");

        findings.MapGet("", async (string? department, string? rule, string? state, HttpContext http, FindingStore store, SupervisionAccess access, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (department is not null && Domain.Identifiers.UnifiedSocialCreditCode.Validate(department) is { } d) return Problems.Validation("department", d);
            if (rule is { Length: > 100 }) return Problems.Validation("rule", "must be at most 100 characters");
            FindingState? wanted = null;
            if (state is not null)
            {
                if (!Enum.TryParse<FindingState>(state, ignoreCase: false, out var s) || !Enum.IsDefined(s))
                    return Problems.Validation("state", "must be one of " + string.Join(", ", Enum.GetNames<FindingState>()));
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
            await audit.WriteAsync(http.AuditFor("supervision.findings.list", $"supervision/{caller.Jurisdiction}/findings") with
            {
                DataContent = $"department={scope ?? "*"} rule={rule ?? "*"} state={state ?? "*"}: {list.Count} findings",
            }, ct);
            return Results.Ok(new { items = list.Select(View) });
        }).RequireRoles(SupervisionAccess.ReadRoles)
          .WithSummary("Findings of the jurisdiction (DataAuthority, Auditor) or of the caller's department; filters: department, rule, state");

        findings.MapGet("/{id}", async (string id, HttpContext http, FindingStore store, SupervisionAccess access, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var doc = await FindVisibleAsync(store, access, caller, id, ct);
            if (doc is null) return Problems.NotFound($"Finding {id}");
            await audit.WriteAsync(http.AuditFor("supervision.finding.read", Resource(caller.Jurisdiction, id)) with { Department = caller.Department }, ct);
            http.Response.Headers.ETag = Quoted(doc.ETag);
            return Results.Ok(View(doc));
        }).RequireRoles(SupervisionAccess.ReadRoles).WithSummary("Read a finding with its history; the ETag header is the If-Match for answers and decisions");

        findings.MapPost("/{id}/answer", (string id, FindingAnswerRequest body, HttpContext http, FindingService service, CancellationToken ct) =>
            service.TransitionAsync(http, id, "supervision.finding.answer", ownOnly: true,
                doc => Enum.IsDefined(body.Answer) ? FindingWorkflow.Answer(doc.State, body.Answer, body.Note)
                    : new FindingTransition(null, FindingCountChange.None, null, new ValidationError("answer", "must be Remedied or AcceptanceRequested")),
                body.Answer.ToString(), body.Note, ct))
            .RequireRoles(Role.DataSteward)
            .WithSummary("Answer the department's own finding: Remedied with a note, or AcceptanceRequested with the reason (If-Match: the finding's ETag)");

        findings.MapPost("/{id}/decision", (string id, FindingDecisionRequest body, HttpContext http, FindingService service, CancellationToken ct) =>
            service.TransitionAsync(http, id, "supervision.finding.decide", ownOnly: false,
                doc => Enum.IsDefined(body.Decision) ? FindingWorkflow.Decide(doc.State, body.Decision, body.Reason)
                    : new FindingTransition(null, FindingCountChange.None, null, new ValidationError("decision", "must be Accept or Reopen")),
                body.Decision.ToString(), body.Reason, ct))
            .RequireRoles(Role.DataAuthority)
            .WithSummary("Accept a finding with a reason (AcceptedWithReason) or reopen an answered one (DataAuthority; If-Match: the finding's ETag)");
    }

    /// <summary>
    /// The finding if the caller may see it: the DataAuthority and Auditors every one, a department its own, and another
    /// department's once the ranking of the period it was raised in is published.
    /// </summary>
    public static async Task<FindingDocument?> FindVisibleAsync(FindingStore store, SupervisionAccess access, Caller caller, string id, CancellationToken ct)
    {
        var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
        if (doc is null) return null;
        if (SupervisionAccess.SeesAll(caller) || caller.BelongsTo(doc.Department)) return doc;
        return await access.PublishedAtAsync(caller.Jurisdiction, doc.RaisedAt, ct) ? doc : null;
    }

    /// <summary>The store's ETag as an HTTP entity tag (quoted).</summary>
    public static string Quoted(string? etag) => etag is null ? "" : etag.StartsWith('"') ? etag : $"\"{etag}\"";

    /// <summary>The finding as answered over HTTP.</summary>
    public static object View(FindingDocument f) => new
    {
        id = f.Id,
        department = f.Department,
        rule = f.Rule,
        citation = f.Citation,
        subject = f.Subject,
        description = f.Description,
        dueAt = f.DueAt,
        actualAt = f.ActualAt,
        raisedAt = f.RaisedAt,
        state = f.State,
        history = f.History,
        etag = f.ETag,
    };
}

/// <summary>Runs a finding transition: read, check If-Match, apply the pure transition, write under the ETag, count it, audit.</summary>
public sealed class FindingService(FindingStore store, ISupervisionEvents events, IAuditLog audit, TimeProvider time)
{
    /// <summary>Applies <paramref name="transition"/> to the finding <paramref name="id"/> for the caller.</summary>
    public async Task<IResult> TransitionAsync(HttpContext http, string id, string action, bool ownOnly, Func<FindingDocument, FindingTransition> transition,
        string verb, string? text, CancellationToken ct)
    {
        var caller = http.GetCaller();
        var resource = FindingEndpoints.Resource(caller.Jurisdiction, id);
        var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
        // Answering is the department's own business: another department's finding does not exist for it.
        if (doc is null || (ownOnly && !caller.BelongsTo(doc.Department)) || (!ownOnly && !SupervisionAccess.SeesAll(caller)))
            return Problems.NotFound($"Finding {id}");
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != "*" && ifMatch.Trim().Trim('"') != doc.ETag!.Trim('"'))
            return await RefuseAsync(http, action, resource, "If-Match does not match the finding's current ETag", Problems.PreconditionFailed("the finding was changed since you read it; read it again"), ct);
        var outcome = transition(doc);
        if (outcome.Invalid is { } invalid) return await RefuseAsync(http, action, resource, invalid.Field + ": " + invalid.Reason, Problems.Validation([invalid]), ct);
        if (outcome.Conflict is { } conflict) return await RefuseAsync(http, action, resource, conflict, Problems.Conflict(conflict), ct);
        var now = time.GetUtcNow();
        var step = new FindingStep(verb, doc.State, outcome.Next!.Value, caller.UserId, caller.Department, now, text!.Trim());
        var saved = await store.TryReplaceAsync(doc with { State = outcome.Next.Value, History = [.. doc.History, step] }, doc.ETag!, ct);
        if (saved is null)
            return await RefuseAsync(http, action, resource, "lost a concurrent update", Problems.PreconditionFailed("the finding was changed by someone else at the same time; read it again"), ct);
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
        await audit.WriteAsync(http.AuditFor(action, resource) with
        {
            Department = caller.Department,
            DataContent = $"{doc.State} -> {saved.State} ({verb}) on {doc.Department} {doc.Rule}",
            Reason = step.Text.Length > 500 ? step.Text[..500] : step.Text,
        }, ct);
        http.Response.Headers.ETag = FindingEndpoints.Quoted(saved.ETag);
        return Results.Ok(FindingEndpoints.View(saved));
    }

    private async Task<IResult> RefuseAsync(HttpContext http, string action, string resource, string reason, IResult problem, CancellationToken ct)
    {
        await audit.WriteAsync(http.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = reason }, ct);
        return problem;
    }
}
