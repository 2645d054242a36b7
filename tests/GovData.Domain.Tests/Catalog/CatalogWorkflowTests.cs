using GovData.Domain.Catalog;
using GovData.Domain.RuleSets;
using static GovData.Domain.Tests.Catalog.CatalogSamples;

namespace GovData.Domain.Tests.Catalog;

public sealed class CatalogWorkflowTests
{
    private static CatalogEntry Ok(CatalogOutcome o) => o.Entry ?? throw new Xunit.Sdk.XunitException($"refused: {o.Refusal}");

    private static CatalogEntry Submitted(CatalogReviewRoute route) =>
        Ok(CatalogWorkflow.Submit(Created(), Steward(), route, "rule", T0.AddMinutes(1)));

    private static CatalogEntry PublishedEntry() =>
        Ok(CatalogWorkflow.Review(Submitted(CatalogReviewRoute.DepartmentOnly), Reviewer(), true, null, T0.AddMinutes(2)));

    [Fact]
    public void Department_only_route_publishes_on_the_reviewers_approval()
    {
        var e = PublishedEntry();
        Assert.Equal(CatalogEntryState.Published, e.State);
        Assert.Null(e.Working);
        Assert.Equal(1, e.Published!.Number);
        Assert.True(e.IsListed);
    }

    private static readonly RuleSetRegistry Registry = RuleSetRegistry.BuiltIn();
    private static EffectiveRuleSet Rules(string code) => Registry.Resolve(code, DateOnly.FromDateTime(T0.Date));

    [Fact]
    [Trait("Rule", "catalog.reviewRoute")]
    public void The_rule_set_fixes_the_review_route_at_submission()
    {
        // Longyan inherits Fujian's department-then-DataAuthority route; Shanghai's reviewer publishes alone (001 第十条).
        var longyan = Ok(CatalogWorkflow.Submit(Created(), Steward(), Rules(BuiltInRuleSets.Longyan), T0));
        Assert.Equal(CatalogReviewRoute.DepartmentThenDataAuthority, longyan.Working!.Route);
        Assert.Equal(CatalogEntryState.DepartmentApproved, Ok(CatalogWorkflow.Review(longyan, Reviewer(), true, null, T0)).State);
        var shanghai = Ok(CatalogWorkflow.Submit(Created(), Steward(), Rules(BuiltInRuleSets.Shanghai), T0));
        Assert.Equal(CatalogReviewRoute.DepartmentOnly, shanghai.Working!.Route);
        Assert.Contains("001 第十条", shanghai.Working.RouteRule);
        Assert.Equal(CatalogEntryState.Published, Ok(CatalogWorkflow.Review(shanghai, Reviewer(), true, null, T0)).State);
    }

    [Fact]
    [Trait("Rule", "sharing.conditional")]
    [Trait("Rule", "open.unconditional")]
    [Trait("Rule", "open.onApplication")]
    public void An_entry_may_only_use_the_sharing_categories_and_open_types_its_jurisdiction_has()
    {
        var onApplication = Created(Content() with { OpenType = OpenType.OnApplication, OpenConditions = "高校科研" });
        Assert.True(CatalogWorkflow.Submit(onApplication, Steward(), Rules(BuiltInRuleSets.Longyan), T0).Succeeded);
        // Shanghai's text defines no open types (001 governs sharing only); Shijiazhuang has one open class and no on-application one.
        var shanghai = CatalogWorkflow.Submit(onApplication, Steward(), Rules(BuiltInRuleSets.Shanghai), T0).Refusal!;
        Assert.Contains(shanghai.Errors, e => e.Field == "openType" && e.Reason.Contains("open.onApplication", StringComparison.Ordinal));
        Assert.Contains(CatalogWorkflow.Submit(onApplication, Steward(), Rules(BuiltInRuleSets.Shijiazhuang), T0).Refusal!.Errors, e => e.Field == "openType");
        var open = Created(Content() with { SharingType = SharingType.Unconditional, SharingConditions = null, LegalBasis = null, OpenType = OpenType.Unconditional });
        Assert.True(CatalogWorkflow.Submit(open, Steward(), Rules(BuiltInRuleSets.Shijiazhuang), T0).Succeeded);
        Assert.Contains(CatalogWorkflow.Submit(open, Steward(), Rules(BuiltInRuleSets.Shanghai), T0).Refusal!.Errors,
            e => e.Field == "openType" && e.Reason.Contains("open.unconditional", StringComparison.Ordinal));
        // Shijiazhuang has no conditional class (003 第二条: 專用類, 共享類, 開放類): a Conditional entry is refused there.
        var conditional = CatalogWorkflow.Submit(Created(), Steward(), Rules(BuiltInRuleSets.Shijiazhuang), T0).Refusal!;
        Assert.Contains(conditional.Errors, e => e.Field == "sharingType" && e.Reason.Contains("003 第二条", StringComparison.Ordinal));
    }

