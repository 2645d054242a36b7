using GovData.Functions.Sharing.Requests;
using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Domain.Sharing;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Hosting;
using GovData.Functions.Identity;

namespace GovData.Functions.Sharing;

/// <summary>
/// Runs a grant operation (revoke) on a share request the same way every time: read with the ETag, answer a resent event with the current
/// state, apply the pure transition, write under the ETag (a concurrent writer wins, this one gets 409; a stale If-Match
/// gets 412), follow up timers and supervision facts, audit, answer.
/// </summary>
public sealed class ShareService(ShareStore store, ShareFollowUp followUp, IAuditLog audit, ICrashPoints crash, TimeProvider time)
{
    /// <summary>The reason on the record of a call that repeated work already done (the operation's own record is elsewhere).</summary>
    public const string RepeatReason = "duplicate event: answered with the current state, nothing changed";

    /// <summary>Applies <paramref name="operation"/> as event <paramref name="eventName"/>.</summary>
    public async Task<IResult> MutateAsync(HttpContext http, string id, string eventName, string? eventId,
        Func<ShareRequest, Caller, DateTimeOffset, Task<ShareOutcome>> operation, CancellationToken ct)
    {
        var caller = http.GetCaller();
        var action = "sharing.request." + eventName;
        var resource = ShareFollowUp.Subject(caller.Jurisdiction, id);
        if (eventId is { Length: > 100 } || (eventId is not null && string.IsNullOrWhiteSpace(eventId)))
            return await RefuseAsync(http, action, resource, ShareRefusal.Invalid("eventId", "must be 1 to 100 characters"), null, ct);
        var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
        if (doc is null || !ShareWorkflow.CanSee(doc.Request, caller)) return Problems.NotFound($"Share request {id}");
        var now = time.GetUtcNow();
        if (http.Request.Headers.IfMatch.ToString() is { Length: > 0 } ifMatch && ifMatch != doc.ETag && ifMatch != "*")
        {
            await audit.WriteAsync(http.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = "If-Match does not match" }, ct);
            return Problems.PreconditionFailed($"share request {id} has changed since you read it (it is {doc.Request.State}); read it again");
        }
        if (eventId is not null && doc.Request.AppliedEvents.Contains(eventId)) return await DuplicateAsync(http, action, resource, doc, now, ct);

        var outcome = await operation(doc.Request, caller, now);
        if (outcome.Refusal is { } refusal)
        {
            // A resent event finds the state moved on (409) or the step passed to someone else (403); either way it was done.
            if (refusal.Kind is ShareRefusalKind.Conflict or ShareRefusalKind.Forbidden && ShareWorkflow.IsRepeat(doc.Request, caller, eventName))
                return await DuplicateAsync(http, action, resource, doc, now, ct);
            return await RefuseAsync(http, action, resource, refusal, doc.Request, ct);
        }
        ShareRequestDocument saved;
        try
        {
            saved = await store.ReplaceAsync(ShareWorkflow.Remember(outcome.Request!, eventId), doc.ETag!, ct);
        }
        catch (RequestChangedException e)
        {
            var current = await store.FindAsync(caller.Jurisdiction, id, ct);
            return await RefuseAsync(http, action, resource, ShareRefusal.Conflict(e.Message), current?.Request, ct);
        }
        await crash.HitAsync("sharing.event.stored", ct);
        await followUp.AfterChangeAsync(doc.Request, saved.Request, ct);
        await crash.HitAsync("sharing.event.followed-up", ct);
        await audit.WriteAsync(EventRecord(http, action, resource, saved.Request), ct);
        await crash.HitAsync("sharing.event.audited", ct);
        http.Response.Headers.ETag = saved.ETag;
        return Results.Ok(ShareRequestView.Of(http.Request, saved.Request, now));
    }

    // The timeline step the caller's operation added (their last one; a repeat finds the same): its position names the
    // operation for good.
    private static string OperationStep(ShareRequest r, Caller caller)
    {
        for (var i = r.Timeline.Count - 1; i >= 0; i--)
            if (r.Timeline[i].Department is { } d && caller.BelongsTo(d)) return "step:" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return "state:" + r.State;
    }

    /// <summary>Audits a refusal and answers the matching problem; a conflict carries the current state.</summary>
    public async Task<IResult> RefuseAsync(HttpContext http, string action, string resource, ShareRefusal refusal, ShareRequest? current, CancellationToken ct)
    {
        await audit.WriteAsync(http.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = refusal.Kind + ": " + refusal.Reason }, ct);
        return ToProblem(refusal, resource, current);
    }

    /// <summary>The problem for a refusal.</summary>
    public static IResult ToProblem(ShareRefusal refusal, string what, ShareRequest? current = null) => refusal.Kind switch
    {
        ShareRefusalKind.NotFound => Problems.NotFound(what),
        ShareRefusalKind.Forbidden => Problems.Forbidden(refusal.Reason),
        ShareRefusalKind.Conflict => Results.Problem(statusCode: StatusCodes.Status409Conflict, type: Problems.TypeOf("conflict"), title: "Conflict",
            detail: refusal.Reason, extensions: current is null ? null : new Dictionary<string, object?> { ["state"] = current.State.ToString() }),
        ShareRefusalKind.RuleViolation when refusal.Errors.Count > 0 => Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
            type: Problems.TypeOf("rule-violation"), title: "Refused by a rule", detail: refusal.Reason, extensions: new Dictionary<string, object?>
            {
                ["rule"] = refusal.Rule,
                ["errors"] = refusal.Errors.Select(e => new { field = e.Field, reason = e.Reason }).ToArray(),
            }),
        ShareRefusalKind.RuleViolation => Problems.RuleViolation(refusal.Reason, refusal.Rule),
        _ => Problems.Validation(refusal.Errors),
    };

    /// <summary>The request in one line for the audit record's data content.</summary>
    public static string Describe(ShareRequest r) =>
        $"{r.Terms.EntryCode} [{string.Join(",", (r.Grant?.Items ?? r.ApprovedItems ?? r.Terms.Items).Take(50))}] {r.Terms.Method} -> {r.Requester}: {r.State}";

    // The record of the operation: its id derived from the request and the step it added to the timeline, so a repeat that finds the operation done writes the same record again and the trail keeps one.
    private static AuditRecord EventRecord(HttpContext http, string action, string resource, ShareRequest r) => http.AuditFor(action, resource) with
    {
        Id = AuditRecordBounds.OperationId(action, r.Jurisdiction, r.Id, OperationStep(r, http.GetCaller())),
        DataOwner = r.Provider,
        DataContent = Describe(r),
        Purpose = r.Terms.Purpose,
        Approver = r.Grant is { } g ? string.Join(",", g.ApprovedBy) : null,
    };

    // The attempt that applied the event may have died before its audit record: the repeat writes the operation's record
    // (kept once: its id is derived from the operation), then its own record of the repeat.
    private async Task<IResult> DuplicateAsync(HttpContext http, string action, string resource, ShareRequestDocument doc, DateTimeOffset now, CancellationToken ct)
    {
        await audit.WriteAsync(EventRecord(http, action, resource, doc.Request), ct);
        await audit.WriteAsync(http.AuditFor(action, resource) with { Reason = RepeatReason, DataContent = Describe(doc.Request) }, ct);
        http.Response.Headers.ETag = doc.ETag;
        return Results.Ok(ShareRequestView.Of(http.Request, doc.Request, now, duplicate: true));
    }
}
