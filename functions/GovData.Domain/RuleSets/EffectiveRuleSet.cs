using GovData.Domain.Calendar;
using GovData.Domain.Catalog;

namespace GovData.Domain.RuleSets;

/// <summary>Whether the rules that governed a date were in force on it.</summary>
public enum RuleSetStatus
{
    /// <summary>Every rule set in the chain was in force.</summary>
    InForce,
    /// <summary>The jurisdiction's or an ancestor's validity period had ended; see <see cref="EffectiveRuleSet.AfterExpiry"/>.</summary>
    Expired,
    /// <summary>The date is before the jurisdiction's regulation took effect; its first version is used, flagged.</summary>
    NotYetInForce,
}

/// <summary>
/// The rules that govern one jurisdiction on one date: every rule resolved (no silences left), each with
/// the article, parent, platform default or amendment it comes from, plus the exact versions used
/// (<see cref="Stamp"/>) and whether they were in force. A decision records <see cref="Cite{T}(Rule{T})"/>.
/// </summary>
public sealed class EffectiveRuleSet
{
    private readonly IReadOnlyDictionary<string, IRule> byKey;

    internal EffectiveRuleSet(IReadOnlyList<RuleSet> chain, DateOnly on, IReadOnlyDictionary<string, IRule> rules)
    {
        Chain = chain;
        On = on;
        byKey = rules;
        Rules = RuleKeys.All.Select(d => rules[d.Key]).ToArray();
        Stamp = new RuleSetStamp(chain.Select(r => r.Ref).ToArray());
        ExpiredRuleSets = chain.Where(r => r.Validity.IsExpiredOn(on)).ToArray();
        Status = chain[0].Validity.IsNotYetInForceOn(on) ? RuleSetStatus.NotYetInForce
            : ExpiredRuleSets.Count > 0 ? RuleSetStatus.Expired
            : RuleSetStatus.InForce;

        Deadlines = new DeadlineRules(Get(RuleKeys.DeadlineDateOfReceipt));
        Catalog = new CatalogRules(Get(RuleKeys.CatalogReviewRoute), Get(RuleKeys.CatalogUpdateDeadline),
            Get(RuleKeys.CatalogLegalChangeUpdateDeadline), Get(RuleKeys.CatalogAnnualFullReview));
        Sharing = new SharingRules(Get(RuleKeys.SharingUnconditional), Get(RuleKeys.SharingConditional), Get(RuleKeys.SharingNotShared));
        ShareDecision = new ShareDecisionRules(Get(RuleKeys.ShareDecisionRoute), Get(RuleKeys.ShareDecisionDeadline), Get(RuleKeys.ShareMaxGrantPeriod));
        Dispute = new DisputeRules(Get(RuleKeys.DisputeRoute), Get(RuleKeys.DisputeDeadline));
        DataChange = new DataChangeRules(Get(RuleKeys.DataChangeUpdateDeadline), Get(RuleKeys.DataChangeNotifyConsumers), Get(RuleKeys.ServiceChangeNotice));
        NonAggregated = new NonAggregatedRules(Get(RuleKeys.NonAggregatedAnswerDeadline), Get(RuleKeys.NonAggregatedAvailabilityDeadline));
        GreenChannel = new GreenChannelRules(Get(RuleKeys.GreenChannelEnabled), Get(RuleKeys.GreenChannelAnswerDeadline), Get(RuleKeys.GreenChannelAvailabilityDeadline));
        ErrorFeedback = new ErrorFeedbackRules(Get(RuleKeys.ErrorFeedbackRoute), Get(RuleKeys.ErrorFeedbackAnswerDeadline));
        Access = new AccessRules(Get(RuleKeys.BulkExportAllowed), Get(RuleKeys.FreeQueryAllowed));
        Opening = new OpeningRules(Get(RuleKeys.OpenNotOpen), Get(RuleKeys.OpenUnconditional), Get(RuleKeys.OpenOnApplication));
        OpenApplication = new OpenApplicationRules(Get(RuleKeys.OpenApplicationDecidedBy), Get(RuleKeys.OpenApplicationDeadline),
            Get(RuleKeys.OpenApplicationEligibleApplicants), Get(RuleKeys.OpenApplicationAcademicNonProfitOnly));
        OpenDemand = new OpenDemandRules(Get(RuleKeys.OpenDemandAnswerDeadline));
        Audit = new AuditRules(Get(RuleKeys.AuditRetention));
        AfterExpiryPolicy = Get(RuleKeys.AfterExpiry);
        AfterExpiry = ExpiredRuleSets.Count == 0 ? null : DescribeExpiry();
    }

