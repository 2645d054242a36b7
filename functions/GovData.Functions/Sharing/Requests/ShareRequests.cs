using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Domain.Sharing;
using GovData.Functions.Audit;
using GovData.Functions.Calendar;
using GovData.Functions.Catalog;
using GovData.Functions.Errors;
using GovData.Functions.Hosting.Http;
using GovData.Functions.RuleSets;
using GovData.Functions.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Sharing.Requests;

/// <summary>How long an HTTP call waits for the share request's orchestration to take its filing or event; section <c>Sharing</c>.</summary>
public sealed class ShareWorkflowOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Sharing";
    /// <summary>After this, the call answers 202 with the status URL and the orchestration carries on.</summary>
    public TimeSpan AnswerWait { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>What an operation on a share request came to.</summary>
public enum ShareAnswerKind
{
    /// <summary>Filed (202 with the status URL).</summary>
    Filed,
    /// <summary>Filed and refused at once by a rule (422, the request exists).</summary>
    RefusedByRule,
    /// <summary>Refused; nothing changed (the refusal says why).</summary>
    Refused,
    /// <summary>The event was applied (200).</summary>
    Applied,
    /// <summary>The event had been applied before: the request as it is (200, duplicate).</summary>
    Duplicate,
    /// <summary>Accepted but not applied yet within the wait (202 with the status URL).</summary>
    Accepted,
    /// <summary>Read (200).</summary>
    Found,
    /// <summary>The caller's If-Match names an older version (412).</summary>
    PreconditionFailed,
}

/// <summary>An operation's outcome: the request as stored, the refusal, and its orchestration.</summary>
public sealed record ShareAnswer(ShareAnswerKind Kind, ShareRequestDocument? Document = null, ShareRefusal? Refusal = null, OrchestrationMetadata? Workflow = null);

/// <summary>
/// Share requests as the HTTP functions use them, with no HTTP in sight: filing starts the request's orchestration, an event
/// is checked against the stored request and raised to it, and each call waits (bounded) for the orchestration to say what
/// became of it. Refusals found before anything is raised are audited here; what the orchestration does, it audits itself.
/// </summary>
public sealed class ShareRequests(ShareStore store, CatalogStore catalog, RuleSetService ruleSets, CalendarService calendars,
    ShareOperations operations, DurableClients clients, IAuditLog audit, IOptions<ShareWorkflowOptions> options)
{
    /// <summary>The header a client sets to make filing safe to retry: the same key from the same department names the same request.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    /// <summary>The audit action of filing.</summary>
    public const string FileAction = "sharing.request.file";
    /// <summary>The reason on the record of a call that repeated work already done (the operation's own record is elsewhere).</summary>
    public const string RepeatReason = "duplicate event: answered with the current state, nothing changed";

    /// <summary>The audit resource and supervision subject of a request.</summary>
    public static string Subject(string jurisdiction, string id) => ShareFollowUp.Subject(jurisdiction, id);

    /// <summary>
    /// The id of a new request: derived from the caller's jurisdiction, department and the Idempotency-Key when there is one
    /// (so a retried filing finds the request its first attempt started), else random; null for a malformed key.
    /// </summary>
    public static string? FilingId(Caller caller, IReadOnlyList<string> idempotencyKey)
    {
        if (idempotencyKey.Count == 0) return Guid.NewGuid().ToString("N");
        var key = idempotencyKey[0];
        if (idempotencyKey.Count > 1 || key.Length is 0 or > 100 || !key.All(c => c is >= '!' and <= '~')) return null;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{caller.Jurisdiction}\n{caller.Department}\n{key}"));
        return Convert.ToHexStringLower(hash)[..32];
    }

    /// <summary>Files a request; with the same Idempotency-Key again, answers as the first time.</summary>
    public async Task<ShareAnswer> FileAsync(RequestContext request, IReadOnlyList<string> idempotencyKey, FileShareBody body, CancellationToken ct)
    {
        var caller = request.User;
        var id = FilingId(caller, idempotencyKey);
        var resource = Subject(caller.Jurisdiction, id ?? "-");
        if (id is null) return await RefuseAsync(request.AuditFor(FileAction, resource), ShareRefusal.Invalid(IdempotencyKeyHeader, "must be 1 to 100 printable ASCII characters"), ct);
        var instance = ShareRequestWorkflow.InstanceId(caller.Jurisdiction, id);
        if (await clients.Client.GetInstanceAsync(instance, ct) is not null)
        {
            // The same filing again: answer as the first time, once the orchestration has recorded it.
            var filed = await WaitAsync(instance, s => s.Filed, ct);
            var again = await store.FindAsync(caller.Jurisdiction, id, ct);
            if (again is not null) await audit.WriteAsync(FiledRecord(request, again.Request) with { Reason = RepeatReason }, ct);
            return Filing(again, filed);
        }
        var entry = body.EntryId is null ? null : await catalog.FindAsync(caller.Jurisdiction, body.EntryId, ct);
        var rules = await ruleSets.ResolveAsync(caller.Jurisdiction, ct);
        var calendar = await calendars.GetAsync(caller.Jurisdiction, ct);
        var input = new FileShareInput(body.EntryId, body.Items, body.Scope, body.Purpose, body.Method, body.PeriodMonths, body.Users, body.GreenChannelReason);
        var outcome = ShareWorkflow.File(id, caller, entry?.Entry, input, rules, calendar, request.ReceivedAt);
        if (outcome.Refusal is { } refusal) return await RefuseAsync(request.AuditFor(FileAction, resource), refusal, ct);
        var filing = new ShareFiling(outcome.Request!, AskedBy.From(request));
        try
        {
            await clients.Client.ScheduleNewOrchestrationInstanceAsync(ShareRequestWorkflow.Name,
                new ShareWorkflowInput(caller.Jurisdiction, id, filing, new ShareWorkflowStatus(false, outcome.Request!.State.ToString(), [])),
                new StartOrchestrationOptions(instance) { DedupeStatuses = Enum.GetNames<OrchestrationRuntimeStatus>() }, ct);
        }
        catch (DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException)
        {
            // Two tries of one filing at once: the first one's orchestration records it.
        }
        var status = await WaitAsync(instance, s => s.Filed, ct);
        return Filing(await store.FindAsync(caller.Jurisdiction, id, ct), status);
    }

    /// <summary>
    /// Checks event <paramref name="name"/> against the stored request (visibility, If-Match, a repeat, the domain's own
    /// refusal), raises it to the request's orchestration and waits for what became of it.
    /// </summary>
    public async Task<ShareAnswer> RaiseAsync(RequestContext request, string id, string name, object body, string? eventId, string? ifMatch, CancellationToken ct)
    {
        var caller = request.User;
        var action = "sharing.request." + name;
        var resource = Subject(caller.Jurisdiction, id);
        if (eventId is { Length: > 100 } || (eventId is not null && string.IsNullOrWhiteSpace(eventId)))
            return await RefuseAsync(request.AuditFor(action, resource), ShareRefusal.Invalid("eventId", "must be 1 to 100 characters"), ct);
        var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
        if (doc is null || !ShareWorkflow.CanSee(doc.Request, caller)) return new ShareAnswer(ShareAnswerKind.Refused, Refusal: ShareRefusal.NotFound($"Share request {id}"));
        if (ifMatch is { Length: > 0 } && ifMatch != doc.ETag && ifMatch != "*")
        {
            await audit.WriteAsync(request.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = "If-Match does not match" }, ct);
            return new ShareAnswer(ShareAnswerKind.PreconditionFailed, doc, ShareRefusal.Conflict($"share request {id} has changed since you read it (it is {doc.Request.State}); read it again"));
        }
        var e = new ShareEvent(eventId ?? Guid.NewGuid().ToString("N"), name, JsonSerializer.SerializeToElement(body, body.GetType(), JsonDefaults.Api), AskedBy.From(request));
        var plan = await operations.PlanAsync(doc, e, ct);
        if (plan.Duplicate)
        {
            await audit.WriteAsync(request.AuditFor(action, resource) with { Reason = RepeatReason, DataContent = Describe(doc.Request) }, ct);
            return new ShareAnswer(ShareAnswerKind.Duplicate, doc);
        }
        if (plan.Refusal is { } refusal) return await RefuseAsync(request.AuditFor(action, resource), refusal, ct, doc);

        var instance = ShareRequestWorkflow.InstanceId(caller.Jurisdiction, id);
        await clients.Client.RaiseEventAsync(instance, ShareRequestWorkflow.EventName, e, ct);
        var status = await WaitAsync(instance, s => s.ResultOf(e.EventId) is not null, ct);
        var current = await store.FindAsync(caller.Jurisdiction, id, ct);
        return status?.ResultOf(e.EventId) switch
        {
            null => new ShareAnswer(ShareAnswerKind.Accepted, current),
            { Refusal: { } late } => new ShareAnswer(ShareAnswerKind.Refused, current, late),
            { Duplicate: true } => new ShareAnswer(ShareAnswerKind.Duplicate, current),
            _ => new ShareAnswer(ShareAnswerKind.Applied, current),
        };
    }

    /// <summary>A request and its orchestration, if the caller may see it.</summary>
    public async Task<ShareAnswer> GetAsync(RequestContext request, string id, CancellationToken ct)
    {
        var caller = request.User;
        var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
        if (doc is null || !ShareWorkflow.CanSee(doc.Request, caller)) return new ShareAnswer(ShareAnswerKind.Refused, Refusal: ShareRefusal.NotFound($"Share request {id}"));
        await audit.WriteAsync(request.AuditFor("sharing.request.read", Subject(caller.Jurisdiction, id)) with { DataOwner = doc.Provider, DataContent = Describe(doc.Request) }, ct);
        var workflow = await clients.Client.GetInstanceAsync(ShareRequestWorkflow.InstanceId(caller.Jurisdiction, id), ct);
        return new ShareAnswer(ShareAnswerKind.Found, doc, Workflow: workflow);
    }

    /// <summary>The requests the caller's department filed or provides, and those waiting for its DataAuthority or CoordinationOffice.</summary>
    public async Task<IReadOnlyList<ShareRequestDocument>> ListAsync(RequestContext request, CancellationToken ct)
    {
        var caller = request.User;
        var docs = await store.OfDepartmentAsync(caller.Jurisdiction, caller.Department, grantsOnly: false, ct);
        if (caller.Has(Role.DataAuthority) || caller.Has(Role.CoordinationOffice))
        {
            docs.AddRange(await store.InStateAsync(caller.Jurisdiction, nameof(ShareRequestState.PendingDecision), ct));
            if (caller.Has(Role.CoordinationOffice))
            {
                docs.AddRange(await store.InStateAsync(caller.Jurisdiction, nameof(ShareRequestState.Disputed), ct));
                // A missed availability deadline is escalated to it whatever the request's state (002 第二十三条).
                docs.AddRange(await store.AvailabilityEscalatedAsync(caller.Jurisdiction, ct));
            }
        }
        var visible = docs.DistinctBy(d => d.Id).Where(d => ShareWorkflow.CanSee(d.Request, caller))
            .OrderByDescending(d => d.Request.FiledAt).Take(500).ToList();
        await audit.WriteAsync(request.AuditFor("sharing.request.list", $"sharing/{caller.Jurisdiction}/requests") with { DataContent = $"{visible.Count} requests" }, ct);
        return visible;
    }

    /// <summary>The audit record of a filing.</summary>
    public static AuditRecord FiledRecord(RequestContext request, ShareRequest r) =>
        request.AuditFor(FileAction, Subject(r.Jurisdiction, r.Id)) with
        {
            Id = OperationId(FileAction, r.Jurisdiction, r.Id, request.RequestId),
            DataOwner = r.Provider,
            DataContent = Describe(r),
            Purpose = r.Terms.Purpose,
        };

    /// <summary>The audit record of event <paramref name="e"/> on request <paramref name="id"/> (as it stands after it).</summary>
    public static AuditRecord EventAudit(ShareEvent e, string jurisdiction, string id, ShareRequest r) =>
        e.AskedBy.ToRequest().AuditFor("sharing.request." + e.Name, Subject(jurisdiction, id)) with
        {
            Id = OperationId("sharing.request." + e.Name, jurisdiction, id, e.EventId),
            DataOwner = r.Provider,
            DataContent = Describe(r),
            Purpose = r.Terms.Purpose,
            Approver = r.Grant is { } g ? string.Join(",", g.ApprovedBy) : null,
        };

    /// <summary>The request in one line for the audit record's data content.</summary>
    public static string Describe(ShareRequest r) =>
        $"{r.Terms.EntryCode} [{string.Join(",", (r.Grant?.Items ?? r.ApprovedItems ?? r.Terms.Items).Take(50))}] {r.Terms.Method} -> {r.Requester}: {r.State}";

    // An audit record's id derived from the operation, so the same operation done twice is the same record.
    private static string OperationId(string action, string jurisdiction, string id, string operation) =>
        AuditRecordBounds.OperationId(action, jurisdiction, id, operation);

    private static ShareAnswer Filing(ShareRequestDocument? doc, ShareWorkflowStatus? status)
    {
        if (doc is null || status is not { Filed: true }) return new ShareAnswer(ShareAnswerKind.Accepted, doc);
        return doc.Request.State == ShareRequestState.Refused && doc.Request.Deadline is null
            ? new ShareAnswer(ShareAnswerKind.RefusedByRule, doc, new ShareRefusal(ShareRefusalKind.RuleViolation, doc.Request.RefusalReasons![0], [], Domain.RuleSets.RuleKeys.SharingNotShared.Key))
            : new ShareAnswer(ShareAnswerKind.Filed, doc);
    }

    private async Task<ShareAnswer> RefuseAsync(AuditRecord record, ShareRefusal refusal, CancellationToken ct, ShareRequestDocument? doc = null)
    {
        await audit.WriteAsync(record with { Outcome = AuditOutcome.Refused, Reason = refusal.Kind + ": " + refusal.Reason }, ct);
        return new ShareAnswer(ShareAnswerKind.Refused, doc, refusal);
    }

    // Polls the orchestration's custom status until it says what the caller waits for (or the wait runs out: null).
    private async Task<ShareWorkflowStatus?> WaitAsync(string instance, Func<ShareWorkflowStatus, bool> done, CancellationToken ct)
    {
        var until = DateTime.UtcNow + options.Value.AnswerWait;
        var delay = TimeSpan.FromMilliseconds(20);
        ShareWorkflowStatus? status = null;
        while (true)
        {
            var metadata = await clients.Client.GetInstanceAsync(instance, ct);
            status = metadata?.ReadCustomStatusAs<ShareWorkflowStatus>();
            if (status is not null && done(status)) return status;
            if (DateTime.UtcNow > until) return status;
            await Task.Delay(delay, ct);
            delay = TimeSpan.FromMilliseconds(Math.Min(200, delay.TotalMilliseconds * 1.5));
        }
    }
}
