using GovData.Domain.Calendar;
using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Domain.RuleSets;
using GovData.Domain.Sharing;

namespace GovData.Domain.Tests.Sharing;

/// <summary>The share request state machine: routes and deadlines from the rule set, decisions, agreements, disputes, timeline.</summary>
public sealed class ShareWorkflowTests
{
    private const string Jur = "350800";
    private const string Police = "11350800MB0001003K";
    private const string Market = "11350800MB0001004N";
    private const string Hr = "11350800MB0001005R";
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly RuleSetRegistry Registry = RuleSetRegistry.BuiltIn();
    private static readonly WorkingDayCalendar Calendar = BuiltInCalendar.Create();
    private static readonly EffectiveRuleSet Longyan = Registry.Resolve(Jur, DateOnly.FromDateTime(T0.Date));

    private static Caller Steward(string dept, string jur = Jur) => new("steward-" + dept[^4..], dept, jur, new HashSet<Role> { Role.DataSteward });
    private static Caller Authority(string jur = Jur) => new("authority", "11350800MB0001001D", jur, new HashSet<Role> { Role.DataAuthority });
    private static Caller Coordination(string jur = Jur) => new("coord", "11350800MB0001002G", jur, new HashSet<Role> { Role.CoordinationOffice });

    private static CatalogEntry Entry(SharingType type = SharingType.Conditional, string jur = Jur, string owner = Police) => new()
    {
        Id = "e1",
        Jurisdiction = jur,
        Department = owner,
        CreatedAt = T0.AddDays(-30),
        Published = new CatalogVersion
        {
            Number = 1,
            State = CatalogEntryState.Published,
            CreatedBy = "s",
            CreatedAt = T0.AddDays(-30),
            PublishedAt = T0.AddDays(-29),
            Content = new CatalogContent
            {
                Name = "人口基本信息",
                Code = "350800-GA-0001",
                Summary = "常住人口",
                DataItems =
                [
                    new DataItem { Name = "姓名", Type = DataItemType.String, IsPersonal = true },
                    new DataItem { Name = "公民身份号码", Type = DataItemType.ResidentIdNumber, IsPersonal = true },
                    new DataItem { Name = "户籍地区划", Type = DataItemType.String },
                ],
                SharingType = type,
                SharingConditions = type == SharingType.Conditional ? "仅用于政务服务" : null,
                LegalBasis = type == SharingType.Unconditional ? null : "《中华人民共和国居民身份证法》第十九条",
                SharingMethods = [SharingMethod.Api, SharingMethod.Verification],
                OpenType = OpenType.NotOpen,
                UpdateCycle = UpdateCycle.Daily,
            },
        },
    };

    private static FileShareInput Input(string[]? items = null, string? purpose = "办理就业登记", int? period = 6, SharingMethod? method = SharingMethod.Api, string? green = null) =>
        new("e1", items ?? ["姓名", "户籍地区划"], "就业服务窗口", purpose, method, period, null, green);

    private static ShareRequest Ok(ShareOutcome o) => o.Request ?? throw new Xunit.Sdk.XunitException($"refused: {o.Refusal}");

    private static ShareRequest Filed(FileShareInput? input = null, EffectiveRuleSet? rules = null, CatalogEntry? entry = null, Caller? caller = null) =>
        Ok(ShareWorkflow.File("r1", caller ?? Steward(Market), entry ?? Entry(), input ?? Input(), rules ?? Longyan, Calendar, T0));

    [Fact]
    [Trait("Rule", "shareDecision.deadline")]
    public void Longyan_route_is_the_provider_then_the_DataAuthority_within_5_working_days_from_receipt()
    {
        var r = Filed();
        Assert.Equal(ShareRequestState.PendingDecision, r.State);
        Assert.Equal(DecisionRoute.DataAuthorityWithProvider, r.Route);
        Assert.Equal([DecisionStep.Provider, DecisionStep.DataAuthority], r.Steps);
        Assert.Equal(DecisionStep.Provider, r.CurrentStep);
        // Filed Tuesday 2026-11-24 10:00: 5 working days end on Tuesday 12-01.
        Assert.Equal(new DateOnly(2026, 12, 1), r.Deadline!.DueDate);
        Assert.Equal("shareDecision.deadline", r.Deadline.RuleKey);
        Assert.Equal("004 第十二条", r.Deadline.Article);
        Assert.Equal("share:r1:decision", r.Deadline.TimerId);
        var file = r.Timeline[0];
        Assert.Equal("file", file.Action);
        Assert.Equal("350800@v1+350000@v1", file.RuleSet);
        Assert.Contains("shareDecision.route", file.Rule);
        Assert.Equal("004 第十二条", file.Article);
        Assert.Equal(["姓名"], r.ProtectedItems);
    }

    [Fact]
    [Trait("Rule", "shareDecision.route")]
    public void Other_jurisdictions_route_to_the_provider_alone_with_their_own_deadline()
    {
        var shanghai = Registry.Resolve("310000", new DateOnly(2026, 11, 24));
        var r = Filed(rules: shanghai, entry: Entry(jur: "310000"), caller: Steward(Market, "310000"));
        Assert.Equal([DecisionStep.Provider], r.Steps);
        Assert.Equal(10, r.Deadline!.WorkingDays);
        Assert.Equal("001 第十四条", r.Deadline.Article);
        var fujian = Registry.Resolve("350000", new DateOnly(2026, 11, 24));
        Assert.Equal([DecisionStep.DataAuthority], Filed(rules: fujian, entry: Entry(jur: "350000"), caller: Steward(Market, "350000")).Steps);
    }

