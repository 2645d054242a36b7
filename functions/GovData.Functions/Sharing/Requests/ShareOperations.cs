using System.Text.Json;
using GovData.Domain.Identity;
using GovData.Domain.Sharing;
using GovData.Functions.Calendar;
using GovData.Functions.Errors;
using GovData.Functions.RuleSets;

namespace GovData.Functions.Sharing.Requests;

/// <summary>
/// The events a person raises to a share request, each with its body type, the roles that may raise it, and the domain
/// transition it runs (<see cref="ShareWorkflow"/>). The HTTP function checks an event against the stored request with it
/// before raising it, and the orchestration applies it with it: one transition path.
/// </summary>
public sealed class ShareOperations(RuleSetService ruleSets, CalendarService calendars)
{
    /// <summary>An event kind: its name, body type and who may raise it.</summary>
    public sealed record Kind(string Name, Type Body, Role[] Roles);

    /// <summary>Every event kind, by name.</summary>
    public static readonly IReadOnlyDictionary<string, Kind> Kinds = new Kind[]
    {
        new("approve", typeof(ApproveBody), [Role.DataSteward, Role.DataAuthority]),
        new("refuse", typeof(RefuseBody), [Role.DataSteward, Role.DataAuthority]),
        new("withdraw", typeof(ReasonBody), [Role.DataSteward]),
        new("accept", typeof(AcceptBody), [Role.DataSteward]),
        new("dispute", typeof(ReasonBody), [Role.DataSteward]),
        new("dispute-decision", typeof(DisputeDecisionBody), [Role.CoordinationOffice]),
        new("green-channel", typeof(GreenChannelBody), [Role.CoordinationOffice]),
        new("not-aggregated", typeof(EventIdBody), [Role.DataSteward, Role.DataAuthority]),
        new("order", typeof(OrderAnswerBody), [Role.CoordinationOffice]),
    }.ToDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>The body of an event, as the API reads it.</summary>
    public static object Read(ShareEvent e) => e.Body.Deserialize(Kinds[e.Name].Body, JsonDefaults.Api)
        ?? throw new InvalidDataException($"event {e.EventId} has no body");

    /// <summary>Runs event <paramref name="e"/> against <paramref name="r"/>: the request after it, or the refusal.</summary>
    public async Task<ShareOutcome> RunAsync(ShareRequest r, ShareEvent e, CancellationToken ct)
    {
        var caller = e.AskedBy.Caller.ToCaller();
        var at = e.AskedBy.At;
        return Read(e) switch
        {
            ApproveBody b when e.Name == "approve" => ShareWorkflow.Decide(r, caller, true, b.Items, b.Conditions, null, await ruleSets.ResolveAsync(r.Jurisdiction, ct), at),
            RefuseBody b => ShareWorkflow.Decide(r, caller, false, null, null, b.Reasons, await ruleSets.ResolveAsync(r.Jurisdiction, ct), at),
            ReasonBody b when e.Name == "withdraw" => ShareWorkflow.Withdraw(r, caller, b.Reason, at),
            AcceptBody b => ShareWorkflow.Accept(r, caller, b.DataUseAgreement, b.ConfidentialityAgreement, at),
            ReasonBody b when e.Name == "dispute" => ShareWorkflow.Dispute(r, caller, b.Reason, await ruleSets.ResolveAsync(r.Jurisdiction, ct), await calendars.GetAsync(r.Jurisdiction, ct), at),
            DisputeDecisionBody b => b.Decision is not { } verdict || !Enum.IsDefined(verdict)
                ? ShareRefusal.Invalid("decision", "is required: Uphold or Overturn")
                : ShareWorkflow.DecideDispute(r, caller, verdict == DisputeVerdict.Uphold, b.Reasons, b.Items, b.Conditions, await ruleSets.ResolveAsync(r.Jurisdiction, ct), at),
            GreenChannelBody b => b.Approve is not { } approve
                ? ShareRefusal.Invalid("approve", "is required: true or false")
                : ShareWorkflow.DecideGreenChannel(r, caller, approve, b.Note, await ruleSets.ResolveAsync(r.Jurisdiction, ct), await calendars.GetAsync(r.Jurisdiction, ct), at),
            EventIdBody => ShareWorkflow.MarkNotYetAggregated(r, caller, await ruleSets.ResolveAsync(r.Jurisdiction, ct), await calendars.GetAsync(r.Jurisdiction, ct), at),
            OrderAnswerBody b => ShareWorkflow.OrderAnswer(r, caller, b.WorkingDays, b.Reason, await calendars.GetAsync(r.Jurisdiction, ct), at),
            _ => throw new InvalidDataException($"unknown share request event '{e.Name}'"),
        };
    }

    /// <summary>The plan for <paramref name="e"/> against the stored <paramref name="doc"/>: a repeat answered with the state as it is, a refusal, or the change.</summary>
    public async Task<SharePlan> PlanAsync(ShareRequestDocument doc, ShareEvent e, CancellationToken ct)
    {
        var r = doc.Request;
        var caller = e.AskedBy.Caller.ToCaller();
        if (r.AppliedEvents.Contains(e.EventId)) return new SharePlan(e, r, r, doc.ETag, null, Duplicate: true);
        var outcome = await RunAsync(r, e, ct);
        if (outcome.Refusal is { } refusal)
        {
            // A resent event finds the state moved on (409) or the step passed to someone else (403); either way it was done.
            if (refusal.Kind is ShareRefusalKind.Conflict or ShareRefusalKind.Forbidden && ShareWorkflow.IsRepeat(r, caller, e.Name))
                return new SharePlan(e, r, r, doc.ETag, null, Duplicate: true);
            return new SharePlan(e, r, null, doc.ETag, refusal, Duplicate: false);
        }
        return new SharePlan(e, r, ShareWorkflow.Remember(outcome.Request!, e.EventId), doc.ETag, null, Duplicate: false);
    }
}
