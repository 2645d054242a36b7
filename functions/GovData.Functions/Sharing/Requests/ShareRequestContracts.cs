using GovData.Domain.Catalog;
using GovData.Domain.RuleSets;
using GovData.Domain.Calendar;
using GovData.Domain.Labels;
using GovData.Domain.Sharing;
using GovData.Functions.Workflow;
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
    /// <summary>The availability deadline (data not yet aggregated, or green channel; 002 第二十三条), once one started.</summary>
    public RunningDeadline? AvailabilityDeadline { get; init; }
    /// <summary>True when the availability deadline has passed with the data not made available.</summary>
    public bool? AvailabilityOverdue { get; init; }
    /// <summary>How the availability deadline ended (data made available, request refused or withdrawn).</summary>
    public AvailabilityEnd? Availability { get; init; }
    /// <summary>The escalation of a missed availability deadline.</summary>
    public Escalation? AvailabilityEscalation { get; init; }
    /// <summary>Every statutory deadline of the request (decision, dispute, availability) with its Chinese label and working days left.</summary>
    public IReadOnlyList<ShareDeadlineView>? Deadlines { get; init; }
    /// <summary>The grant, once accepted.</summary>
    public ShareGrantView? Grant { get; init; }
    /// <summary>Every step, with its rule and article.</summary>
    public required IReadOnlyList<TimelineStep> Timeline { get; init; }

    /// <summary>The view of <paramref name="r"/> now.</summary>
    public static ShareRequestView Of(HttpRequest http, ShareRequest r, DateTimeOffset now, OrchestrationMetadata? workflow = null, bool duplicate = false,
        WorkingDayCalendar? calendar = null) => new()
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
        AvailabilityDeadline = r.AvailabilityDeadline,
        AvailabilityOverdue = r.AvailabilityDeadline is null ? null : r.AvailabilityRunning && now >= r.AvailabilityDeadline.DueAt,
        Availability = r.Availability,
        AvailabilityEscalation = r.AvailabilityEscalation,
        Deadlines = ShareDeadlineView.Of(r, now, calendar),
        Grant = r.Grant is null ? null : ShareGrantView.Of(r, now),
        Timeline = r.Timeline,
    };
}

/// <summary>
/// One statutory deadline of a share request as the request view lists it: kind and rule key with the article, its Chinese
/// label (中文名称) beside the English kind, due date, working days left on the official calendar, and whether it still runs.
/// </summary>
/// <param name="Kind">The deadline kind: <c>sharing.decision</c>, <c>sharing.dispute</c> or <c>sharing.availability</c>.</param>
/// <param name="KindLabel">Its Chinese label, e.g. 共享数据汇聚时限.</param>
/// <param name="TimerId">The deadline's id (its orchestration's).</param>
/// <param name="RuleKey">The rule key, e.g. <c>nonAggregated.availabilityDeadline</c>.</param>
/// <param name="Rule">The rule as cited, with the rule set version.</param>
/// <param name="Article">The article, when the value rests on one (e.g. 002 第二十三条).</param>
/// <param name="WorkingDays">N working days.</param>
/// <param name="StartedAt">The moment the count runs from.</param>
/// <param name="DueDate">The last day.</param>
/// <param name="DueAt">The instant the due date ends.</param>
/// <param name="Provisional">True when counted on a year whose official calendar is not loaded yet.</param>
/// <param name="Running">True while it runs (nobody has done what it asks yet).</param>
/// <param name="Overdue">True when it runs and its due instant has passed.</param>
/// <param name="WorkingDaysLeft">While it runs: working days left, today included (negative once passed); null when calendarless.</param>
/// <param name="Outcome">How an availability deadline ended (Available, Refused, Withdrawn).</param>
/// <param name="OutcomeLabel">The outcome's Chinese label.</param>
public sealed record ShareDeadlineView(string Kind, string KindLabel, string TimerId, string RuleKey, string Rule, string? Article, int WorkingDays,
    DateTimeOffset StartedAt, DateOnly DueDate, DateTimeOffset DueAt, bool Provisional, bool Running, bool Overdue, int? WorkingDaysLeft,
    AvailabilityOutcome? Outcome = null, string? OutcomeLabel = null)
{
    /// <summary>The deadlines of <paramref name="r"/> now (working days left only with a <paramref name="calendar"/>).</summary>
    public static IReadOnlyList<ShareDeadlineView> Of(ShareRequest r, DateTimeOffset now, WorkingDayCalendar? calendar)
    {
        var running = ShareWorkflow.Running(r).Select(d => d.TimerId).ToHashSet(StringComparer.Ordinal);
        var list = new List<ShareDeadlineView>();
        void Add(string kind, RunningDeadline? d, AvailabilityOutcome? outcome = null)
        {
            if (d is null) return;
            var runs = running.Contains(d.TimerId);
            int? left = runs && calendar is not null ? GovData.Domain.Calendar.WorkingDaysLeft.Until(calendar, now, d.DueDate).Days : null;
            list.Add(new(kind, DeadlineKinds.Label(kind), d.TimerId, d.RuleKey, d.Rule, d.Article, d.WorkingDays, d.StartedAt, d.DueDate, d.DueAt, d.Provisional,
                runs, runs && now >= d.DueAt, left, outcome, outcome is { } o ? ZhLabels.Label(o) : null));
        }
        Add(ShareFollowUp.DecisionKind, r.Deadline);
        Add(ShareFollowUp.DisputeKind, r.DisputeDeadline);
        Add(ShareFollowUp.AvailabilityKind, r.AvailabilityDeadline, r.Availability?.Outcome);
        return list;
    }
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

/// <summary>
/// One line of the request list. <paramref name="GreenChannelPending"/>: the requester asked for the green channel and the
/// CoordinationOffice has not answered; <paramref name="AvailabilityEscalated"/>: the data is still not available after its
/// availability deadline was escalated to the CoordinationOffice (002 第二十三条).
/// </summary>
public sealed record ShareRequestSummary(string Id, ShareRequestState State, string Requester, string Provider, string EntryCode, DecisionStep? CurrentStep,
    DateOnly? DueDate, bool? DueDateProvisional, bool Overdue, bool Escalated, DateTimeOffset FiledAt, bool GreenChannelPending, bool AvailabilityEscalated)
{
    /// <summary>The line of <paramref name="r"/> now.</summary>
    public static ShareRequestSummary Of(ShareRequest r, DateTimeOffset now) => new(r.Id, r.State, r.Requester, r.Provider, r.Terms.EntryCode, r.CurrentStep,
        r.IsPending ? r.Deadline?.DueDate : null, r.IsPending ? r.Deadline?.Provisional : null,
        r.IsPending && r.Deadline is { } dl && now >= dl.DueAt, r.Escalation is not null, r.FiledAt,
        r.IsPending && r.GreenChannel is { Approved: null }, r.AvailabilityRunning && r.AvailabilityEscalation is not null);
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
                ["errors"] = ProblemError.Of(refusal.Errors),
            }),
        ShareRefusalKind.RuleViolation => Problems.RuleViolation(refusal.Reason, refusal.Rule),
        _ => Problems.Validation(refusal.Errors),
    };
}