    [Fact]
    public void Bad_input_names_every_field_and_nothing_is_filed()
    {
        var o = ShareWorkflow.File("r1", Steward(Market), Entry(), Input(["姓名", "婚姻状况", "姓名"], purpose: " ", period: 13, method: SharingMethod.FileDownload), Longyan, Calendar, T0);
        var fields = o.Refusal!.Errors.Select(e => e.Field).ToArray();
        Assert.Equal(ShareRefusalKind.Invalid, o.Refusal.Kind);
        Assert.Contains("items[1]", fields);
        Assert.Contains("items[2]", fields);
        Assert.Contains("purpose", fields);
        Assert.Contains("periodMonths", fields);
        Assert.Contains("method", fields);
        Assert.Contains("12 months", o.Refusal.Errors.Single(e => e.Field == "periodMonths").Reason);
        Assert.Equal("items", ShareWorkflow.File("r1", Steward(Market), Entry(), Input([]), Longyan, Calendar, T0).Refusal!.Errors.Single().Field);
        Assert.Equal("entryId", ShareWorkflow.File("r1", Steward(Market), null, Input(), Longyan, Calendar, T0).Refusal!.Errors.Single().Field);
        Assert.Equal("entryId", ShareWorkflow.File("r1", Steward(Police), Entry(), Input(), Longyan, Calendar, T0).Refusal!.Errors.Single().Field);
        Assert.Equal(ShareRefusalKind.Forbidden, ShareWorkflow.File("r1", Authority(), Entry(), Input(), Longyan, Calendar, T0).Refusal!.Kind);
    }

    [Fact]
    public void NotShared_is_refused_at_once_citing_the_legal_basis_and_Unconditional_needs_no_request()
    {
        var r = Filed(entry: Entry(SharingType.NotShared));
        Assert.Equal(ShareRequestState.Refused, r.State);
        Assert.Null(r.Deadline);
        Assert.Contains("《中华人民共和国居民身份证法》第十九条", r.RefusalReasons!.Single());
        Assert.Equal("refuse.notShared", r.Timeline.Single().Action);
        Assert.Contains("sharing.notShared", r.Timeline.Single().Rule);
        var unconditional = ShareWorkflow.File("r1", Steward(Market), Entry(SharingType.Unconditional), Input(), Longyan, Calendar, T0).Refusal!;
        Assert.Equal(ShareRefusalKind.RuleViolation, unconditional.Kind);
        Assert.Equal("sharing.unconditional", unconditional.Rule);
    }

    [Fact]
    public void NotShared_is_refused_first_whatever_else_is_wrong_with_the_request()
    {
        // The normal NotShared entry offers no sharing method: the request is still refused for what the data is, with its legal basis.
        var noMethods = Entry(SharingType.NotShared) is var e ? e with { Published = e.Published! with { Content = e.Published.Content with { SharingMethods = [] } } } : null;
        var r = Filed(entry: noMethods);
        Assert.Equal(ShareRequestState.Refused, r.State);
        Assert.Contains("《中华人民共和国居民身份证法》第十九条", r.RefusalReasons!.Single());

        // Malformed as well (no purpose, unknown item, a green channel Longyan does not have): 422 on the rule, the other problems listed.
        var refusal = ShareWorkflow.File("r1", Steward(Market), noMethods, Input(items: ["婚姻状况"], purpose: " ", green: "汛期"), Longyan, Calendar, T0).Refusal!;
        Assert.Equal(ShareRefusalKind.RuleViolation, refusal.Kind);
        Assert.Equal("sharing.notShared", refusal.Rule);
        Assert.Contains("《中华人民共和国居民身份证法》第十九条", refusal.Reason);
        Assert.Contains("004 第十一条", refusal.Reason);
        Assert.Contains(refusal.Errors, x => x.Field == "purpose");
        Assert.Contains(refusal.Errors, x => x.Field == "items[0]");
        Assert.DoesNotContain(refusal.Errors, x => x.Field == "method");
    }

    [Fact]
    [Trait("Rule", "sharing.notShared")]
    public void NotShared_data_is_refused_in_Longyan_and_requested_from_the_provider_in_Shijiazhuang()
    {
        // Longyan's 暂不共享 gives no access (004 第十一条); Shijiazhuang's 專用類 is requested and reviewed in 5 working days (003 第八条).
        Assert.Equal(ShareRequestState.Refused, Filed(entry: Entry(SharingType.NotShared)).State);
        var sjz = Registry.Resolve("130100", new DateOnly(2026, 11, 24));
        var r = Filed(rules: sjz, entry: Entry(SharingType.NotShared, "130100"), caller: Steward(Market, "130100"));
        Assert.Equal(ShareRequestState.PendingDecision, r.State);
        Assert.Equal(5, r.Deadline!.WorkingDays);
        Assert.Equal("003 第八条", r.Deadline.Article);
    }

