using System.Globalization;
using GovData.Domain.Calendar;
using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Domain.RuleSets;

namespace GovData.Domain.Sharing;

/// <summary>What a DataSteward files: the entry, items, scope, purpose, method, period, users and an optional green-channel reason.</summary>
public sealed record FileShareInput(string? EntryId, IReadOnlyList<string>? Items, string? Scope, string? Purpose, SharingMethod? Method,
    int? PeriodMonths, IReadOnlyList<string>? Users = null, string? GreenChannelReason = null);

/// <summary>
/// The share request workflow (001 第十四条, 002 第二十一条 第二十三条, 003 第八条, 004 第十二条): file → each route step
/// decides (approve, possibly some items with conditions, or refuse with reasons) → the requester accepts the agreements →
/// grant; a refusal may be disputed and the CoordinationOffice upholds or overturns it. Every step is appended to the
/// timeline with the rule set version and article it applied. Pure: the caller stores the result and runs the timers.
/// </summary>
public static class ShareWorkflow
{
    /// <summary>The longest free text (reasons, purpose, scope, conditions).</summary>
    public const int MaxText = 1000;
    /// <summary>The most items one request names.</summary>
    public const int MaxItems = 200;
    /// <summary>The most users one grant names.</summary>
    public const int MaxUsers = 50;
    /// <summary>How many applied event ids a request remembers for deduplication.</summary>
    public const int RememberedEvents = 100;
    /// <summary>Where missed deadlines go.</summary>
    public const string CoordinationOffice = nameof(Role.CoordinationOffice);

    /// <summary>
    /// Whether <paramref name="caller"/> may know the request exists: the requesting and providing departments, the
    /// DataAuthority when its route includes it, and the CoordinationOffice once it is involved (green channel, escalation, dispute).
    /// </summary>
    public static bool CanSee(ShareRequest r, Caller caller)
    {
        if (!caller.ActsIn(r.Jurisdiction)) return false;
        if (caller.BelongsTo(r.Requester) || caller.BelongsTo(r.Provider)) return true;
        if (caller.Has(Role.DataAuthority) && r.Steps.Contains(DecisionStep.DataAuthority)) return true;
        return caller.Has(Role.CoordinationOffice)
            && (r.GreenChannel is not null || r.Escalation is not null || r.Dispute is not null || r.AvailabilityEscalation is not null);
    }

