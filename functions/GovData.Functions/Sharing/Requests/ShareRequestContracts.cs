using GovData.Domain.Catalog;
using GovData.Domain.RuleSets;
using GovData.Domain.Sharing;
using GovData.Functions.Errors;
using Microsoft.DurableTask.Client;

namespace GovData.Functions.Sharing.Requests;

/// <summary>The request's orchestration as its status shows it.</summary>
public sealed record ShareWorkflowView(string InstanceId, string RuntimeStatus, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt);

/// <summary>
/// A share request over HTTP, in the shape of a Durable Functions status (id, runtimeStatus, customStatus, the status and
/// event URLs) with its terms, route, decisions, deadlines, grant and timeline; <see cref="Workflow"/> is its orchestration.
/// </summary>
public sealed record ShareRequestView
{
    /// <summary>The request id.</summary>
    public required string Id { get; init; }
    /// <summary>Always <c>ShareRequest</c>.</summary>
    public string Name { get; init; } = ShareRequestWorkflow.Name;
    /// <summary>Running while someone must act, Completed when it ended (granted, refusal upheld), Terminated when withdrawn.</summary>
    public required string RuntimeStatus { get; init; }
    /// <summary>The request's state.</summary>
    public required ShareRequestState CustomStatus { get; init; }
    /// <summary>When it was filed.</summary>
    public required DateTimeOffset CreatedTime { get; init; }
    /// <summary>When it last changed.</summary>
    public required DateTimeOffset LastUpdatedTime { get; init; }
    /// <summary>Where to read it.</summary>
    public required string StatusQueryGetUri { get; init; }
    /// <summary>Where to raise an event to it (<c>{eventName}</c>: approve, refuse, withdraw, accept, dispute, dispute-decision, green-channel, not-aggregated, order).</summary>
    public required string SendEventPostUri { get; init; }
    /// <summary>True when the call repeated an event already applied.</summary>
    public bool? Duplicate { get; init; }
    /// <summary>The request's orchestration.</summary>
    public ShareWorkflowView? Workflow { get; init; }
    /// <summary>The state.</summary>
    public required ShareRequestState State { get; init; }
    /// <summary>The jurisdiction.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>The requesting department.</summary>
    public required string Requester { get; init; }
    /// <summary>The providing department.</summary>
    public required string Provider { get; init; }
    /// <summary>Who filed it.</summary>
    public required string FiledBy { get; init; }
    /// <summary>What was asked for.</summary>
    public required ShareTerms Terms { get; init; }
    /// <summary>Who decides, as the rule set says.</summary>
    public required DecisionRoute Route { get; init; }
    /// <summary>The route's steps.</summary>
    public required IReadOnlyList<DecisionStep> Steps { get; init; }
    /// <summary>The step awaiting a decision, if any.</summary>
    public DecisionStep? CurrentStep { get; init; }
    /// <summary>The running decision deadline.</summary>
    public RunningDeadline? Deadline { get; init; }
    /// <summary>True when the decision deadline has passed unanswered.</summary>
    public bool Overdue { get; init; }
    /// <summary>The escalation of a missed decision deadline.</summary>
    public Escalation? Escalation { get; init; }
    /// <summary>The green channel, when asked for.</summary>
    public GreenChannelRequest? GreenChannel { get; init; }
    /// <summary>Each step's decision.</summary>
    public required IReadOnlyList<StepDecision> Decisions { get; init; }
    /// <summary>The items approved.</summary>
    public IReadOnlyList<string>? ApprovedItems { get; init; }
    /// <summary>Conditions of the approval.</summary>
    public string? Conditions { get; init; }
    /// <summary>Why it was refused.</summary>
    public IReadOnlyList<string>? RefusalReasons { get; init; }
    /// <summary>The dispute, when there is one.</summary>
    public DisputeRecord? Dispute { get; init; }
    /// <summary>The dispute's deadline.</summary>
    public RunningDeadline? DisputeDeadline { get; init; }
    /// <summary>The escalation of a missed dispute deadline.</summary>
    public Escalation? DisputeEscalation { get; init; }
    /// <summary>The grant, once accepted.</summary>
    public ShareGrantView? Grant { get; init; }
    /// <summary>Every step, with its rule and article.</summary>
    public required IReadOnlyList<TimelineStep> Timeline { get; init; }