    [Fact]
    [Trait("Rule", "validity.afterExpiry")]
    public void After_its_rule_set_expired_Dongying_keeps_deciding_flagged_unless_the_policy_suspends_decisions()
    {
        var on = new DateOnly(2026, 11, 24);
        var dongying = Registry.Resolve("370500", on);
        var flagged = Filed(rules: dongying, entry: Entry(jur: "370500"), caller: Steward(Market, "370500"));
        Assert.Equal(ShareRequestState.PendingDecision, flagged.State);
        Assert.EndsWith("[Expired]", flagged.Deadline!.Rule);
        var suspend = Registry.Amend(new RuleSetAmendment
        {
            Jurisdiction = "370500", BasedOnVersion = 1, Reason = "东营市大数据局: stop until a successor is loaded", AmendedBy = "dy-authority",
            RecordedOn = on, EffectiveFrom = on, Changes = [RuleChange.Of(RuleKeys.AfterExpiry, ExpiryPolicy.SuspendDecisions)],
        });
        Assert.True(suspend.Succeeded);
        var refusal = ShareWorkflow.File("r1", Steward(Market, "370500"), Entry(jur: "370500"), Input(), suspend.Registry.Resolve("370500", on), Calendar, T0).Refusal!;
        Assert.Equal(ShareRefusalKind.RuleViolation, refusal.Kind);
        Assert.Equal("validity.afterExpiry", refusal.Rule);
    }

    [Fact]
    public void Each_step_decides_in_turn_and_the_last_approval_of_some_items_is_a_partial_approval()
    {
        var r = Filed();
        Assert.Equal(ShareRefusalKind.Forbidden, ShareWorkflow.Decide(r, Authority(), true, null, null, null, Longyan, T0).Refusal!.Kind);
        Assert.Equal(ShareRefusalKind.NotFound, ShareWorkflow.Decide(r, Steward(Hr), true, null, null, null, Longyan, T0).Refusal!.Kind);
        Assert.Equal(ShareRefusalKind.Forbidden, ShareWorkflow.Decide(r, Steward(Market), true, null, null, null, Longyan, T0).Refusal!.Kind);
        r = Ok(ShareWorkflow.Decide(r, Steward(Police), true, null, "仅限窗口使用", null, Longyan, T0.AddHours(1)));
        Assert.Equal(ShareRequestState.PendingDecision, r.State);
        Assert.Equal(DecisionStep.DataAuthority, r.CurrentStep);
        Assert.Equal("items[0]", ShareWorkflow.Decide(r, Authority(), true, ["公民身份号码"], null, null, Longyan, T0).Refusal!.Errors.Single().Field);
        r = Ok(ShareWorkflow.Decide(r, Authority(), true, ["户籍地区划"], null, null, Longyan, T0.AddHours(2)));
        Assert.Equal(ShareRequestState.PartlyApproved, r.State);
        Assert.Equal(["户籍地区划"], r.ApprovedItems);
        Assert.Equal("仅限窗口使用", r.Conditions);
        Assert.Equal(T0.AddHours(2), r.AnsweredAt);
        Assert.Equal(["decide.Provider.approve", "decide.DataAuthority.approve"], r.Timeline.Skip(2).Select(s => s.Action));
        Assert.Equal(ShareRefusalKind.Conflict, ShareWorkflow.Decide(r, Authority(), true, null, null, null, Longyan, T0).Refusal!.Kind);
        Assert.True(ShareWorkflow.IsRepeat(r, Authority(), "approve"));
        Assert.False(ShareWorkflow.IsRepeat(r, Authority(), "refuse"));
    }

    [Fact]
    [Trait("Rule", "dispute.deadline")]
    public void A_refusal_needs_reasons_can_be_disputed_and_the_CoordinationOffice_concludes_within_the_dispute_deadline()
    {
        var r = Filed();
        Assert.Equal("reasons", ShareWorkflow.Decide(r, Steward(Police), false, null, null, [" "], Longyan, T0).Refusal!.Errors.Single().Field);
        r = Ok(ShareWorkflow.Decide(r, Steward(Police), false, null, null, ["无法律依据"], Longyan, T0));
        Assert.Equal(ShareRequestState.Refused, r.State);
        Assert.Equal(ShareRefusalKind.NotFound, ShareWorkflow.DecideDispute(r, Coordination(), true, ["x"], null, null, Longyan, T0).Refusal!.Kind);
        r = Ok(ShareWorkflow.Dispute(r, Steward(Market), "履职必需", Longyan, Calendar, T0));
        Assert.Equal(ShareRequestState.Disputed, r.State);
        // Longyan is silent on disputes; Fujian's platform default of 20 working days applies.
        Assert.Equal(20, r.DisputeDeadline!.WorkingDays);
        Assert.Equal("share:r1:dispute", r.DisputeDeadline.TimerId);
        Assert.Equal(ShareRefusalKind.Forbidden, ShareWorkflow.DecideDispute(r, Steward(Police), true, ["x"], null, null, Longyan, T0).Refusal!.Kind);
        var overturned = Ok(ShareWorkflow.DecideDispute(r, Coordination(), false, ["履职确需"], ["姓名"], null, Longyan, T0));
        Assert.Equal(ShareRequestState.Overturned, overturned.State);
        Assert.Equal(["姓名"], overturned.ApprovedItems);
        var upheld = Ok(ShareWorkflow.DecideDispute(r, Coordination(), true, ["理由成立"], null, null, Longyan, T0));
        Assert.Equal(ShareRequestState.Upheld, upheld.State);
        Assert.Equal(ShareRefusalKind.Conflict, ShareWorkflow.Dispute(upheld, Steward(Market), "again", Longyan, Calendar, T0).Refusal!.Kind);
    }