    /// <summary>Files a request for <paramref name="entry"/>; NotShared data is refused at once citing the entry's legal basis.</summary>
    public static ShareOutcome File(string id, Caller caller, CatalogEntry? entry, FileShareInput input, EffectiveRuleSet rules, WorkingDayCalendar calendar, DateTimeOffset at)
    {
        if (!caller.Has(Role.DataSteward)) return ShareRefusal.Forbidden("only a DataSteward files share requests for the department");
        if (entry is null || !entry.IsListed || !caller.ActsIn(entry.Jurisdiction))
            return ShareRefusal.Invalid("entryId", "names no published catalog entry of your jurisdiction");
        if (caller.BelongsTo(entry.Department)) return ShareRefusal.Invalid("entryId", "is your own department's entry; no request is needed");
        if (rules.DecisionsSuspended)
            return ShareRefusal.Violation($"the rule set has expired and decisions are suspended: {rules.AfterExpiry}", RuleKeys.AfterExpiry.Key);

        var content = entry.Published!.Content;
        var type = entry.EffectiveSharingTypeAt(at)!.Value;
        var category = rules.Sharing.For(type);
        if (category.Value.Access is SharingAccess.Direct or SharingAccess.DirectAfterFiling)
            return ShareRefusal.Violation(
                $"entry {content.Code} is {type} ({category.Value.LocalName}): it is reached directly{(category.Value.Access == SharingAccess.DirectAfterFiling ? " after a filing" : "")}, not by request ({rules.Cite(category)})",
                category.Key);

        // NotShared data (where the category gives no access) is refused first, whatever else is wrong with the request:
        // the refusal rests on the entry's legal basis, not on the form. A NotShared entry normally offers no sharing
        // method, so the method is not held against the offered ones here.
        var notShared = category.Value.Access == SharingAccess.None;
        var errors = new List<ValidationError>();
        var items = ValidateItems(input.Items, content.DataItems.Select(i => i.Name).ToHashSet(StringComparer.Ordinal), "items", errors, required: true);
        var scope = Text(input.Scope, "scope", required: true, errors);
        var purpose = Text(input.Purpose, "purpose", required: true, errors);
        if (input.Method is not { } method || !Enum.IsDefined(method))
            errors.Add(new("method", notShared ? "is required" : $"is required: one of the entry's methods ({string.Join(", ", content.SharingMethods)})"));
        else if (!notShared && !content.SharingMethods.Contains(method)) errors.Add(new("method", $"{method} is not offered for this entry; it offers {string.Join(", ", content.SharingMethods)}"));
        var max = rules.ShareDecision.MaxGrantPeriod;
        if (input.PeriodMonths is not { } period || period < 1) errors.Add(new("periodMonths", "is required: a whole number of months of at least 1"));
        else if (period > max.Value.Count) errors.Add(new("periodMonths", $"must be at most {max.Value.Count} months ({rules.Cite(max)})"));
        var users = ValidateUsers(input.Users, caller.UserId, errors);
        var green = input.GreenChannelReason is null ? null : Text(input.GreenChannelReason, "greenChannelReason", required: true, errors);
        var notSharedReason = $"{content.Code} is {category.Value.LocalName ?? type.ToString()} data and is not shared; legal basis: {content.LegalBasis ?? "(none recorded)"}";
        // Nothing coherent to record (and later dispute) when the rest is malformed too: refused, with the other problems listed.
        if (notShared && errors.Count > 0)
            return new ShareRefusal(ShareRefusalKind.RuleViolation, notSharedReason + $" ({rules.Cite(category)})", errors, category.Key);
        if (errors.Count > 0) return ShareRefusal.Invalid(errors);
        if (!notShared && green is not null && !rules.GreenChannel.Enabled.Value)
            return ShareRefusal.Violation($"the jurisdiction has no green channel ({rules.Cite(rules.GreenChannel.Enabled)})", RuleKeys.GreenChannelEnabled.Key);

        var terms = new ShareTerms(entry.Id, content.Code, content.Name, entry.Published.Number, items, scope!, purpose!, input.Method!.Value, input.PeriodMonths!.Value, users);
        var protectedItems = content.DataItems.Where(i => (i.IsPersonal || i.IsSensitive) && items.Contains(i.Name)).Select(i => i.Name).ToArray();
        var route = rules.ShareDecision.Route;
        var request = new ShareRequest
        {
            Id = id,
            Jurisdiction = entry.Jurisdiction,
            Requester = caller.Department,
            FiledBy = caller.UserId,
            Provider = entry.Department,
            Terms = terms,
            ProtectedItems = protectedItems,
            State = ShareRequestState.PendingDecision,
            Route = route.Value,
            Steps = ShareRules.StepsFor(route.Value),
            FiledAt = at,
            GreenChannel = green is null ? null : new GreenChannelRequest(green, at),
        };

        if (notShared)
        {
            var refused = request with { State = ShareRequestState.Refused, AnsweredAt = at, RefusalReasons = [notSharedReason], GreenChannel = null };
            return Step(refused, at, caller.UserId, caller.Department, "refuse.notShared", rules.Cite(category), notSharedReason);
        }

        var deadline = ShareRules.Run(rules, rules.ShareDecision.Deadline, ShareRules.DecisionTimerId(id, ShareRules.DeadlineKind.Normal), calendar, at);
        request = Step(request with { Deadline = deadline }, at, caller.UserId, caller.Department, "file", rules.Cite(route),
            $"{string.Join(", ", items)} by {terms.Method} for {terms.PeriodMonths} months; steps {string.Join(" then ", request.Steps)}");
        return StepWithDeadline(request, at, "system", null, "deadline.start", deadline);
    }

    /// <summary>The decider of the current step approves (all approvable items or some, with conditions) or refuses with reasons.</summary>
    public static ShareOutcome Decide(ShareRequest r, Caller caller, bool approve, IReadOnlyList<string>? items, string? conditions, IReadOnlyList<string>? reasons,
        EffectiveRuleSet rules, DateTimeOffset at)
    {
        if (!CanSee(r, caller)) return NotFound(r);
        if (r.CurrentStep is not { } step) return Conflict(r, "no decision is awaited");
        var allowed = step == DecisionStep.Provider
            ? caller.Has(Role.DataSteward) && caller.BelongsTo(r.Provider)
            : caller.Has(Role.DataAuthority);
        if (!allowed)
            return ShareRefusal.Forbidden(step == DecisionStep.Provider
                ? $"a DataSteward of the providing department {r.Provider} decides this step ({r.Route})"
                : $"the DataAuthority decides this step ({r.Route})");
        if (rules.DecisionsSuspended)
            return ShareRefusal.Violation($"the rule set has expired and decisions are suspended: {rules.AfterExpiry}", RuleKeys.AfterExpiry.Key);

        var route = rules.Cite(rules.ShareDecision.Route);
        if (!approve)
        {
            var list = Reasons(reasons, out var error);
            if (error is not null) return ShareRefusal.Invalid("reasons", error);
            var decision = new StepDecision(step, false, [], null, list, caller.UserId, caller.Department, at);
            var refused = r with
            {
                State = ShareRequestState.Refused,
                Decisions = [.. r.Decisions, decision],
                AnsweredAt = at,
                RefusalReasons = list,
                // A provider that cannot aggregate the data says why and refuses (无法满足需求的，应当说明理由, 002 第二十三条).
                Availability = EndAvailability(r, AvailabilityOutcome.Refused, at),
            };
            return Step(refused, at, caller.UserId, caller.Department, $"decide.{step}.refuse", route, string.Join("; ", list));
        }

        var errors = new List<ValidationError>();
        var approvable = r.ApprovableItems;
        var approved = items is null ? approvable : ValidateItems(items, approvable.ToHashSet(StringComparer.Ordinal), "items", errors, required: true);
        var cond = conditions is null ? null : Text(conditions, "conditions", required: false, errors);
        if (errors.Count > 0) return ShareRefusal.Invalid(errors);
        var stepDecision = new StepDecision(step, true, approved, cond, [], caller.UserId, caller.Department, at);
        var allConditions = string.Join("; ", r.Decisions.Append(stepDecision).Select(d => d.Conditions).Where(c => !string.IsNullOrEmpty(c)));
        var next = r with { Decisions = [.. r.Decisions, stepDecision] };
        var note = $"{string.Join(", ", approved)}{(cond is null ? "" : "; conditions: " + cond)}";
        if (r.StepIndex + 1 < r.Steps.Count)
            return Step(next with { StepIndex = r.StepIndex + 1 }, at, caller.UserId, caller.Department, $"decide.{step}.approve", route, note);
        var partly = approved.Count < r.Terms.Items.Count;
        next = next with
        {
            State = partly ? ShareRequestState.PartlyApproved : ShareRequestState.Approved,
            AnsweredAt = at,
            ApprovedItems = approved,
            Conditions = allConditions.Length == 0 ? null : allConditions,
        };
        return Step(next, at, caller.UserId, caller.Department, $"decide.{step}.approve", route, note);
    }