    /// <summary>The jurisdiction's division code.</summary>
    public string Jurisdiction => Chain[0].Jurisdiction;
    /// <summary>The jurisdiction's name.</summary>
    public string Name => Chain[0].Name;
    /// <summary>The jurisdiction's own rule set version that was used.</summary>
    public int Version => Chain[0].Version;
    /// <summary>The date the rules were resolved for.</summary>
    public DateOnly On { get; }
    /// <summary>The rule set versions used, the jurisdiction's own first, then each ancestor.</summary>
    public IReadOnlyList<RuleSet> Chain { get; }
    /// <summary>The exact versions used, e.g. <c>350800@v1+350000@v1</c>; a decision stores its text.</summary>
    public RuleSetStamp Stamp { get; }
    /// <summary>Whether the rules were in force on <see cref="On"/>.</summary>
    public RuleSetStatus Status { get; }
    /// <summary>True when the jurisdiction's or an ancestor's rule set had lapsed on <see cref="On"/>.</summary>
    public bool Expired => ExpiredRuleSets.Count > 0;
    /// <summary>The rule sets in the chain whose validity period had ended on <see cref="On"/>.</summary>
    public IReadOnlyList<RuleSet> ExpiredRuleSets { get; }
    /// <summary>What applies because a rule set expired, in words; null while everything is in force. Never silent.</summary>
    public string? AfterExpiry { get; }
    /// <summary>The policy that applies after expiry, with its origin.</summary>
    public Rule<ExpiryPolicy> AfterExpiryPolicy { get; }
    /// <summary>True when expired and the policy says decisions must stop until a successor is loaded.</summary>
    public bool DecisionsSuspended => Expired && AfterExpiryPolicy.Value == ExpiryPolicy.SuspendDecisions;

    /// <summary>Every rule, in <see cref="RuleKeys.All"/> order.</summary>
    public IReadOnlyList<IRule> Rules { get; }

    /// <summary>How working-day deadlines are counted.</summary>
    public DeadlineRules Deadlines { get; }
    /// <summary>Catalog review and update rules.</summary>
    public CatalogRules Catalog { get; }
    /// <summary>Local sharing types and how each is reached.</summary>
    public SharingRules Sharing { get; }
    /// <summary>Who decides a share request and how fast.</summary>
    public ShareDecisionRules ShareDecision { get; }
    /// <summary>Who settles disputes and how fast.</summary>
    public DisputeRules Dispute { get; }
    /// <summary>Updating shared data and announcing service changes.</summary>
    public DataChangeRules DataChange { get; }
    /// <summary>Requests for data not yet aggregated (dynamic scheduling).</summary>
    public NonAggregatedRules NonAggregated { get; }
    /// <summary>The green channel for urgent requests.</summary>
    public GreenChannelRules GreenChannel { get; }
    /// <summary>Reporting errors in shared data.</summary>
    public ErrorFeedbackRules ErrorFeedback { get; }
    /// <summary>Bulk export and free query.</summary>
    public AccessRules Access { get; }
    /// <summary>Local open types.</summary>
    public OpeningRules Opening { get; }
    /// <summary>Applications for on-application open data.</summary>
    public OpenApplicationRules OpenApplication { get; }
    /// <summary>Public demands that data be opened.</summary>
    public OpenDemandRules OpenDemand { get; }
    /// <summary>Audit log retention.</summary>
    public AuditRules Audit { get; }