    [Fact]
    public void Accepting_needs_the_data_use_agreement_and_for_personal_items_the_confidentiality_agreement()
    {
        var r = Filed();
        r = Ok(ShareWorkflow.Decide(r, Steward(Police), true, null, null, null, Longyan, T0));
        r = Ok(ShareWorkflow.Decide(r, Authority(), true, null, null, null, Longyan, T0));
        Assert.Equal(ShareRequestState.Approved, r.State);
        Assert.Equal(ShareRefusalKind.Forbidden, ShareWorkflow.Accept(r, Steward(Police), true, true, T0).Refusal!.Kind);
        var missing = ShareWorkflow.Accept(r, Steward(Market), true, false, T0).Refusal!;
        Assert.Equal("confidentialityAgreement", missing.Errors.Single().Field);
        Assert.Contains("姓名", missing.Errors.Single().Reason);
        Assert.Equal("dataUseAgreement", ShareWorkflow.Accept(r, Steward(Market), false, true, T0).Refusal!.Errors.Single().Field);
        var granted = Ok(ShareWorkflow.Accept(r, Steward(Market), true, true, T0.AddDays(1)));
        Assert.Equal(ShareRequestState.Granted, granted.State);
        Assert.Equal(T0.AddDays(1).AddMonths(6), granted.Grant!.ExpiresAt);
        Assert.Equal(["steward-003K", "authority"], granted.Grant.ApprovedBy);
        Assert.Equal(GrantState.Active, granted.Grant.StateAt(T0.AddDays(2)));
        Assert.Equal(GrantState.Expired, granted.Grant.StateAt(T0.AddMonths(7)));

        // Without personal items the data use agreement alone is enough.
        var plain = Ok(ShareWorkflow.Decide(Filed(Input(["户籍地区划"])), Steward(Police), true, null, null, null, Longyan, T0));
        plain = Ok(ShareWorkflow.Decide(plain, Authority(), true, null, null, null, Longyan, T0));
        Assert.Equal(ShareRequestState.Granted, Ok(ShareWorkflow.Accept(plain, Steward(Market), true, false, T0)).State);
    }

    [Fact]
    public void Withdraw_only_while_not_granted_and_late_events_are_conflicts()
    {
        var r = Filed();
        Assert.Equal(ShareRefusalKind.Forbidden, ShareWorkflow.Withdraw(r, Steward(Police), null, T0).Refusal!.Kind);
        var withdrawn = Ok(ShareWorkflow.Withdraw(r, Steward(Market), "不再需要", T0));
        Assert.Equal(ShareRequestState.Withdrawn, withdrawn.State);
        Assert.True(ShareWorkflow.IsRepeat(withdrawn, Steward(Market), "withdraw"));
        Assert.Equal(ShareRefusalKind.Conflict, ShareWorkflow.Decide(withdrawn, Steward(Police), true, null, null, null, Longyan, T0).Refusal!.Kind);
        Assert.Equal(ShareRefusalKind.Conflict, ShareWorkflow.Withdraw(withdrawn, Steward(Market), null, T0).Refusal!.Kind);
    }

    [Fact]
    public void A_missed_deadline_escalates_once_and_only_for_the_running_timer()
    {
        var r = Filed();
        Assert.Null(ShareWorkflow.Escalate(r, "share:r1:other", T0.AddDays(8)));
        var reminded = ShareWorkflow.Remind(r, r.Deadline!.TimerId, T0.AddDays(5))!;
        Assert.Null(ShareWorkflow.Remind(reminded, r.Deadline.TimerId, T0.AddDays(5)));
        var escalated = ShareWorkflow.Escalate(reminded, r.Deadline.TimerId, T0.AddDays(8))!;
        Assert.Equal(ShareWorkflow.CoordinationOffice, escalated.Escalation!.To);
        Assert.Equal("escalate", escalated.Timeline[^1].Action);
        Assert.Equal("004 第十二条", escalated.Timeline[^1].Article);
        // Said in Chinese for the office's queue and the timeline: which step missed which deadline.
        Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{GovData.Domain.Labels.ZhLabels.Label(r.CurrentStep!.Value)}未在 {r.Deadline.WorkingDays} 个工作日内作出决定（{r.Deadline.DueDate:yyyy年M月d日}到期）"), escalated.Escalation.Reason);
        Assert.Contains("个工作日内作出决定", escalated.Escalation.Reason);
        Assert.Equal(escalated.Escalation.Reason + "；已提请协调机构处理", escalated.Timeline[^1].Note);
        Assert.Null(ShareWorkflow.Escalate(escalated, r.Deadline.TimerId, T0.AddDays(9)));
        Assert.True(ShareWorkflow.CanSee(escalated, Coordination()));
        Assert.False(ShareWorkflow.CanSee(r, Coordination()));
        // Answering late is still possible; the deadline that was missed stays on record.
        var answered = Ok(ShareWorkflow.Decide(escalated, Steward(Police), false, null, null, ["迟复"], Longyan, T0.AddDays(9)));
        Assert.Null(ShareWorkflow.Escalate(answered, r.Deadline.TimerId, T0.AddDays(9)));
    }