    /// <summary>The requester withdraws a request that is not yet a grant and not finally refused.</summary>
    public static ShareOutcome Withdraw(ShareRequest r, Caller caller, string? reason, DateTimeOffset at)
    {
        if (Requester(r, caller) is { } refused) return refused;
        if (!(r.IsPending || r.AwaitsAcceptance || r.State == ShareRequestState.Disputed)) return Conflict(r, "only a pending, approved or disputed request can be withdrawn");
        var errors = new List<ValidationError>();
        var text = reason is null ? null : Text(reason, "reason", required: false, errors);
        if (errors.Count > 0) return ShareRefusal.Invalid(errors);
        return Step(r with { State = ShareRequestState.Withdrawn, Availability = EndAvailability(r, AvailabilityOutcome.Withdrawn, at) },
            at, caller.UserId, caller.Department, "withdraw", null, text);
    }

    /// <summary>
    /// The requester accepts the data use agreement (and the confidentiality agreement when personal or sensitive items are
    /// approved; 001 第十四条, 004 第十二条): the approval becomes a grant that runs for the requested period.
    /// </summary>
    public static ShareOutcome Accept(ShareRequest r, Caller caller, bool dataUseAgreement, bool confidentialityAgreement, DateTimeOffset at)
    {
        if (Requester(r, caller) is { } refused) return refused;
        if (!r.AwaitsAcceptance) return Conflict(r, "there is no approval waiting for acceptance");
        var items = r.ApprovedItems ?? r.Terms.Items;
        var sensitive = items.Where(r.ProtectedItems.Contains).ToArray();
        var errors = new List<ValidationError>();
        if (!dataUseAgreement) errors.Add(new("dataUseAgreement", "must be true: the data use agreement (政务数据使用协议) must be accepted (004 第十二条)"));
        if (sensitive.Length > 0 && !confidentialityAgreement)
            errors.Add(new("confidentialityAgreement", $"must be true: the grant includes personal or sensitive items ({string.Join(", ", sensitive)}) and needs a security and confidentiality agreement (001 第十四条, 004 第十二条)"));
        if (errors.Count > 0) return ShareRefusal.Invalid(errors);
        var approvers = r.Decisions.Where(d => d.Approved).Select(d => d.By).ToList();
        if (r.Dispute is { Upheld: false, DecidedBy: { } co }) approvers.Add(co);
        var grant = new ShareGrant
        {
            Items = items,
            Method = r.Terms.Method,
            Purpose = r.Terms.Purpose,
            Scope = r.Terms.Scope,
            Users = r.Terms.Users,
            Conditions = r.Conditions,
            ApprovedBy = approvers.Distinct().ToArray(),
            GrantedAt = at,
            ExpiresAt = at.AddMonths(r.Terms.PeriodMonths),
            AcceptedBy = caller.UserId,
            ConfidentialityAgreement = confidentialityAgreement,
        };
        return Step(r with { State = ShareRequestState.Granted, Grant = grant }, at, caller.UserId, caller.Department, "accept", null,
            $"data use agreement{(confidentialityAgreement ? " and confidentiality agreement" : "")} accepted; grant until {grant.ExpiresAt:O}");
    }

