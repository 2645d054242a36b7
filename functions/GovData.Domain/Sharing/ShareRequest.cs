using System.Text.Json.Serialization;
using GovData.Domain.Catalog;
using GovData.Domain.RuleSets;

namespace GovData.Domain.Sharing;

/// <summary>Where a share request (共享申请) is in its life; see docs/sharing.md for the transitions.</summary>
public enum ShareRequestState
{
    /// <summary>Waiting for the decider of the current route step (<see cref="ShareRequest.CurrentStep"/>).</summary>
    PendingDecision,
    /// <summary>Every requested item approved; waiting for the requester to accept the agreements.</summary>
    Approved,
    /// <summary>Only some items approved (or with conditions); waiting for the requester to accept the agreements.</summary>
    PartlyApproved,
    /// <summary>Refused with reasons (or at once for NotShared data); the requester may dispute.</summary>
    Refused,
    /// <summary>The requester withdrew it before it became a grant.</summary>
    Withdrawn,
    /// <summary>The requester disputed the refusal; the CoordinationOffice must conclude.</summary>
    Disputed,
    /// <summary>The CoordinationOffice upheld the refusal (final).</summary>
    Upheld,
    /// <summary>The CoordinationOffice overturned the refusal; waiting for the requester to accept the agreements.</summary>
    Overturned,
    /// <summary>The requester accepted the agreements; <see cref="ShareRequest.Grant"/> holds the grant.</summary>
    Granted,
}

/// <summary>Who decides one step of a request's route.</summary>
public enum DecisionStep
{
    /// <summary>A DataSteward of the providing department (数据提供单位).</summary>
    Provider,
    /// <summary>The jurisdiction's DataAuthority (数据管理机构).</summary>
    DataAuthority,
}

/// <summary>Where a grant stands at a given moment.</summary>
public enum GrantState
{
    /// <summary>In force: access within its terms is allowed.</summary>
    Active,
    /// <summary>The provider revoked it with reasons.</summary>
    Revoked,
    /// <summary>Its period ended.</summary>
    Expired,
}

/// <summary>What the requester asks for (001 第十四条): entry, items, scope, purpose, method, period and users.</summary>
/// <param name="EntryId">The catalog entry's id.</param>
/// <param name="EntryCode">The entry's code when the request was filed.</param>
/// <param name="EntryName">The entry's name when the request was filed.</param>
/// <param name="EntryVersion">The published version the request was filed against.</param>
/// <param name="Items">The requested data items, a subset of the entry's.</param>
/// <param name="Scope">The scope of use (使用范围).</param>
/// <param name="Purpose">The purpose (用途); granted data serves it only (001 第十七条, 004 第十二条).</param>
/// <param name="Method">The sharing method, one of the entry's.</param>
/// <param name="PeriodMonths">How long the grant should run, at most shareDecision.maxGrantPeriod.</param>
/// <param name="Users">The user ids who may use the data (003 第八条).</param>
public sealed record ShareTerms(string EntryId, string EntryCode, string EntryName, int EntryVersion, IReadOnlyList<string> Items,
    string Scope, string Purpose, SharingMethod Method, int PeriodMonths, IReadOnlyList<string> Users);

/// <summary>One step of a request's timeline: who did what, when, and under which rule set version and article.</summary>
/// <param name="At">When.</param>
/// <param name="Actor">The user, or <c>system</c>.</param>
/// <param name="Department">The acting department (unified social credit code), if any.</param>
/// <param name="Action">What happened, e.g. <c>file</c>, <c>decide.Provider.approve</c>, <c>escalate</c>.</param>
/// <param name="State">The request's state after the step.</param>
/// <param name="RuleSet">The rule set versions applied, e.g. <c>350800@v1+350000@v1</c>.</param>
/// <param name="Rule">The rule applied, as cited, e.g. <c>350800@v1+350000@v1 shareDecision.deadline = 5 working days (004 第十二条)</c>.</param>
/// <param name="Article">The article the step rests on, e.g. <c>004 第十二条</c>.</param>
/// <param name="Note">Reasons, conditions or items, in words.</param>
public sealed record TimelineStep(DateTimeOffset At, string Actor, string? Department, string Action, ShareRequestState State,
    string? RuleSet, string? Rule, string? Article, string? Note);

/// <summary>One decider's verdict on one route step.</summary>
public sealed record StepDecision(DecisionStep Step, bool Approved, IReadOnlyList<string> Items, string? Conditions, IReadOnlyList<string> Reasons,
    string By, string ByDepartment, DateTimeOffset At);