    [Fact]
    public void The_CoordinationOffice_orders_an_answer_only_on_an_escalated_request_and_a_missed_order_escalates_again()
    {
        var r = Filed();
        var at = T0.AddDays(8);
        Assert.Equal(ShareRefusalKind.NotFound, ShareWorkflow.OrderAnswer(r, Coordination(), 3, "限期答复", Calendar, at).Refusal!.Kind);
        var escalated = ShareWorkflow.Escalate(r, r.Deadline!.TimerId, at)!;
        Assert.Equal(ShareRefusalKind.Forbidden, ShareWorkflow.OrderAnswer(escalated, Steward(Police), 3, "限期答复", Calendar, at).Refusal!.Kind);
        var invalid = ShareWorkflow.OrderAnswer(escalated, Coordination(), 0, " ", Calendar, at).Refusal!;
        Assert.Equal(["workingDays", "reason"], invalid.Errors.Select(e => e.Field));

        var ordered = Ok(ShareWorkflow.OrderAnswer(escalated, Coordination(), 3, "限期答复", Calendar, at));
        Assert.Equal($"share:{r.Id}:decision:ordered:1", ordered.Deadline!.TimerId);
        Assert.Equal(3, ordered.Deadline.WorkingDays);
        Assert.Equal(Calendar.AddWorkingDays(at, 3).DueAt, ordered.Deadline.DueAt);
        Assert.Equal(ShareWorkflow.OrderRuleKey, ordered.Deadline.RuleKey);
        Assert.Equal(escalated.Escalation, ordered.Escalation);
        Assert.Equal(("coordination.order", "001 第二十四条"), (ordered.Timeline[^1].Action, ordered.Timeline[^1].Article));
        // Ordered once, it cannot be ordered again until the order itself is missed.
        Assert.Equal(ShareRefusalKind.Conflict, ShareWorkflow.OrderAnswer(ordered, Coordination(), 3, "再次", Calendar, at).Refusal!.Kind);
        Assert.True(ShareWorkflow.IsRepeat(ordered, Coordination(), "order"));
        Assert.Null(ShareWorkflow.Escalate(ordered, r.Deadline.TimerId, at.AddDays(1)));

        var missed = ShareWorkflow.Escalate(ordered, ordered.Deadline.TimerId, ordered.Deadline.DueAt)!;
        Assert.Equal(ordered.Deadline.TimerId, missed.Escalation!.TimerId);
        Assert.Null(ShareWorkflow.Escalate(missed, ordered.Deadline.TimerId, ordered.Deadline.DueAt));
        Assert.Equal($"share:{r.Id}:decision:ordered:2", Ok(ShareWorkflow.OrderAnswer(missed, Coordination(), 2, "再次", Calendar, at.AddDays(5))).Deadline!.TimerId);
    }

    [Fact]
    public void A_missed_dispute_deadline_escalates_the_dispute_once_and_a_concluded_dispute_is_left_alone()
    {
        var r = Ok(ShareWorkflow.Decide(Filed(), Steward(Police), false, null, null, ["无依据"], Longyan, T0));
        r = Ok(ShareWorkflow.Dispute(r, Steward(Market), "履职必需", Longyan, Calendar, T0));
        var timer = r.DisputeDeadline!.TimerId;
        Assert.NotNull(ShareWorkflow.Remind(r, timer, T0.AddDays(20)));
        var escalated = ShareWorkflow.Escalate(r, timer, T0.AddDays(40))!;
        Assert.Equal("LeadingGroup", escalated.DisputeEscalation!.To);
        Assert.Equal("dispute.escalate", escalated.Timeline[^1].Action);
        Assert.Null(ShareWorkflow.Escalate(escalated, timer, T0.AddDays(41)));
        Assert.Null(ShareWorkflow.Escalate(r, r.Deadline!.TimerId, T0.AddDays(40)));
        var upheld = Ok(ShareWorkflow.DecideDispute(r, Coordination(), true, ["维持"], null, null, Longyan, T0.AddDays(1)));
        Assert.Null(ShareWorkflow.Escalate(upheld, timer, T0.AddDays(40)));
        Assert.Null(ShareWorkflow.Remind(upheld, timer, T0.AddDays(20)));
    }