    /// <summary>The requester disputes a refusal; the dispute route and deadline come from the rule set (001 第十四条, 003 第八条).</summary>
    public static ShareOutcome Dispute(ShareRequest r, Caller caller, string? reason, EffectiveRuleSet rules, WorkingDayCalendar calendar, DateTimeOffset at)
    {
        if (Requester(r, caller) is { } refused) return refused;
        if (r.State != ShareRequestState.Refused) return Conflict(r, "only a refused request can be disputed");
        var errors = new List<ValidationError>();
        var text = Text(reason, "reason", required: true, errors);
        if (errors.Count > 0) return ShareRefusal.Invalid(errors);
        var route = rules.Dispute.Route;
        var deadline = ShareRules.Run(rules, rules.Dispute.Deadline, ShareRules.DisputeTimerId(r.Id), calendar, at);
        var disputed = r with
        {
            State = ShareRequestState.Disputed,
            Dispute = new DisputeRecord(text!, caller.UserId, at, route.Value.ToString()),
            DisputeDeadline = deadline,
        };
        disputed = Step(disputed, at, caller.UserId, caller.Department, "dispute", rules.Cite(route), text);
        return StepWithDeadline(disputed, at, "system", null, "dispute.deadline.start", deadline);
    }

    /// <summary>The CoordinationOffice upholds the refusal or overturns it (then the requester may accept, as after an approval).</summary>
    public static ShareOutcome DecideDispute(ShareRequest r, Caller caller, bool uphold, IReadOnlyList<string>? reasons, IReadOnlyList<string>? items,
        string? conditions, EffectiveRuleSet rules, DateTimeOffset at)
    {
        if (!CanSee(r, caller)) return NotFound(r);
        if (!caller.Has(Role.CoordinationOffice)) return ShareRefusal.Forbidden("the CoordinationOffice concludes disputes (001 第十四条, 003 第八条)");
        if (r.State != ShareRequestState.Disputed || r.Dispute is null) return Conflict(r, "there is no dispute to conclude");
        var list = Reasons(reasons, out var error);
        var errors = new List<ValidationError>();
        if (error is not null) errors.Add(new("reasons", error));
        var approved = uphold || items is null ? r.Terms.Items : ValidateItems(items, r.Terms.Items.ToHashSet(StringComparer.Ordinal), "items", errors, required: true);
        var cond = conditions is null ? null : Text(conditions, "conditions", required: false, errors);
        if (errors.Count > 0) return ShareRefusal.Invalid(errors);
        var dispute = r.Dispute with { Upheld = uphold, Reasons = list, DecidedBy = caller.UserId, DecidedAt = at };
        var next = uphold
            ? r with { State = ShareRequestState.Upheld, Dispute = dispute }
            : r with { State = ShareRequestState.Overturned, Dispute = dispute, ApprovedItems = approved, Conditions = cond };
        return Step(next, at, caller.UserId, caller.Department, uphold ? "dispute.uphold" : "dispute.overturn", rules.Cite(rules.Dispute.Route),
            string.Join("; ", list) + (uphold ? "" : $"; approved {string.Join(", ", approved)}"));
    }

    /// <summary>
    /// The CoordinationOffice approves (or refuses) the green-channel flag; once approved the decision deadline becomes
    /// greenChannel.answerDeadline counted from the approval (002 第二十三条).
    /// </summary>
    public static ShareOutcome DecideGreenChannel(ShareRequest r, Caller caller, bool approve, string? note, EffectiveRuleSet rules, WorkingDayCalendar calendar, DateTimeOffset at)
    {
        if (!CanSee(r, caller)) return NotFound(r);
        if (!caller.Has(Role.CoordinationOffice)) return ShareRefusal.Forbidden("the CoordinationOffice approves the green channel (002 第二十三条)");
        if (!r.IsPending || r.GreenChannel is not { Approved: null } green) return Conflict(r, "there is no green-channel request waiting for a decision");
        var errors = new List<ValidationError>();
        var text = Text(note, "note", required: !approve, errors);
        if (errors.Count > 0) return ShareRefusal.Invalid(errors);
        var enabled = rules.GreenChannel.Enabled;
        if (approve && !enabled.Value) return ShareRefusal.Violation($"the jurisdiction has no green channel ({rules.Cite(enabled)})", RuleKeys.GreenChannelEnabled.Key);
        var decided = r with { GreenChannel = green with { Approved = approve, DecidedBy = caller.UserId, DecidedAt = at, Note = text } };
        decided = Step(decided, at, caller.UserId, caller.Department, approve ? "green-channel.approve" : "green-channel.refuse", rules.Cite(enabled), text);
        if (!approve) return decided;
        var deadline = ShareRules.Run(rules, rules.GreenChannel.AnswerDeadline, ShareRules.DecisionTimerId(r.Id, ShareRules.DeadlineKind.GreenChannel), calendar, at);
        decided = StepWithDeadline(decided with { Deadline = deadline }, at, "system", null, "deadline.green-channel", deadline);
        // The data is due within greenChannel.availabilityDeadline counted, as the answer is, from the approval (经绿色通道审核批准后,
        // 002 第二十三条). When the provider had already said the data is not aggregated, the earlier of the two due dates binds:
        // the reading that favours the applicant (the green channel is the faster route, never a slower one).
        var availability = ShareRules.Run(rules, rules.GreenChannel.AvailabilityDeadline, ShareRules.AvailabilityTimerId(r.Id, ShareRules.DeadlineKind.GreenChannel), calendar, at);
        if (decided.AvailabilityRunning && decided.AvailabilityDeadline!.DueAt <= availability.DueAt) return decided;
        return StepWithDeadline(decided with { AvailabilityDeadline = availability }, at, "system", null, AvailabilityStartAction, availability);
    }