    /// <summary>The view of <paramref name="r"/> now.</summary>
    public static ShareRequestView Of(HttpRequest http, ShareRequest r, DateTimeOffset now, OrchestrationMetadata? workflow = null, bool duplicate = false) => new()
    {
        Id = r.Id,
        RuntimeStatus = ShareViews.RuntimeStatus(r),
        CustomStatus = r.State,
        CreatedTime = r.FiledAt,
        LastUpdatedTime = r.Timeline.Count == 0 ? r.FiledAt : r.Timeline[^1].At,
        StatusQueryGetUri = ShareViews.StatusUri(http, r.Id),
        SendEventPostUri = ShareViews.EventUri(http, r.Id),
        Duplicate = duplicate ? true : null,
        Workflow = workflow is null ? null : new ShareWorkflowView(workflow.InstanceId, workflow.RuntimeStatus.ToString(), workflow.CreatedAt, workflow.LastUpdatedAt),
        State = r.State,
        Jurisdiction = r.Jurisdiction,
        Requester = r.Requester,
        Provider = r.Provider,
        FiledBy = r.FiledBy,
        Terms = r.Terms,
        Route = r.Route,
        Steps = r.Steps,
        CurrentStep = r.CurrentStep,
        Deadline = r.Deadline,
        Overdue = r.IsPending && r.Deadline is { } d && now >= d.DueAt,
        Escalation = r.Escalation,
        GreenChannel = r.GreenChannel,
        Decisions = r.Decisions,
        ApprovedItems = r.ApprovedItems,
        Conditions = r.Conditions,
        RefusalReasons = r.RefusalReasons,
        Dispute = r.Dispute,
        DisputeDeadline = r.DisputeDeadline,
        DisputeEscalation = r.DisputeEscalation,
        Grant = r.Grant is null ? null : ShareGrantView.Of(r, now),
        Timeline = r.Timeline,
    };
}

/// <summary>A grant as its holder and provider see it.</summary>
public sealed record ShareGrantView(string Id, GrantState State, string Jurisdiction, string Requester, string Provider, string EntryId, string EntryCode,
    string EntryName, IReadOnlyList<string> Items, SharingMethod Method, string Purpose, string Scope, IReadOnlyList<string> Users, string? Conditions,
    IReadOnlyList<string> ApprovedBy, DateTimeOffset GrantedAt, DateTimeOffset ExpiresAt, bool ConfidentialityAgreement, DateTimeOffset? RevokedAt,
    string? RevokedBy, IReadOnlyList<string>? RevokeReasons)
{
    /// <summary>The grant of <paramref name="r"/> now.</summary>
    public static ShareGrantView Of(ShareRequest r, DateTimeOffset now)
    {
        var g = r.Grant!;
        return new(r.Id, g.StateAt(now), r.Jurisdiction, r.Requester, r.Provider, r.Terms.EntryId, r.Terms.EntryCode, r.Terms.EntryName, g.Items, g.Method,
            g.Purpose, g.Scope, g.Users, g.Conditions, g.ApprovedBy, g.GrantedAt, g.ExpiresAt, g.ConfidentialityAgreement, g.RevokedAt, g.RevokedBy, g.RevokeReasons);
    }
}

/// <summary>One line of the request list.</summary>
public sealed record ShareRequestSummary(string Id, ShareRequestState State, string Requester, string Provider, string EntryCode, DecisionStep? CurrentStep,
    DateOnly? DueDate, bool? DueDateProvisional, bool Overdue, bool Escalated, DateTimeOffset FiledAt)
{
    /// <summary>The line of <paramref name="r"/> now.</summary>
    public static ShareRequestSummary Of(ShareRequest r, DateTimeOffset now) => new(r.Id, r.State, r.Requester, r.Provider, r.Terms.EntryCode, r.CurrentStep,
        r.IsPending ? r.Deadline?.DueDate : null, r.IsPending ? r.Deadline?.Provisional : null,
        r.IsPending && r.Deadline is { } dl && now >= dl.DueAt, r.Escalation is not null, r.FiledAt);
}

/// <summary>The request list.</summary>
public sealed record ShareRequestList(IReadOnlyList<ShareRequestSummary> Items);

/// <summary>Share refusals as problem+json.</summary>
public static class ShareRefusals
{
    /// <summary>The problem for <paramref name="refusal"/>; a conflict carries the request's current state.</summary>
    public static IResult ToProblem(ShareRefusal refusal, string what, ShareRequest? current = null) => refusal.Kind switch
    {
        ShareRefusalKind.NotFound => Problems.NotFound(refusal.Reason.Length > 0 ? refusal.Reason : what),
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
}