    /// <summary>The effective rule for <paramref name="rule"/>.</summary>
    public Rule<T> Get<T>(RuleDefinition<T> rule) where T : notnull => (Rule<T>)byKey[rule.Key];

    /// <summary>The effective rule with this key, or null when there is no such rule.</summary>
    public IRule? Find(string key) => byKey.GetValueOrDefault(key);

    /// <summary>What a decision records when it applies <paramref name="rule"/>: the stamp, the rule, its value and its source.</summary>
    public AppliedRule Cite<T>(Rule<T> rule) where T : notnull => Cite((IRule)rule);

    /// <summary>What a decision records when it applies the rule defined by <paramref name="rule"/>.</summary>
    public AppliedRule Cite(RuleDefinition rule) => Cite(byKey[rule.Key]);

    /// <summary>What a decision records when it applies <paramref name="rule"/>.</summary>
    public AppliedRule Cite(IRule rule)
    {
        var definition = RuleKeys.Find(rule.Key) ?? throw new ArgumentException($"unknown rule {rule.Key}", nameof(rule));
        return new AppliedRule(Stamp, rule.Key, definition.Format(rule.BoxedValue), rule.Origin.Describe(), rule.Origin.Citation, rule.Origin.Kind, Status);
    }

    /// <summary>
    /// The deadline of <paramref name="rule"/> from <paramref name="receivedAt"/> on <paramref name="calendar"/>, with the
    /// jurisdiction's date-of-receipt rule (<see cref="DeadlineRules.DateOfReceipt"/>): every statutory deadline goes through here.
    /// </summary>
    public Deadline DeadlineOf(Rule<WorkingDays> rule, WorkingDayCalendar calendar, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.AddWorkingDays(receivedAt, rule.Value.Days, Deadlines.DateOfReceipt.Value);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Stamp} on {On:yyyy-MM-dd} ({Status})";

    private string DescribeExpiry()
    {
        var lapsed = string.Join("; ", ExpiredRuleSets.Select(r =>
            $"{r.Ref} ({r.Regulation.Title}) expired on {r.Validity.Until:yyyy-MM-dd}" + (r.Validity.Source is { } s ? $" ({s})" : "")));
        var policy = AfterExpiryPolicy.Value switch
        {
            ExpiryPolicy.SuspendDecisions =>
                "decisions that rely on these rules are suspended until the DataAuthority loads a successor",
            _ =>
                "its rules continue to apply pending a successor; every decision records that it was governed by an expired rule set; the DataAuthority must load a successor",
        };
        return $"{lapsed}. Policy {AfterExpiryPolicy.Value} ({AfterExpiryPolicy.Origin.Describe()}): {policy}.";
    }
}

/// <summary>
/// What a decision records about one rule it applied: the rule set versions, the rule, the value, the
/// source in words and the citation, and whether the rules were in force.
/// </summary>
/// <param name="Stamp">The rule set versions used, e.g. <c>370500@v1</c>.</param>
/// <param name="Rule">The rule's key, e.g. <c>shareDecision.deadline</c>.</param>
/// <param name="Value">The value as people read it, e.g. "10 working days".</param>
/// <param name="Source">Where the value comes from, e.g. "002 第二十一条".</param>
/// <param name="Citation">The article, when the value rests on one.</param>
/// <param name="OriginKind">Whether the value is from the regulation, inherited, a platform default or an amendment.</param>
/// <param name="Status">Whether the rule set was in force; Expired must be shown with the decision.</param>
public sealed record AppliedRule(RuleSetStamp Stamp, string Rule, string Value, string Source, Citation? Citation, RuleOriginKind OriginKind, RuleSetStatus Status)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Stamp} {Rule} = {Value} ({Source})" + (Status == RuleSetStatus.InForce ? "" : $" [{Status}]");
}

/// <summary>How working-day deadlines are counted.</summary>
public sealed record DeadlineRules(Rule<DateOfReceipt> DateOfReceipt);

/// <summary>Catalog review and update rules.</summary>
public sealed record CatalogRules(Rule<CatalogReviewRoute> ReviewRoute, Rule<WorkingDays> UpdateDeadline, Rule<WorkingDays> LegalChangeUpdateDeadline, Rule<bool> AnnualFullReview);