    /// <summary>
    /// The provider (or the DataAuthority) states that the requested data is not yet aggregated on the platform: the answer
    /// is then due within nonAggregated.answerDeadline from receipt (002 第二十三条); a green-channel deadline is kept.
    /// </summary>
    public static ShareOutcome MarkNotYetAggregated(ShareRequest r, Caller caller, EffectiveRuleSet rules, WorkingDayCalendar calendar, DateTimeOffset at)
    {
        if (!CanSee(r, caller)) return NotFound(r);
        if (!(caller.Has(Role.DataSteward) && caller.BelongsTo(r.Provider)) && !caller.Has(Role.DataAuthority))
            return ShareRefusal.Forbidden("the providing department or the DataAuthority states that data is not yet aggregated");
        if (!r.IsPending || r.Deadline is not { RuleKey: var key } || key != RuleKeys.ShareDecisionDeadline.Key)
            return Conflict(r, "only a pending request under the normal decision deadline can be switched");
        var deadline = ShareRules.Run(rules, rules.NonAggregated.AnswerDeadline, ShareRules.DecisionTimerId(r.Id, ShareRules.DeadlineKind.NonAggregated), calendar, r.FiledAt);
        var marked = StepWithDeadline(r with { Deadline = deadline }, at, caller.UserId, caller.Department, "deadline.not-aggregated", deadline);
        // The data is due within nonAggregated.availabilityDeadline. 002 第二十三条 runs both periods from the same event, the
        // requester's demand (数据使用单位提出…共享需求的 … 3个工作日内进行反馈 … 20个工作日内实现汇聚) and says no other start for the
        // 20 days; counting from receipt, as the 3 days are, rather than from the provider's mark is the reading that favours the
        // applicant (the provider cannot push the due date back by marking late). A running (green-channel) one is kept.
        if (marked.AvailabilityRunning) return marked;
        var availability = ShareRules.Run(rules, rules.NonAggregated.AvailabilityDeadline, ShareRules.AvailabilityTimerId(r.Id, ShareRules.DeadlineKind.NonAggregated), calendar, r.FiledAt);
        return StepWithDeadline(marked with { AvailabilityDeadline = availability }, at, "system", null, AvailabilityStartAction, availability);
    }

    /// <summary>The timeline action that starts an availability deadline.</summary>
    public const string AvailabilityStartAction = "availability.deadline.start";
    /// <summary>The timeline action of data made available (the availability deadline met).</summary>
    public const string AvailabilityMetAction = "availability.met";
    /// <summary>The timeline action of a missed availability deadline, escalated to the CoordinationOffice.</summary>
    public const string AvailabilityEscalateAction = "availability.escalate";

    /// <summary>
    /// The requested data was made available (汇聚…并达到共享条件, 002 第二十三条): <paramref name="version"/> of the requested
    /// entry is available on the platform since <paramref name="at"/>. Ends a running availability deadline, on time when
    /// before its due instant; null when none runs (nothing to record: already met, refused, withdrawn, or never started).
    /// </summary>
    public static ShareRequest? MadeAvailable(ShareRequest r, int version, DateTimeOffset at)
    {
        if (!r.AvailabilityRunning) return null;
        var d = r.AvailabilityDeadline!;
        var onTime = at < d.DueAt;
        var note = $"version {version} of {r.Terms.EntryCode} is available on the platform; {(onTime ? "in time" : "late")} (due {d.DueDate:yyyy-MM-dd}{(d.Provisional ? ", provisional" : "")})";
        return r with
        {
            Availability = new AvailabilityEnd(at, AvailabilityOutcome.Available, version, onTime, d.TimerId),
            Timeline = [.. r.Timeline, new TimelineStep(at, "system", null, AvailabilityMetAction, r.State, StampOf(d.Rule), d.Rule, d.Article, note)],
        };
    }

    // Ends a running availability deadline (nothing is to be made available any more); an ended one stays as it ended.
    private static AvailabilityEnd? EndAvailability(ShareRequest r, AvailabilityOutcome outcome, DateTimeOffset at) =>
        r.AvailabilityRunning ? new AvailabilityEnd(at, outcome, null, at < r.AvailabilityDeadline!.DueAt, r.AvailabilityDeadline.TimerId) : r.Availability;

