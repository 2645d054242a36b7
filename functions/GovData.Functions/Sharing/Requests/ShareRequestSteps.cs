using GovData.Domain.Audit;
using GovData.Domain.Sharing;
using GovData.Functions.Audit;
using GovData.Functions.Hosting;
using GovData.Functions.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace GovData.Functions.Sharing.Requests;

/// <summary>
/// The activities of a share request's orchestration. They run at least once: storing is guarded by the document's ETag and
/// the event ids it remembers, the follow-ups are idempotent, and each operation's audit record is written once.
/// </summary>
public sealed class ShareRequestSteps(ShareStore store, ShareOperations operations, ShareFollowUp followUp, DurableClients clients,
    IAuditLog audit, ICrashPoints crash)
{
    /// <summary>Records a filing.</summary>
    public const string RecordFilingStep = "ShareRequestRecordFiling";
    /// <summary>Plans an event against the stored request.</summary>
    public const string PlanStep = "ShareRequestPlan";
    /// <summary>Stores a planned change and runs its follow-ups.</summary>
    public const string CommitStep = "ShareRequestCommit";

    /// <summary>
    /// Stores the filed request (unless stored already), starts its decision deadline, counts it on the provider's scorecard
    /// and writes the filing's audit record; returns its state.
    /// </summary>
    [Function(RecordFilingStep)]
    public async Task<string> RecordFilingAsync([ActivityTrigger] ShareFiling filing, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        using var _ = clients.Use(client);
        var r = filing.Request;
        await store.TryCreateAsync(r, ct);
        await crash.HitAsync("sharing.file.stored", ct);
        if (r.IsPending && r.Deadline is { } deadline)
            await followUp.ScheduleAsync(r, deadline, ShareFollowUp.DecisionKind, await followUp.ResponsibleAsync(r, ct), ct);
        await crash.HitAsync("sharing.file.timer-scheduled", ct);
        await followUp.AfterFiledAsync(r, ct);
        await crash.HitAsync("sharing.file.supervision-sent", ct);
        // The filing's record id is derived from the filing: an attempt run again writes the same record, kept once.
        await audit.WriteAsync(ShareRequests.FiledRecord(filing.AskedBy.ToRequest(), r), ct);
        await crash.HitAsync("sharing.file.audited", ct);
        return r.State.ToString();
    }

    /// <summary>Plans an event; a refusal is audited here (the person who raised it may no longer be waiting for the answer).</summary>
    [Function(PlanStep)]
    public async Task<SharePlan> PlanAsync([ActivityTrigger] SharePlanInput input, CancellationToken ct)
    {
        var e = input.Event;
        var doc = await store.FindAsync(input.Jurisdiction, input.RequestId, ct);
        if (doc is null) return new SharePlan(e, null, null, null, ShareRefusal.NotFound($"Share request {input.RequestId}"), false);
        var plan = await operations.PlanAsync(doc, e, ct);
        if (plan.Refusal is { } refusal)
        {
            var reason = refusal.Kind + ": " + refusal.Reason;
            // Its own id (the event's, refused for this reason): the plan run again writes the same record, and the event
            // applied later, once the state allows it, still gets its record of success.
            await audit.WriteAsync(ShareRequests.EventAudit(e, input.Jurisdiction, input.RequestId, doc.Request) with
            {
                Id = AuditRecordBounds.OperationId("sharing.request." + e.Name + ".refused", input.Jurisdiction, input.RequestId, e.EventId, reason),
                Outcome = AuditOutcome.Refused,
                Reason = reason,
            }, ct);
        }
        return plan;
    }

    /// <summary>
    /// Stores the planned state under the ETag the plan read (false when the request changed since, unless it already holds this
    /// event: an earlier attempt of this activity stored it), then starts and cancels deadlines, sends the supervision facts
    /// and writes the operation's audit record.
    /// </summary>
    [Function(CommitStep)]
    public async Task<bool> CommitAsync([ActivityTrigger] SharePlan plan, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        using var _ = clients.Use(client);
        var after = plan.After!;
        try
        {
            await store.ReplaceAsync(after, plan.ETag!, ct);
        }
        catch (RequestChangedException)
        {
            var current = await store.FindAsync(after.Jurisdiction, after.Id, ct);
            if (current is null || !current.Request.AppliedEvents.Contains(plan.Event.EventId)) return false;
        }
        await crash.HitAsync("sharing.event.stored", ct);
        await followUp.AfterChangeAsync(plan.Before!, after, ct);
        await crash.HitAsync("sharing.event.followed-up", ct);
        // Its id is derived from the event: an attempt that died after writing it writes the same record again, kept once.
        await audit.WriteAsync(ShareRequests.EventAudit(plan.Event, after.Jurisdiction, after.Id, after), ct);
        await crash.HitAsync("sharing.event.audited", ct);
        return true;
    }
}