/// <summary>Each sharing type's local name, meaning and access.</summary>
public sealed record SharingRules(Rule<SharingCategory> Unconditional, Rule<SharingCategory> Conditional, Rule<SharingCategory> NotShared)
{
    /// <summary>The category for <paramref name="type"/>.</summary>
    public Rule<SharingCategory> For(SharingType type) => type switch
    {
        SharingType.Unconditional => Unconditional,
        SharingType.Conditional => Conditional,
        SharingType.NotShared => NotShared,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Whether reaching Unconditional data needs a filing first (003 第八条), with the same origin as the category.</summary>
    public Rule<bool> UnconditionalNeedsFiling =>
        new(Unconditional.Key, Unconditional.Value.Access == SharingAccess.DirectAfterFiling, Unconditional.Origin);
}

/// <summary>Who decides a share request, how fast, and how long a grant may run.</summary>
public sealed record ShareDecisionRules(Rule<DecisionRoute> Route, Rule<WorkingDays> Deadline, Rule<Months> MaxGrantPeriod);

/// <summary>Who settles a dispute and how fast.</summary>
public sealed record DisputeRules(Rule<DisputeRoute> Route, Rule<WorkingDays> Deadline);

/// <summary>Updating shared data after a change, notifying consumers, and announcing service changes.</summary>
public sealed record DataChangeRules(Rule<WorkingDays> UpdateDeadline, Rule<bool> NotifyConsumers, Rule<WorkingDays> ServiceChangeNotice);

/// <summary>Requests for data not yet aggregated on the platform.</summary>
public sealed record NonAggregatedRules(Rule<WorkingDays> AnswerDeadline, Rule<WorkingDays> AvailabilityDeadline);

/// <summary>The green channel for urgent, approved requests.</summary>
public sealed record GreenChannelRules(Rule<bool> Enabled, Rule<WorkingDays> AnswerDeadline, Rule<WorkingDays> AvailabilityDeadline);

/// <summary>Where errors in shared data are reported and how fast they are answered.</summary>
public sealed record ErrorFeedbackRules(Rule<ErrorFeedbackRoute> Route, Rule<WorkingDays> AnswerDeadline);

/// <summary>Whether bulk export and free-form queries are allowed.</summary>
public sealed record AccessRules(Rule<bool> BulkExportAllowed, Rule<bool> FreeQueryAllowed);

/// <summary>Each open type's local name, meaning and whether it is offered.</summary>
public sealed record OpeningRules(Rule<OpenCategory> NotOpen, Rule<OpenCategory> Unconditional, Rule<OpenCategory> OnApplication)
{
    /// <summary>The category for <paramref name="type"/>.</summary>
    public Rule<OpenCategory> For(OpenType type) => type switch
    {
        OpenType.NotOpen => NotOpen,
        OpenType.Unconditional => Unconditional,
        OpenType.OnApplication => OnApplication,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}

/// <summary>Who decides open-data applications, how fast, who may apply and with what restriction.</summary>
public sealed record OpenApplicationRules(Rule<DecisionRoute> DecidedBy, Rule<WorkingDays> Deadline, Rule<ApplicantTypeSet> EligibleApplicants, Rule<bool> AcademicNonProfitOnly)
{
    /// <summary>Whether an applicant of <paramref name="type"/> may apply.</summary>
    public bool MayApply(ApplicantType type) => EligibleApplicants.Value.Contains(type);

    /// <summary>Whether data granted to <paramref name="type"/> may be used only for non-profit research and education.</summary>
    public bool NonProfitOnly(ApplicantType type) =>
        AcademicNonProfitOnly.Value && type is ApplicantType.University or ApplicantType.ResearchInstitute;
}

/// <summary>Answering public demands that data be opened.</summary>
public sealed record OpenDemandRules(Rule<WorkingDays> AnswerDeadline);

/// <summary>Audit log retention.</summary>
public sealed record AuditRules(Rule<Months> Retention);