/// <summary>A statutory deadline running on the request, with the timer that watches it and the rule it comes from.</summary>
/// <param name="TimerId">The deadline timer's stable id.</param>
/// <param name="RuleKey">The rule key, e.g. <c>shareDecision.deadline</c>.</param>
/// <param name="Rule">The rule as cited.</param>
/// <param name="Article">The article, when the value rests on one.</param>
/// <param name="WorkingDays">N.</param>
/// <param name="StartedAt">The moment of receipt the deadline counts from.</param>
/// <param name="DueDate">The last day to act.</param>
/// <param name="DueAt">The instant the due date ends.</param>
/// <param name="Provisional">True when a year without an official calendar was counted provisionally (statutory holidays by rule only).</param>
/// <param name="ReceivedOn">The day of receipt the deadline counts from (not counted itself); null on deadlines stored before it was recorded.</param>
/// <param name="ReceiptRule">The date-of-receipt rule applied, as cited (deadline.dateOfReceipt), so the timeline shows which reading applied.</param>
/// <param name="Receipt">The date-of-receipt rule's value, to recompute the deadline the same way.</param>
public sealed record RunningDeadline(string TimerId, string RuleKey, string Rule, string? Article, int WorkingDays, DateTimeOffset StartedAt,
    DateOnly DueDate, DateTimeOffset DueAt, bool Provisional, DateOnly? ReceivedOn = null, string? ReceiptRule = null,
    Calendar.DateOfReceipt? Receipt = null);

/// <summary>A missed deadline handed to the CoordinationOffice.</summary>
public sealed record Escalation(DateTimeOffset At, string To, string TimerId, string Rule, string Reason);

/// <summary>How a request's availability deadline (data not yet aggregated, or green channel; 002 第二十三条) ended.</summary>
public enum AvailabilityOutcome
{
    /// <summary>A curated version of the requested entry is available on the platform (汇聚并达到共享条件).</summary>
    Available,
    /// <summary>The request was refused with reasons (无法满足需求的，应当说明理由): nothing is to be made available.</summary>
    Refused,
    /// <summary>The requester withdrew the request.</summary>
    Withdrawn,
}

/// <summary>The end of a request's availability deadline: how, when, and (when available) which curated version met it.</summary>
/// <param name="At">When it ended (for <see cref="AvailabilityOutcome.Available"/>: when the version was accepted, or the green channel's approval when the data was on the platform already).</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Version">The curated version that made the data available.</param>
/// <param name="OnTime">True when it ended before the due instant.</param>
/// <param name="TimerId">The availability deadline it ended.</param>
public sealed record AvailabilityEnd(DateTimeOffset At, AvailabilityOutcome Outcome, int? Version, bool OnTime, string TimerId);

/// <summary>The requester's ask for the green channel (绿色通道, 002 第二十三条) and the CoordinationOffice's answer.</summary>
public sealed record GreenChannelRequest(string Reason, DateTimeOffset RequestedAt, bool? Approved = null, string? DecidedBy = null,
    DateTimeOffset? DecidedAt = null, string? Note = null);

/// <summary>The requester's dispute of a refusal and the CoordinationOffice's conclusion (001 第十四条, 003 第八条).</summary>
public sealed record DisputeRecord(string Reason, string By, DateTimeOffset At, string Route, bool? Upheld = null, IReadOnlyList<string>? Reasons = null,
    string? DecidedBy = null, DateTimeOffset? DecidedAt = null);

/// <summary>
/// A grant (授权): what the requester may use, by whom, how, for what and until when (003 第八条), fixed when the requester
/// accepted the data use agreement (and the confidentiality agreement for personal or sensitive items; 001 第十四条, 004 第十二条).
/// </summary>
public sealed record ShareGrant
{
    /// <summary>The data items granted.</summary>
    public required IReadOnlyList<string> Items { get; init; }
    /// <summary>The one method of use.</summary>
    public required SharingMethod Method { get; init; }
    /// <summary>The only purpose the data may serve.</summary>
    public required string Purpose { get; init; }
    /// <summary>The scope of use.</summary>
    public required string Scope { get; init; }
    /// <summary>The users who may use it.</summary>
    public required IReadOnlyList<string> Users { get; init; }
    /// <summary>The deciders' conditions, if any.</summary>
    public string? Conditions { get; init; }
    /// <summary>Who approved it (user ids), for the audit of each use (004 第二十一条).</summary>
    public required IReadOnlyList<string> ApprovedBy { get; init; }
    /// <summary>When the grant started.</summary>
    public required DateTimeOffset GrantedAt { get; init; }
    /// <summary>When it ends.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
    /// <summary>Who accepted the agreements.</summary>
    public required string AcceptedBy { get; init; }
    /// <summary>True when the security and confidentiality agreement was signed too.</summary>
    public bool ConfidentialityAgreement { get; init; }
    /// <summary>When the provider revoked it.</summary>
    public DateTimeOffset? RevokedAt { get; init; }
    /// <summary>Who revoked it.</summary>
    public string? RevokedBy { get; init; }
    /// <summary>Why it was revoked.</summary>
    public IReadOnlyList<string>? RevokeReasons { get; init; }

    /// <summary>Active, Revoked or Expired at <paramref name="now"/>.</summary>
    public GrantState StateAt(DateTimeOffset now) => RevokedAt is not null ? GrantState.Revoked : now >= ExpiresAt ? GrantState.Expired : GrantState.Active;
}