    [Fact]
    [Trait("Rule", "greenChannel.enabled")]
    [Trait("Rule", "greenChannel.answerDeadline")]
    [Trait("Rule", "nonAggregated.answerDeadline")]
    public void The_green_channel_needs_the_rule_set_and_the_CoordinationOffice_then_shortens_the_deadline()
    {
        Assert.Equal("greenChannel.enabled", ShareWorkflow.File("r1", Steward(Market), Entry(), Input(green: "疫情防控"), Longyan, Calendar, T0).Refusal!.Rule);

        var dongying = Registry.Resolve("370500", new DateOnly(2026, 11, 2));
        var at = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(8));
        var r = Ok(ShareWorkflow.File("r1", Steward(Market, "370500"), Entry(jur: "370500"), Input(green: "疫情防控"), dongying, Calendar, at));
        Assert.Equal(10, r.Deadline!.WorkingDays);
        Assert.True(ShareWorkflow.CanSee(r, Coordination("370500")));
        Assert.Equal(ShareRefusalKind.Forbidden, ShareWorkflow.DecideGreenChannel(r, Steward(Police, "370500"), true, null, dongying, Calendar, at).Refusal!.Kind);
        var green = Ok(ShareWorkflow.DecideGreenChannel(r, Coordination("370500"), true, null, dongying, Calendar, at.AddHours(1)));
        Assert.Equal("greenChannel.answerDeadline", green.Deadline!.RuleKey);
        Assert.Equal(1, green.Deadline.WorkingDays);
        Assert.Equal(new DateOnly(2026, 11, 3), green.Deadline.DueDate);
        Assert.Equal("share:r1:decision:greenchannel", green.Deadline.TimerId);
        Assert.Equal("002 第二十三条", green.Deadline.Article);
        Assert.Equal(ShareRefusalKind.Conflict, ShareWorkflow.DecideGreenChannel(green, Coordination("370500"), true, null, dongying, Calendar, at).Refusal!.Kind);

