using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Domain.Sharing;
using GovData.Functions.Audit;
using GovData.Functions.Calendar;
using GovData.Functions.Catalog;
using GovData.Functions.Errors;
using GovData.Functions.Hosting;
using GovData.Functions.Identity;
using GovData.Functions.RuleSets;

namespace GovData.Functions.Sharing;

/// <summary>HTTP endpoints of data sharing (共享) under /api/sharing; see docs/sharing.md.</summary>
public static class SharingEndpoints
{
    /// <summary>Maps /api/sharing.</summary>
    public static IEndpointRouteBuilder MapSharing(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sharing").WithTags("Sharing");
        var requests = group.MapGroup("/requests");

        requests.MapPost("", async (FileShareBody body, HttpContext http, CatalogStore catalog, ShareStore store, ShareService service, ShareFollowUp followUp,
            RuleSetService ruleSets, CalendarService calendars, IAuditLog audit, ICrashPoints crash, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            // With an Idempotency-Key the id is derived from it, so a client retrying after a lost answer gets the same request.
            var id = ShareService.FilingId(caller, http.Request.Headers[ShareService.IdempotencyKeyHeader]);
            var now = time.GetUtcNow();
            var resource = ShareFollowUp.Subject(caller.Jurisdiction, id ?? "-");
            if (id is null) return await service.RefuseAsync(http, "sharing.request.file", resource, ShareRefusal.Invalid(ShareService.IdempotencyKeyHeader, "must be 1 to 100 printable ASCII characters"), null, ct);
            if (await store.FindAsync(caller.Jurisdiction, id, ct) is { } filed) return await service.ReplayFilingAsync(http, filed, ct);
            var entry = body.EntryId is null ? null : await catalog.FindAsync(caller.Jurisdiction, body.EntryId, ct);
            var rules = await ruleSets.ResolveAsync(caller.Jurisdiction, ct);
            var calendar = await calendars.GetAsync(caller.Jurisdiction, ct);
            var input = new FileShareInput(body.EntryId, body.Items, body.Scope, body.Purpose, body.Method, body.PeriodMonths, body.Users, body.GreenChannelReason);
            var outcome = ShareWorkflow.File(id, caller, entry?.Entry, input, rules, calendar, now);
            if (outcome.Refusal is { } refusal) return await service.RefuseAsync(http, "sharing.request.file", resource, refusal, null, ct);
            var r = outcome.Request!;
            // The timer goes first: a crash before the request is stored leaves a timer whose handler finds nothing to do,
            // never a request without its deadline.
            if (r.Deadline is { } deadline) await followUp.ScheduleAsync(r, deadline, ShareFollowUp.DecisionKind, await followUp.ResponsibleAsync(r, ct), ct);
            await crash.HitAsync("sharing.file.timer-scheduled", ct);
            if (await store.TryCreateAsync(r, ct) is not { } saved) return await service.ReplayFilingAsync(http, (await store.FindAsync(caller.Jurisdiction, id, ct))!, ct);
            await crash.HitAsync("sharing.file.stored", ct);
            await followUp.AfterFiledAsync(r, ct);
            await crash.HitAsync("sharing.file.supervision-sent", ct);
            await audit.WriteAsync(ShareService.FiledRecord(http, r), ct);
            await crash.HitAsync("sharing.file.audited", ct);
            return ShareService.FiledAnswer(http, saved, now);
        }).RequireRoles(Role.DataSteward).WithSummary("File a share request for a Conditional entry (DataSteward); 202 with statusQueryGetUri and sendEventPostUri");

        requests.MapGet("", async (HttpContext http, ShareStore store, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var docs = await store.OfDepartmentAsync(caller.Jurisdiction, caller.Department, grantsOnly: false, ct);
            if (caller.Has(Role.DataAuthority) || caller.Has(Role.CoordinationOffice))
            {
                docs.AddRange(await store.InStateAsync(caller.Jurisdiction, nameof(ShareRequestState.PendingDecision), ct));
                if (caller.Has(Role.CoordinationOffice)) docs.AddRange(await store.InStateAsync(caller.Jurisdiction, nameof(ShareRequestState.Disputed), ct));
            }
            var now = time.GetUtcNow();
            var visible = docs.DistinctBy(d => d.Id).Where(d => ShareWorkflow.CanSee(d.Request, caller))
                .OrderByDescending(d => d.Request.FiledAt).Take(500).ToList();
            await audit.WriteAsync(http.AuditFor("sharing.request.list", $"sharing/{caller.Jurisdiction}/requests") with { DataContent = $"{visible.Count} requests" }, ct);
            return Results.Ok(new
            {
                items = visible.Select(d => new
                {
                    d.Id, state = d.Request.State, d.Request.Requester, d.Request.Provider, d.Request.Terms.EntryCode, d.Request.CurrentStep,
                    dueDate = d.Request.IsPending ? d.Request.Deadline?.DueDate : null,
                    dueDateProvisional = d.Request.IsPending ? d.Request.Deadline?.Provisional : null,
                    overdue = d.Request.IsPending && d.Request.Deadline is { } dl && now >= dl.DueAt,
                    escalated = d.Request.Escalation is not null, d.Request.FiledAt,
                }),
            });
        }).WithSummary("Requests the caller's department filed or provides, and those waiting for the DataAuthority or the CoordinationOffice");

        requests.MapGet("/{id}", async (string id, HttpContext http, ShareStore store, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
            if (doc is null || !ShareWorkflow.CanSee(doc.Request, caller)) return Problems.NotFound($"Share request {id}");
            await audit.WriteAsync(http.AuditFor("sharing.request.read", ShareFollowUp.Subject(caller.Jurisdiction, id)) with { DataOwner = doc.Provider, DataContent = ShareService.Describe(doc.Request) }, ct);
            http.Response.Headers.ETag = doc.ETag;
            return Results.Ok(ShareViews.Request(http.Request, doc.Request, time.GetUtcNow()));
        }).WithSummary("A request's status, decisions, deadlines and timeline (requester, provider and deciders only)");

        var events = requests.MapGroup("/{id}/events");

        events.MapPost("/approve", (string id, ApproveBody body, HttpContext http, ShareService service, RuleSetService ruleSets, CancellationToken ct) =>
            service.MutateAsync(http, id, "approve", body.EventId, async (r, c, at) =>
                ShareWorkflow.Decide(r, c, true, body.Items, body.Conditions, null, await ruleSets.ResolveAsync(r.Jurisdiction, ct), at), ct))
            .RequireRoles(Role.DataSteward, Role.DataAuthority)
            .WithSummary("Approve the current route step, optionally only some items and with conditions (provider's DataSteward or the DataAuthority, per the rule set)");

        events.MapPost("/refuse", (string id, RefuseBody body, HttpContext http, ShareService service, RuleSetService ruleSets, CancellationToken ct) =>
            service.MutateAsync(http, id, "refuse", body.EventId, async (r, c, at) =>
                ShareWorkflow.Decide(r, c, false, null, null, body.Reasons, await ruleSets.ResolveAsync(r.Jurisdiction, ct), at), ct))
            .RequireRoles(Role.DataSteward, Role.DataAuthority).WithSummary("Refuse the request with reasons (the decider of the current step)");

        events.MapPost("/withdraw", (string id, ReasonBody? body, HttpContext http, ShareService service, CancellationToken ct) =>
            service.MutateAsync(http, id, "withdraw", body?.EventId, (r, c, at) => Task.FromResult(ShareWorkflow.Withdraw(r, c, body?.Reason, at)), ct))
            .RequireRoles(Role.DataSteward).WithSummary("Withdraw a request that is not yet a grant (the requester's DataSteward)");

        events.MapPost("/accept", (string id, AcceptBody body, HttpContext http, ShareService service, CancellationToken ct) =>
            service.MutateAsync(http, id, "accept", body.EventId, (r, c, at) =>
                Task.FromResult(ShareWorkflow.Accept(r, c, body.DataUseAgreement, body.ConfidentialityAgreement, at)), ct))
            .RequireRoles(Role.DataSteward).WithSummary("Accept the data use agreement (and the confidentiality agreement for personal or sensitive items): the approval becomes a grant");

        events.MapPost("/dispute", (string id, ReasonBody body, HttpContext http, ShareService service, RuleSetService ruleSets, CalendarService calendars, CancellationToken ct) =>
            service.MutateAsync(http, id, "dispute", body.EventId, async (r, c, at) =>
                ShareWorkflow.Dispute(r, c, body.Reason, await ruleSets.ResolveAsync(r.Jurisdiction, ct), await calendars.GetAsync(r.Jurisdiction, ct), at), ct))
            .RequireRoles(Role.DataSteward).WithSummary("Dispute a refusal (the requester's DataSteward); the CoordinationOffice concludes within the rule set's deadline");

        events.MapPost("/dispute-decision", (string id, DisputeDecisionBody body, HttpContext http, ShareService service, RuleSetService ruleSets, CancellationToken ct) =>
            service.MutateAsync(http, id, "dispute-decision", body.EventId, async (r, c, at) =>
            {
                if (body.Decision is not { } verdict || !Enum.IsDefined(verdict)) return ShareRefusal.Invalid("decision", "is required: Uphold or Overturn");
                return ShareWorkflow.DecideDispute(r, c, verdict == DisputeVerdict.Uphold, body.Reasons, body.Items, body.Conditions, await ruleSets.ResolveAsync(r.Jurisdiction, ct), at);
            }, ct))
            .RequireRoles(Role.CoordinationOffice).WithSummary("Uphold or overturn a disputed refusal (CoordinationOffice)");

        events.MapPost("/green-channel", (string id, GreenChannelBody body, HttpContext http, ShareService service, RuleSetService ruleSets, CalendarService calendars, CancellationToken ct) =>
            service.MutateAsync(http, id, "green-channel", body.EventId, async (r, c, at) =>
            {
                if (body.Approve is not { } approve) return ShareRefusal.Invalid("approve", "is required: true or false");
                return ShareWorkflow.DecideGreenChannel(r, c, approve, body.Note, await ruleSets.ResolveAsync(r.Jurisdiction, ct), await calendars.GetAsync(r.Jurisdiction, ct), at);
            }, ct))
            .RequireRoles(Role.CoordinationOffice).WithSummary("Approve or refuse the green channel (CoordinationOffice); approved, the green-channel deadline applies");

        events.MapPost("/not-aggregated", (string id, EventIdBody? body, HttpContext http, ShareService service, RuleSetService ruleSets, CalendarService calendars, CancellationToken ct) =>
            service.MutateAsync(http, id, "not-aggregated", body?.EventId, async (r, c, at) =>
                ShareWorkflow.MarkNotYetAggregated(r, c, await ruleSets.ResolveAsync(r.Jurisdiction, ct), await calendars.GetAsync(r.Jurisdiction, ct), at), ct))
            .RequireRoles(Role.DataSteward, Role.DataAuthority).WithSummary("State that the requested data is not yet aggregated: the nonAggregated answer deadline applies from receipt");

        SharingGrantEndpoints.Map(group);
        return app;
    }
}