    [Fact]
    public void DataAuthority_route_needs_the_department_then_the_authority()
    {
        var e = Ok(CatalogWorkflow.Review(Submitted(CatalogReviewRoute.DepartmentThenDataAuthority), Reviewer(), true, null, T0));
        Assert.Equal(CatalogEntryState.DepartmentApproved, e.State);
        // The department's reviewer coming second meets a state that moved on (issue 3: the other reviewer gets a conflict);
        // anyone else of the department has no right to review at this stage.
        Assert.Equal(RefusalKind.Conflict, CatalogWorkflow.Review(e, Reviewer(), true, null, T0).Refusal!.Kind);
        Assert.Equal(RefusalKind.Forbidden, CatalogWorkflow.Review(e, Steward(), true, null, T0).Refusal!.Kind);
        e = Ok(CatalogWorkflow.Review(e, Authority(), true, null, T0));
        Assert.Equal(CatalogEntryState.Published, e.State);
        Assert.Equal([ReviewStage.Department, ReviewStage.DataAuthority], e.Published!.Reviews.Select(r => r.Stage));
    }

    [Fact]
    public void Returned_with_reasons_then_revised_and_resubmitted()
    {
        var submitted = Submitted(CatalogReviewRoute.DepartmentOnly);
        Assert.Equal("reasons", CatalogWorkflow.Review(submitted, Reviewer(), false, [], T0).Refusal!.Errors.Single().Field);
        var returned = Ok(CatalogWorkflow.Review(submitted, Reviewer(), false, ["摘要不完整"], T0));
        Assert.Equal(CatalogEntryState.Returned, returned.State);
        Assert.Equal(RefusalKind.Conflict, CatalogWorkflow.Review(returned, Reviewer(), true, null, T0).Refusal!.Kind);
        var revised = Ok(CatalogWorkflow.Edit(returned, Steward(), Content() with { Summary = "常住人口的基本信息（含户籍地址）" }, T0));
        var resubmitted = Ok(CatalogWorkflow.Submit(revised, Steward(), CatalogReviewRoute.DepartmentOnly, "rule", T0));
        Assert.Equal(CatalogEntryState.Submitted, resubmitted.State);
    }

    [Fact]
    public void Other_departments_do_not_see_drafts_and_a_steward_cannot_review()
    {
        var e = Submitted(CatalogReviewRoute.DepartmentOnly);
        Assert.Equal(RefusalKind.NotFound, CatalogWorkflow.Review(e, Reviewer(Market), true, null, T0).Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, CatalogWorkflow.Edit(e, Steward(Market), Content(), T0).Refusal!.Kind);
        Assert.Equal(RefusalKind.Forbidden, CatalogWorkflow.Review(e, Steward(), true, null, T0).Refusal!.Kind);
        Assert.False(CatalogWorkflow.CanSee(e, Authority()));
    }

    [Fact]
    public void A_published_entry_changes_only_through_a_new_version_that_is_reviewed_again()
    {
        var e = PublishedEntry();
        Assert.Equal(RefusalKind.Conflict, CatalogWorkflow.Edit(e, Steward(), Content() with { Name = "改名" }, T0).Refusal!.Kind);
        e = Ok(CatalogWorkflow.NewVersion(e, Steward(), "新增信息项", T0));
        Assert.Equal(2, e.Working!.Number);
        Assert.Equal(CatalogEntryState.Published, e.State);
        Assert.Contains(CatalogWorkflow.Edit(e, Steward(), Content("350800-GA-0002"), T0).Refusal!.Errors, x => x.Field == "code");
        var changed = Content() with { DataItems = [.. Content().DataItems, new DataItem { Name = "户籍地址", Type = DataItemType.String }] };
        e = Ok(CatalogWorkflow.Edit(e, Steward(), changed, T0));
        e = Ok(CatalogWorkflow.Submit(e, Steward(), CatalogReviewRoute.DepartmentOnly, "rule", T0));
        Assert.Equal(1, e.Published!.Number);
        e = Ok(CatalogWorkflow.Review(e, Reviewer(), true, null, T0.AddHours(1)));
        Assert.Equal(2, e.Published!.Number);
        var past = Assert.Single(e.PastVersions);
        Assert.Equal(1, past.Number);
        Assert.NotNull(past.SupersededAt);
        var diff = CatalogDiff.Between(past.Content, e.Published.Content);
        var change = Assert.Single(diff);
        Assert.Equal("dataItems[户籍地址]", change.Field);
        Assert.Null(change.From);
    }