    /// <summary>A decision, dispute or availability deadline's reminder: recorded once in the timeline; null when there is nothing to record.</summary>
    public static ShareRequest? Remind(ShareRequest r, string timerId, DateTimeOffset at)
    {
        var running = Running(r).FirstOrDefault(d => d.TimerId == timerId);
        if (running is null) return null;
        if (r.Timeline.Any(s => s.Action == "deadline.reminder" && s.Note == timerId)) return null;
        return r with { Timeline = [.. r.Timeline, new TimelineStep(at, "system", null, "deadline.reminder", r.State, null, running.Rule, running.Article, timerId)] };
    }

    private const string EscalatedToOffice = "；已提请协调机构处理";

    /// <summary>
    /// A missed decision or dispute deadline: the request is escalated to the CoordinationOffice and the step is recorded;
    /// null when the deadline was met, replaced, or already escalated.
    /// </summary>
    public static ShareRequest? Escalate(ShareRequest r, string timerId, DateTimeOffset at)
    {
        // The reasons are read by people (the office's work queue, the request's timeline): in Chinese.
        // A deadline the CoordinationOffice set after an escalation is escalated again when it is missed too (its own timer id).
        if (r.IsPending && r.Deadline?.TimerId == timerId && r.Escalation?.TimerId != timerId)
        {
            var d = r.Deadline;
            var reason = string.Create(CultureInfo.InvariantCulture,
                $"{(r.CurrentStep is { } step ? Labels.ZhLabels.Label(step) : "审核")}未在 {d.WorkingDays} 个工作日内作出决定（{ChinaTime.ChineseDate(d.DueDate)}到期）");
            return r with
            {
                Escalation = new Escalation(at, CoordinationOffice, timerId, d.Rule, reason),
                Timeline = [.. r.Timeline, new TimelineStep(at, "system", null, "escalate", r.State, StampOf(d.Rule), d.Rule, d.Article, reason + EscalatedToOffice)],
            };
        }
        if (r.AvailabilityRunning && r.AvailabilityDeadline!.TimerId == timerId && r.AvailabilityEscalation?.TimerId != timerId)
        {
            var d = r.AvailabilityDeadline;
            var reason = string.Create(CultureInfo.InvariantCulture, $"未在 {d.WorkingDays} 个工作日内在平台上提供数据（{ChinaTime.ChineseDate(d.DueDate)}到期）");
            return r with
            {
                AvailabilityEscalation = new Escalation(at, CoordinationOffice, timerId, d.Rule, reason),
                Timeline = [.. r.Timeline, new TimelineStep(at, "system", null, AvailabilityEscalateAction, r.State, StampOf(d.Rule), d.Rule, d.Article,
                    reason + EscalatedToOffice)],
            };
        }
        if (r.State == ShareRequestState.Disputed && r.DisputeDeadline?.TimerId == timerId && r.DisputeEscalation is null)
        {
            var d = r.DisputeDeadline;
            var reason = string.Create(CultureInfo.InvariantCulture, $"异议未在 {d.WorkingDays} 个工作日内办结（{ChinaTime.ChineseDate(d.DueDate)}到期）");
            return r with
            {
                DisputeEscalation = new Escalation(at, "LeadingGroup", timerId, d.Rule, reason),
                Timeline = [.. r.Timeline, new TimelineStep(at, "system", null, "dispute.escalate", r.State, StampOf(d.Rule), d.Rule, d.Article, reason + "；已报领导小组决定")],
            };
        }
        return null;
    }

    /// <summary>The deadlines running on the request now: the decision's while pending, the dispute's while disputed, the availability one while it runs.</summary>
    public static IEnumerable<RunningDeadline> Running(ShareRequest r)
    {
        if (r.IsPending && r.Deadline is { } decision) yield return decision;
        if (r.State == ShareRequestState.Disputed && r.DisputeDeadline is { } dispute) yield return dispute;
        if (r.AvailabilityRunning) yield return r.AvailabilityDeadline!;
    }

    /// <summary>
    /// The request with deadline <paramref name="timerId"/> recomputed to <paramref name="dueDate"/> (a provisional one, once its
    /// year's calendar was loaded); null when no such deadline is on it or nothing changed.
    /// </summary>
    public static ShareRequest? Recomputed(ShareRequest r, string timerId, DateOnly dueDate, DateTimeOffset dueAt, bool provisional)
    {
        RunningDeadline? Change(RunningDeadline? d) => d is not null && d.TimerId == timerId && (d.DueAt != dueAt || d.Provisional != provisional)
            ? d with { DueDate = dueDate, DueAt = dueAt, Provisional = provisional } : null;
        if (Change(r.Deadline) is { } decision) return r with { Deadline = decision };
        if (Change(r.DisputeDeadline) is { } dispute) return r with { DisputeDeadline = dispute };
        if (Change(r.AvailabilityDeadline) is { } availability) return r with { AvailabilityDeadline = availability };
        return null;
    }