        var notAggregated = Ok(ShareWorkflow.MarkNotYetAggregated(r, Steward(Police, "370500"), dongying, Calendar, at.AddHours(1)));
        Assert.Equal("nonAggregated.answerDeadline", notAggregated.Deadline!.RuleKey);
        Assert.Equal(new DateOnly(2026, 11, 5), notAggregated.Deadline.DueDate);
    }

    [Fact]
    public void Grants_allow_only_their_users_items_method_and_purpose_until_revoked_or_expired()
    {
        var r = Ok(ShareWorkflow.Decide(Filed(), Steward(Police), true, null, null, null, Longyan, T0));
        r = Ok(ShareWorkflow.Decide(r, Authority(), true, null, null, null, Longyan, T0));
        r = Ok(ShareWorkflow.Accept(r, Steward(Market), true, true, T0));
        var ok = new AccessAsk(["姓名"], SharingMethod.Api, "办理就业登记");
        Assert.Null(ShareAccess.CheckGrant(r, Steward(Market), ok, T0.AddDays(1)));
        Assert.Equal(ShareRefusalKind.Forbidden, ShareAccess.CheckGrant(r, Steward(Market), ok with { Items = ["公民身份号码"] }, T0)!.Kind);
        Assert.Equal(ShareRefusalKind.Forbidden, ShareAccess.CheckGrant(r, Steward(Market), ok with { Method = SharingMethod.Verification }, T0)!.Kind);
        Assert.Equal(ShareRefusalKind.Forbidden, ShareAccess.CheckGrant(r, Steward(Market), ok with { Purpose = "商业营销" }, T0)!.Kind);
        Assert.Equal(ShareRefusalKind.Forbidden, ShareAccess.CheckGrant(r, Steward(Police), ok, T0)!.Kind);
        Assert.Equal(ShareRefusalKind.Invalid, ShareAccess.CheckGrant(r, Steward(Market), ok with { Purpose = "" }, T0)!.Kind);
        Assert.Contains("expired", ShareAccess.CheckGrant(r, Steward(Market), ok, T0.AddMonths(6).AddMinutes(1))!.Reason);
        var revoked = Ok(ShareWorkflow.Revoke(r, Steward(Police), ["超范围使用"], T0.AddDays(2)));
        Assert.Contains("revoked", ShareAccess.CheckGrant(revoked, Steward(Market), ok, T0.AddDays(3))!.Reason);
        Assert.Equal(ShareRefusalKind.Conflict, ShareWorkflow.Revoke(revoked, Steward(Police), ["again"], T0.AddDays(3)).Refusal!.Kind);
        Assert.Equal(ShareRefusalKind.Forbidden, ShareWorkflow.Revoke(r, Steward(Market), ["x"], T0).Refusal!.Kind);
    }

    [Fact]
    [Trait("Rule", "sharing.unconditional")]
    public void Unconditional_data_is_direct_in_Longyan_and_needs_a_filing_in_Shijiazhuang()
    {
        var ask = new AccessAsk(["姓名"], SharingMethod.Api, "核验身份");
        Assert.Null(ShareAccess.CheckDirect(Entry(SharingType.Unconditional), Steward(Market), ask, Longyan, filed: false, T0));
        Assert.Equal(ShareRefusalKind.Forbidden, ShareAccess.CheckDirect(Entry(), Steward(Market), ask, Longyan, filed: false, T0)!.Kind);
        Assert.Equal("items[0]", ShareAccess.CheckDirect(Entry(SharingType.Unconditional), Steward(Market), ask with { Items = ["婚姻"] }, Longyan, false, T0)!.Errors.Single().Field);
        Assert.NotNull(ShareAccess.CheckFiling(Entry(SharingType.Unconditional), Steward(Market), "核验", Longyan, T0));

        var sjz = Registry.Resolve("130100", new DateOnly(2026, 11, 24));
        var entry = Entry(SharingType.Unconditional, "130100");
        var refusal = ShareAccess.CheckDirect(entry, Steward(Market, "130100"), ask, sjz, filed: false, T0)!;
        Assert.Equal(ShareRefusalKind.RuleViolation, refusal.Kind);
        Assert.Contains("第八条", refusal.Reason);
        Assert.Null(ShareAccess.CheckFiling(entry, Steward(Market, "130100"), "核验", sjz, T0));
        Assert.Null(ShareAccess.CheckDirect(entry, Steward(Market, "130100"), ask, sjz, filed: true, T0));
    }

    [Fact]
    public void Remembered_event_ids_are_bounded()
    {
        var r = Filed();
        for (var i = 0; i < ShareWorkflow.RememberedEvents + 10; i++) r = ShareWorkflow.Remember(r, "e" + i);
        Assert.Equal(ShareWorkflow.RememberedEvents, r.AppliedEvents.Count);
        Assert.Equal("e" + (ShareWorkflow.RememberedEvents + 9), r.AppliedEvents[^1]);
    }

    // Dongying (370500) states both availability periods (002 第二十三条). Filed Monday 2026-11-02 10:00.
    private static readonly DateTimeOffset DongyingAt = new(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(8));
    private static EffectiveRuleSet Dongying => Registry.Resolve("370500", new DateOnly(2026, 11, 2));
    private static ShareRequest DongyingFiled(string? green = null) =>
        Ok(ShareWorkflow.File("r1", Steward(Market, "370500"), Entry(jur: "370500"), Input(green: green), Dongying, Calendar, DongyingAt));

    [Fact]
    [Trait("Rule", "nonAggregated.availabilityDeadline")]
    public void Marking_data_not_yet_aggregated_starts_the_20_working_day_availability_deadline_from_receipt()
    {
        // Marked on Thursday 11-05: the 20 working days still count from the request's receipt on Monday 11-02 (day 1 is
        // Tuesday 11-03), not from the mark.
        var marked = Ok(ShareWorkflow.MarkNotYetAggregated(DongyingFiled(), Steward(Police, "370500"), Dongying, Calendar, DongyingAt.AddDays(3)));
        var d = marked.AvailabilityDeadline!;
        Assert.Equal("nonAggregated.availabilityDeadline", d.RuleKey);
        Assert.Equal("002 第二十三条", d.Article);
        Assert.Equal(20, d.WorkingDays);
        Assert.Equal(DongyingAt, d.StartedAt);
        Assert.Equal(new DateOnly(2026, 11, 30), d.DueDate);
        Assert.Equal("share:r1:availability", d.TimerId);
        Assert.True(marked.AvailabilityRunning);
        Assert.Equal([marked.Deadline!, d], ShareWorkflow.Running(marked));
        var start = Assert.Single(marked.Timeline, s => s.Action == ShareWorkflow.AvailabilityStartAction);
        Assert.Equal("002 第二十三条", start.Article);
        Assert.Contains("2026年11月30日 到期", start.Note);
        // The answer deadline still runs beside it (3 working days from receipt).
        Assert.Equal(new DateOnly(2026, 11, 5), marked.Deadline!.DueDate);
    }

    [Fact]
    [Trait("Rule", "greenChannel.availabilityDeadline")]
    public void An_approved_green_channel_starts_the_5_working_day_availability_deadline_from_the_approval_and_the_earlier_due_date_binds()
    {
        var approvedAt = DongyingAt.AddHours(1);
        var green = Ok(ShareWorkflow.DecideGreenChannel(DongyingFiled("汛期应急"), Coordination("370500"), true, null, Dongying, Calendar, approvedAt));
        var d = green.AvailabilityDeadline!;
        Assert.Equal("greenChannel.availabilityDeadline", d.RuleKey);
        Assert.Equal(approvedAt, d.StartedAt);
        Assert.Equal(new DateOnly(2026, 11, 9), d.DueDate);
        Assert.Equal("share:r1:availability:greenchannel", d.TimerId);
        // A refused green channel starts nothing.
        Assert.Null(Ok(ShareWorkflow.DecideGreenChannel(DongyingFiled("汛期应急"), Coordination("370500"), false, "不属于紧急情形", Dongying, Calendar, approvedAt)).AvailabilityDeadline);

        // Marked not aggregated first (due 11-30), then the green channel approved (due 11-09): the green one replaces it.
        var marked = Ok(ShareWorkflow.MarkNotYetAggregated(DongyingFiled("汛期应急"), Steward(Police, "370500"), Dongying, Calendar, approvedAt));
        var both = Ok(ShareWorkflow.DecideGreenChannel(marked, Coordination("370500"), true, null, Dongying, Calendar, approvedAt));
        Assert.Equal("share:r1:availability:greenchannel", both.AvailabilityDeadline!.TimerId);
        // Approved only after 19 working days, the green channel's 5 would run past the running 20: the running one is kept.
        var late = Ok(ShareWorkflow.DecideGreenChannel(marked, Coordination("370500"), true, null, Dongying, Calendar, new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.FromHours(8))));
        Assert.Equal("share:r1:availability", late.AvailabilityDeadline!.TimerId);
    }

    [Fact]
    [Trait("Rule", "nonAggregated.availabilityDeadline")]
    public void Data_made_available_ends_the_availability_deadline_once_in_time_or_late_and_a_refusal_or_withdrawal_ends_it_too()
    {
        var marked = Ok(ShareWorkflow.MarkNotYetAggregated(DongyingFiled(), Steward(Police, "370500"), Dongying, Calendar, DongyingAt.AddDays(1)));
        var due = marked.AvailabilityDeadline!.DueAt;

        var met = ShareWorkflow.MadeAvailable(marked, 2, due.AddTicks(-1))!;
        Assert.Equal(new AvailabilityEnd(due.AddTicks(-1), AvailabilityOutcome.Available, 2, true, "share:r1:availability"), met.Availability);
        Assert.False(met.AvailabilityRunning);
        Assert.DoesNotContain(ShareWorkflow.Running(met), d => d.TimerId == "share:r1:availability");
        Assert.Single(met.Timeline, s => s.Action == ShareWorkflow.AvailabilityMetAction);
        Assert.Null(ShareWorkflow.MadeAvailable(met, 3, due.AddDays(1)));
        Assert.False(ShareWorkflow.MadeAvailable(marked, 2, due)!.Availability!.OnTime);
        // A met deadline neither reminds nor escalates.
        Assert.Null(ShareWorkflow.Remind(met, "share:r1:availability", due.AddDays(-1)));
        Assert.Null(ShareWorkflow.Escalate(met, "share:r1:availability", due));

        var refused = Ok(ShareWorkflow.Decide(marked, Steward(Police, "370500"), false, null, null, ["该数据无法汇聚至市大数据平台"], Dongying, DongyingAt.AddDays(2)));
        Assert.Equal(AvailabilityOutcome.Refused, refused.Availability!.Outcome);
        Assert.Null(ShareWorkflow.MadeAvailable(refused, 1, DongyingAt.AddDays(3)));
        var withdrawn = Ok(ShareWorkflow.Withdraw(marked, Steward(Market, "370500"), null, DongyingAt.AddDays(2)));
        Assert.Equal(AvailabilityOutcome.Withdrawn, withdrawn.Availability!.Outcome);
        // An approval does not: the data must still be made available.
        var approved = Ok(ShareWorkflow.Decide(marked, Steward(Police, "370500"), true, null, null, null, Dongying, DongyingAt.AddDays(2)));
        Assert.True(approved.AvailabilityRunning);
    }

    [Fact]
    [Trait("Rule", "nonAggregated.availabilityDeadline")]
    public void A_missed_availability_deadline_is_reminded_and_escalated_to_the_CoordinationOffice_once_whatever_the_decision_state()
    {
        var marked = Ok(ShareWorkflow.MarkNotYetAggregated(DongyingFiled(), Steward(Police, "370500"), Dongying, Calendar, DongyingAt.AddDays(1)));
        var approved = Ok(ShareWorkflow.Decide(marked, Steward(Police, "370500"), true, null, null, null, Dongying, DongyingAt.AddDays(2)));
        const string timer = "share:r1:availability";
        var reminded = ShareWorkflow.Remind(approved, timer, DongyingAt.AddDays(20))!;
        Assert.Null(ShareWorkflow.Remind(reminded, timer, DongyingAt.AddDays(20)));
        var escalated = ShareWorkflow.Escalate(reminded, timer, DongyingAt.AddDays(30))!;
        Assert.Equal(("CoordinationOffice", timer), (escalated.AvailabilityEscalation!.To, escalated.AvailabilityEscalation.TimerId));
        var step = Assert.Single(escalated.Timeline, s => s.Action == ShareWorkflow.AvailabilityEscalateAction);
        Assert.Equal("002 第二十三条", step.Article);
        Assert.Null(escalated.Escalation);
        Assert.Null(ShareWorkflow.Escalate(escalated, timer, DongyingAt.AddDays(31)));
        Assert.True(ShareWorkflow.CanSee(escalated, Coordination("370500")));
        // Data made available late still ends it, late.
        Assert.False(ShareWorkflow.MadeAvailable(escalated, 1, DongyingAt.AddDays(32))!.Availability!.OnTime);
    }

    [Fact]
    public void A_recomputed_provisional_availability_deadline_moves_onto_the_request()
    {
        var marked = Ok(ShareWorkflow.MarkNotYetAggregated(DongyingFiled(), Steward(Police, "370500"), Dongying, Calendar, DongyingAt.AddDays(1)));
        var d = marked.AvailabilityDeadline!;
        var moved = ShareWorkflow.Recomputed(marked, d.TimerId, d.DueDate.AddDays(1), d.DueAt.AddDays(1), false)!;
        Assert.Equal(d.DueDate.AddDays(1), moved.AvailabilityDeadline!.DueDate);
        Assert.Equal(marked.Deadline, moved.Deadline);
        Assert.Null(ShareWorkflow.Recomputed(moved, d.TimerId, d.DueDate.AddDays(1), d.DueAt.AddDays(1), false));
        Assert.Null(ShareWorkflow.Recomputed(marked, "share:r1:other", d.DueDate, d.DueAt, false));
    }
}