/// <summary>
/// A request by one department for another department's Conditional data (共享申请), with its route, deadlines, decisions,
/// dispute, grant and a timeline of every step. One document: every transition is one ETag-guarded replace.
/// </summary>
public sealed record ShareRequest
{
    /// <summary>Stable id.</summary>
    public required string Id { get; init; }
    /// <summary>The jurisdiction of both departments.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>The requesting department.</summary>
    public required string Requester { get; init; }
    /// <summary>The user who filed it.</summary>
    public required string FiledBy { get; init; }
    /// <summary>The providing department (the entry's owner).</summary>
    public required string Provider { get; init; }
    /// <summary>What is asked for.</summary>
    public required ShareTerms Terms { get; init; }
    /// <summary>Which requested items are personal or sensitive (a grant of any needs the confidentiality agreement).</summary>
    public IReadOnlyList<string> ProtectedItems { get; init; } = [];
    /// <summary>The state.</summary>
    public required ShareRequestState State { get; init; }
    /// <summary>The route fixed from the rule set when filed.</summary>
    public required DecisionRoute Route { get; init; }
    /// <summary>The steps of the route, in order.</summary>
    public required IReadOnlyList<DecisionStep> Steps { get; init; }
    /// <summary>The index of the step waiting for a decision.</summary>
    public int StepIndex { get; init; }
    /// <summary>Every step decision, oldest first.</summary>
    public IReadOnlyList<StepDecision> Decisions { get; init; } = [];
    /// <summary>When it was filed (receipt: the deadline counts from here).</summary>
    public required DateTimeOffset FiledAt { get; init; }
    /// <summary>When the final answer (approve or refuse) was given.</summary>
    public DateTimeOffset? AnsweredAt { get; init; }
    /// <summary>The decision deadline, while one applies.</summary>
    public RunningDeadline? Deadline { get; init; }
    /// <summary>Set once the decision deadline was missed.</summary>
    public Escalation? Escalation { get; init; }
    /// <summary>The green-channel ask, if any.</summary>
    public GreenChannelRequest? GreenChannel { get; init; }
    /// <summary>The items approved by the last step (or by an overturning dispute decision).</summary>
    public IReadOnlyList<string>? ApprovedItems { get; init; }
    /// <summary>Conditions the deciders attached.</summary>
    public string? Conditions { get; init; }
    /// <summary>Why it was refused.</summary>
    public IReadOnlyList<string>? RefusalReasons { get; init; }
    /// <summary>The dispute, if the requester disputed a refusal.</summary>
    public DisputeRecord? Dispute { get; init; }
    /// <summary>The dispute deadline, while the dispute runs.</summary>
    public RunningDeadline? DisputeDeadline { get; init; }
    /// <summary>Set when a dispute's deadline was missed.</summary>
    public Escalation? DisputeEscalation { get; init; }
    /// <summary>
    /// The availability deadline (002 第二十三条): set when the request is marked not yet aggregated
    /// (nonAggregated.availabilityDeadline) or its green channel approved (greenChannel.availabilityDeadline); kept after it ended.
    /// </summary>
    public RunningDeadline? AvailabilityDeadline { get; init; }
    /// <summary>How the availability deadline ended (null while it runs).</summary>
    public AvailabilityEnd? Availability { get; init; }
    /// <summary>Set once the availability deadline was missed.</summary>
    public Escalation? AvailabilityEscalation { get; init; }
    /// <summary>The grant, once accepted.</summary>
    public ShareGrant? Grant { get; init; }
    /// <summary>Ids of events already applied (callers' idempotency keys), newest last, bounded.</summary>
    public IReadOnlyList<string> AppliedEvents { get; init; } = [];
    /// <summary>Every step, oldest first.</summary>
    public IReadOnlyList<TimelineStep> Timeline { get; init; } = [];

    /// <summary>The step waiting for a decision, or null when none is.</summary>
    [JsonIgnore]
    public DecisionStep? CurrentStep => State == ShareRequestState.PendingDecision && StepIndex < Steps.Count ? Steps[StepIndex] : null;

    /// <summary>True while a decision is awaited.</summary>
    [JsonIgnore]
    public bool IsPending => State == ShareRequestState.PendingDecision;

    /// <summary>True while the availability deadline runs: started, and the data neither made available nor the request refused or withdrawn.</summary>
    [JsonIgnore]
    public bool AvailabilityRunning => AvailabilityDeadline is not null && Availability is null;

    /// <summary>True while the requester may accept the agreements.</summary>
    [JsonIgnore]
    public bool AwaitsAcceptance => State is ShareRequestState.Approved or ShareRequestState.PartlyApproved or ShareRequestState.Overturned;

    /// <summary>The items the next approval may cover: the requested ones, narrowed by every earlier approval.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> ApprovableItems => Decisions.LastOrDefault(d => d.Approved)?.Items ?? Terms.Items;
}