    /// <summary>Most working days the CoordinationOffice may give in an order to answer.</summary>
    public const int MaxOrderWorkingDays = 20;
    /// <summary>Rule key of a deadline the CoordinationOffice set.</summary>
    public const string OrderRuleKey = "coordination.order";
    /// <summary>The article behind an order to answer within a time limit (责令限期改正; the coordination mechanism of 002 第二十三条).</summary>
    public const string OrderArticle = "001 第二十四条";

    /// <summary>
    /// The CoordinationOffice orders the department that missed the decision deadline to answer within
    /// <paramref name="workingDays"/> working days (责令限期改正, 001 第二十四条; coordination mechanism, 002 第二十三条): a new
    /// decision deadline replaces the missed one, the escalation and its finding stay, and missing the order escalates again.
    /// </summary>
    public static ShareOutcome OrderAnswer(ShareRequest r, Caller caller, int? workingDays, string? reason, WorkingDayCalendar calendar, DateTimeOffset at)
    {
        if (!CanSee(r, caller)) return NotFound(r);
        if (!caller.Has(Role.CoordinationOffice)) return ShareRefusal.Forbidden("the CoordinationOffice orders an answer to an escalated request (001 第二十四条)");
        if (!r.IsPending || r.Escalation is not { } escalation || escalation.TimerId != r.Deadline?.TimerId)
            return Conflict(r, "only a pending request whose decision deadline was missed and escalated can be ordered to answer");
        var errors = new List<ValidationError>();
        if (workingDays is not { } days || days < 1 || days > MaxOrderWorkingDays)
            errors.Add(new("workingDays", $"is required: a whole number of working days from 1 to {MaxOrderWorkingDays}"));
        var text = Text(reason, "reason", required: true, errors);
        if (errors.Count > 0) return ShareRefusal.Invalid(errors);

        var n = r.Timeline.Count(s => s.Action == "coordination.order") + 1;
        // The order counts like the deadline it replaces, under the same date-of-receipt rule.
        var due = calendar.AddWorkingDays(at, workingDays!.Value, r.Deadline!.Receipt);
        var rule = $"{StampOf(r.Deadline!.Rule)} {OrderRuleKey} = {workingDays} working days (CoordinationOffice order {n}; {OrderArticle})";
        var deadline = new RunningDeadline($"{ShareRules.DecisionTimerId(r.Id, ShareRules.DeadlineKind.Normal)}:ordered:{n}", OrderRuleKey, rule, OrderArticle,
            workingDays.Value, at, due.DueDate, due.DueAt, due.IsProvisional, due.EffectiveReceiptDate, r.Deadline.ReceiptRule, due.Receipt);
        var ordered = r with
        {
            Deadline = deadline,
            Timeline = [.. r.Timeline, new TimelineStep(at, caller.UserId, caller.Department, "coordination.order", r.State, StampOf(rule), rule, OrderArticle,
                $"{r.CurrentStep} must answer within {workingDays} working days (due {due.DueDate:yyyy-MM-dd}{(due.IsProvisional ? ", provisional" : "")}): {text}")],
        };
        return ordered;
    }

    /// <summary>The providing department revokes an active grant with reasons.</summary>
    public static ShareOutcome Revoke(ShareRequest r, Caller caller, IReadOnlyList<string>? reasons, DateTimeOffset at)
    {
        if (!CanSee(r, caller) || r.Grant is null) return NotFound(r);
        if (!caller.Has(Role.DataSteward) || !caller.BelongsTo(r.Provider)) return ShareRefusal.Forbidden("only a DataSteward of the providing department revokes a grant");
        if (r.Grant.StateAt(at) != GrantState.Active) return Conflict(r, $"the grant is {r.Grant.StateAt(at)}");
        var list = Reasons(reasons, out var error);
        if (error is not null) return ShareRefusal.Invalid("reasons", error);
        var grant = r.Grant with { RevokedAt = at, RevokedBy = caller.UserId, RevokeReasons = list };
        return Step(r with { Grant = grant }, at, caller.UserId, caller.Department, "grant.revoke", null, string.Join("; ", list));
    }

    /// <summary>
    /// True when the caller's department already did what <paramref name="eventName"/> asks (a resent event): the answer is
    /// then the current state and nothing changes.
    /// </summary>
    public static bool IsRepeat(ShareRequest r, Caller caller, string eventName)
    {
        Func<string, bool> match = eventName switch
        {
            "approve" => a => a.StartsWith("decide.", StringComparison.Ordinal) && a.EndsWith(".approve", StringComparison.Ordinal),
            "refuse" => a => a.StartsWith("decide.", StringComparison.Ordinal) && a.EndsWith(".refuse", StringComparison.Ordinal),
            "dispute-decision" => a => a is "dispute.uphold" or "dispute.overturn",
            "green-channel" => a => a.StartsWith("green-channel.", StringComparison.Ordinal),
            "revoke" => a => a == "grant.revoke",
            "order" => a => a == "coordination.order",
            _ => a => a == eventName,
        };
        return r.Timeline.Any(s => s.Department is not null && caller.BelongsTo(s.Department) && match(s.Action));
    }