    [Fact]
    public void Retirement_needs_approval_and_keeps_everything()
    {
        var e = Ok(CatalogWorkflow.RequestRetirement(PublishedEntry(), Steward(), "职能调整", T0));
        Assert.True(e.IsListed);
        Assert.Equal(RefusalKind.Forbidden, CatalogWorkflow.DecideRetirement(e, Steward(), true, null, CatalogReviewRoute.DepartmentOnly, T0).Refusal!.Kind);
        Assert.Equal(RefusalKind.Forbidden, CatalogWorkflow.DecideRetirement(e, Reviewer(), true, null, CatalogReviewRoute.DepartmentThenDataAuthority, T0).Refusal!.Kind);
        e = Ok(CatalogWorkflow.DecideRetirement(e, Authority(), true, null, CatalogReviewRoute.DepartmentThenDataAuthority, T0));
        Assert.Equal(CatalogEntryState.Retired, e.State);
        Assert.False(e.IsListed);
        Assert.NotNull(e.Published);
        Assert.Equal(RefusalKind.Conflict, CatalogWorkflow.NewVersion(e, Steward(), "x", T0).Refusal!.Kind);
    }

    [Fact]
    public void Emergency_reclassification_is_more_open_for_a_period_and_falls_back_by_itself()
    {
        var e = PublishedEntry();
        var until = T0.AddDays(30);
        Assert.Contains(CatalogWorkflow.Reclassify(e, Authority(), SharingType.NotShared, until, "疫情", null, T0).Refusal!.Errors, x => x.Field == "raisedTo");
        Assert.Equal(RefusalKind.Forbidden, CatalogWorkflow.Reclassify(e, Steward(), SharingType.Unconditional, until, "疫情", null, T0).Refusal!.Kind);
        Assert.Contains(CatalogWorkflow.Reclassify(e, Authority(), SharingType.Unconditional, T0.AddDays(-1), "疫情", null, T0).Refusal!.Errors, x => x.Field == "until");
        e = Ok(CatalogWorkflow.Reclassify(e, Authority(), SharingType.Unconditional, until, "突发公共卫生事件一级响应", null, T0));
        Assert.Equal(SharingType.Unconditional, e.EffectiveSharingTypeAt(T0.AddDays(29)));
        Assert.Equal(SharingType.Conditional, e.EffectiveSharingTypeAt(until));
        Assert.Equal(SharingType.Conditional, e.Published!.Content.SharingType);
    }

    [Fact]
    public void The_DataAuthority_ends_an_emergency_early_and_the_entry_falls_back_at_once()
    {
        var e = PublishedEntry();
        var until = T0.AddDays(30);
        Assert.Equal(RefusalKind.Conflict, CatalogWorkflow.EndEmergency(e, Authority(), "结束", T0).Refusal!.Kind);
        e = Ok(CatalogWorkflow.Reclassify(e, Authority(), SharingType.Unconditional, until, "突发公共卫生事件一级响应", null, T0));
        var at = T0.AddDays(10);
        Assert.Equal(RefusalKind.Forbidden, CatalogWorkflow.EndEmergency(e, Steward(), "结束", at).Refusal!.Kind);
        Assert.Contains(CatalogWorkflow.EndEmergency(e, Authority(), " ", at).Refusal!.Errors, x => x.Field == "reason");
        var ended = Ok(CatalogWorkflow.EndEmergency(e, Authority(), "应急响应解除", at));
        Assert.Equal(SharingType.Unconditional, ended.EffectiveSharingTypeAt(at.AddTicks(-1)));
        Assert.Equal(SharingType.Conditional, ended.EffectiveSharingTypeAt(at));
        Assert.Equal(SharingType.Conditional, ended.EffectiveSharingTypeAt(T0.AddDays(20)));
        Assert.Equal(until, ended.Emergency!.Until);
        Assert.Equal("emergency.end", ended.Events[^1].Action);
        // Ended is ended: a second end is a conflict, and so is ending one whose period already ran out.
        Assert.Equal(RefusalKind.Conflict, CatalogWorkflow.EndEmergency(ended, Authority(), "again", at.AddMinutes(1)).Refusal!.Kind);
        Assert.Equal(RefusalKind.Conflict, CatalogWorkflow.EndEmergency(e, Authority(), "late", until).Refusal!.Kind);
    }

    [Fact]
    public void A_reviewer_cannot_review_their_own_version()
    {
        var both = new GovData.Domain.Identity.Caller("same", Police, Jur, new HashSet<GovData.Domain.Identity.Role> { GovData.Domain.Identity.Role.DataSteward, GovData.Domain.Identity.Role.CatalogReviewer });
        var e = Ok(CatalogWorkflow.Submit(Ok(CatalogWorkflow.Create("e2", both, Content(), T0)), both, CatalogReviewRoute.DepartmentOnly, "r", T0));
        Assert.Equal(RefusalKind.Forbidden, CatalogWorkflow.Review(e, both, true, null, T0).Refusal!.Kind);
    }
}