    /// <summary>Records that the event with <paramref name="eventId"/> was applied.</summary>
    public static ShareRequest Remember(ShareRequest r, string? eventId) =>
        eventId is null ? r : r with { AppliedEvents = [.. r.AppliedEvents.Skip(Math.Max(0, r.AppliedEvents.Count - RememberedEvents + 1)), eventId] };

    private static ShareRefusal? Requester(ShareRequest r, Caller caller)
    {
        if (!CanSee(r, caller)) return NotFound(r);
        if (!caller.Has(Role.DataSteward) || !caller.BelongsTo(r.Requester)) return ShareRefusal.Forbidden("only a DataSteward of the requesting department does this");
        return null;
    }

    private static ShareRequest Step(ShareRequest r, DateTimeOffset at, string actor, string? department, string action, AppliedRule? rule, string? note) =>
        r with
        {
            Timeline = [.. r.Timeline, new TimelineStep(at, actor, department, action, r.State, rule?.Stamp.ToString(), rule?.ToString(), rule?.Citation?.ToString(), note)],
        };

    private static ShareRequest StepWithDeadline(ShareRequest r, DateTimeOffset at, string actor, string? department, string action, RunningDeadline d) =>
        r with
        {
            Timeline = [.. r.Timeline, new TimelineStep(at, actor, department, action, r.State, StampOf(d.Rule), d.Rule, d.Article,
                // Read by the people on the request (its timeline): in Chinese, China time, the rules as they are cited.
                $"自 {ChinaTime.ChineseDateTime(d.StartedAt)} 起 {d.WorkingDays} 个工作日" +
                (d.ReceivedOn is { } on ? $"（收到当日 {ChinaTime.ChineseDate(on)} 不计入；{d.ReceiptRule}）" : "") +
                $"：{ChinaTime.ChineseDate(d.DueDate)} 到期{(d.Provisional ? "（暂定）" : "")}")],
        };

    private static string? StampOf(string rule) => rule.Split(' ', 2)[0];

    private static ShareRefusal NotFound(ShareRequest r) => ShareRefusal.NotFound($"share request {r.Id}");

    private static ShareRefusal Conflict(ShareRequest r, string reason) => ShareRefusal.Conflict($"request {r.Id} is {r.State}: {reason}");

    private static IReadOnlyList<string> ValidateItems(IReadOnlyList<string>? items, IReadOnlySet<string> allowed, string field, List<ValidationError> errors, bool required)
    {
        if (items is null || items.Count == 0)
        {
            if (required) errors.Add(new(field, "must name at least one data item"));
            return [];
        }
        if (items.Count > MaxItems) { errors.Add(new(field, $"at most {MaxItems} items")); return []; }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var name = items[i];
            if (string.IsNullOrWhiteSpace(name)) errors.Add(new($"{field}[{i}]", "is empty"));
            else if (!allowed.Contains(name)) errors.Add(new($"{field}[{i}]", $"'{Clip(name)}' is not one of the items that may be named here ({string.Join(", ", allowed.Take(50))})"));
            else if (!seen.Add(name)) errors.Add(new($"{field}[{i}]", $"'{name}' is named twice"));
        }
        return items.ToArray();
    }

    private static IReadOnlyList<string> ValidateUsers(IReadOnlyList<string>? users, string filer, List<ValidationError> errors)
    {
        if (users is null || users.Count == 0) return [filer];
        if (users.Count > MaxUsers) { errors.Add(new("users", $"at most {MaxUsers} users")); return []; }
        for (var i = 0; i < users.Count; i++)
            if (string.IsNullOrWhiteSpace(users[i]) || users[i].Length > 128) errors.Add(new($"users[{i}]", "must be a user id of 1 to 128 characters"));
        return users.Distinct(StringComparer.Ordinal).ToArray();
    }

    private static string? Text(string? value, string field, bool required, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(new(field, "is required and must not be empty"));
            return null;
        }
        if (value.Length > MaxText) { errors.Add(new(field, $"must be at most {MaxText} characters")); return null; }
        return value.Trim();
    }

    private static IReadOnlyList<string> Reasons(IReadOnlyList<string>? reasons, out string? error)
    {
        var list = (reasons ?? []).Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x.Trim()).ToArray();
        error = list.Length == 0 ? "are required: state why (002 第二十一条, 003 第八条)"
            : list.Length > 20 || list.Any(x => x.Length > MaxText) ? $"at most 20 reasons of at most {MaxText} characters" : null;
        return list;
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
