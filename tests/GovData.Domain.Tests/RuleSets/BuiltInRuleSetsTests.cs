using GovData.Domain.Catalog;
using GovData.Domain.RuleSets;

namespace GovData.Domain.Tests.RuleSets;

public class BuiltInRuleSetsTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly RuleSetRegistry Registry = RuleSetRegistry.BuiltIn();

    private static EffectiveRuleSet On(string code, DateOnly? on = null) => Registry.Resolve(code, on ?? Today);

    private static void AssertCited<T>(Rule<T> rule, T value, string file, string article) where T : notnull
    {
        Assert.Equal(value, rule.Value);
        Assert.Equal(RuleOriginKind.Regulation, rule.Origin.Kind);
        Assert.Equal(file, rule.Origin.Citation!.RegulationFile);
        Assert.Equal(article, rule.Origin.Citation.Article);
    }

    [Fact]
    public void All_five_jurisdictions_load_as_version_1()
    {
        Assert.Equal(["130100", "310000", "350000", "350800", "370500"], Registry.Jurisdictions);
        foreach (var code in Registry.Jurisdictions)
        {
            Assert.Equal(1, Registry.Latest(code).Version);
            var effective = On(code);
            Assert.Equal(RuleKeys.All.Count, effective.Rules.Count);
        }
    }

    [Fact]
    public void Every_value_names_an_article_or_says_why_it_is_a_platform_default()
    {
        foreach (var ruleSet in BuiltInRuleSets.Load())
        foreach (var rule in ruleSet.Rules.Values)
        {
            switch (rule.Origin)
            {
                case RuleOrigin.Regulation r:
                    Assert.Equal(ruleSet.Regulation.File, r.Source.RegulationFile);
                    Assert.Null(r.Source.Problem());
                    Assert.False(string.IsNullOrWhiteSpace(r.Source.Quote), $"{ruleSet.Ref} {rule.Key} cites without a quote");
                    break;
                case RuleOrigin.PlatformDefault d:
                    Assert.True(d.Reason.Length > 20, $"{ruleSet.Ref} {rule.Key}: a default needs a real reason");
                    break;
                default:
                    Assert.Fail($"{ruleSet.Ref} {rule.Key} has origin {rule.Origin.Kind}");
                    break;
            }
        }
    }

    [Fact]
    public void Quotes_are_taken_from_the_regulation_text()
    {
        // The regulations sit next to the repo in the shared folder; when they are not there, nothing to compare.
        var folder = RepoFiles.RegulationsFolder();
        if (folder is null) return;
        foreach (var ruleSet in BuiltInRuleSets.Load())
        {
            var text = RepoFiles.Normalize(File.ReadAllText(Directory.GetFiles(folder, $"{ruleSet.Regulation.File}_*.txt").Single()));
            var quotes = ruleSet.Rules.Values.Select(r => (r.Key, r.Origin.Citation?.Quote))
                .Append(("validity", ruleSet.Validity.Source?.Quote));
            foreach (var (key, quote) in quotes)
            {
                if (quote is null) continue;
                foreach (var fragment in quote.Split('…'))
                    Assert.True(text.Contains(RepoFiles.Normalize(fragment)), $"{ruleSet.Ref} {key}: quote not in the text: {fragment}");
            }
        }
    }

    [Fact]
    public void Shanghai_provider_decides_within_10_working_days_under_article_14()
    {
        var sh = On(BuiltInRuleSets.Shanghai, new DateOnly(2020, 6, 1));
        AssertCited(sh.ShareDecision.Route, DecisionRoute.ProviderDepartment, "001", "第十四条");
        AssertCited(sh.ShareDecision.Deadline, new WorkingDays(10), "001", "第十四条");
        AssertCited(sh.Catalog.ReviewRoute, CatalogReviewRoute.DepartmentOnly, "001", "第十条");
        AssertCited(sh.Catalog.UpdateDeadline, new WorkingDays(2), "001", "第十条");
        AssertCited(sh.Catalog.AnnualFullReview, true, "001", "第十条");
        AssertCited(sh.DataChange.UpdateDeadline, new WorkingDays(2), "001", "第十六条");
        AssertCited(sh.DataChange.NotifyConsumers, true, "001", "第十六条");
        AssertCited(sh.Dispute.Route, DisputeRoute.CoordinationOfficeThenLeadingGroup, "001", "第十四条");
        Assert.Equal("普遍共享", sh.Sharing.Unconditional.Value.LocalName);
        Assert.Equal("按需共享", sh.Sharing.Conditional.Value.LocalName);
        Assert.Equal("不共享", sh.Sharing.NotShared.Value.LocalName);
        Assert.Equal("001 第十四条", sh.ShareDecision.Deadline.Origin.Citation!.ToString());
        Assert.Equal(RuleSetStatus.InForce, sh.Status);
    }

    [Fact]
    public void Shanghai_opens_nothing_because_its_text_governs_sharing_only()
    {
        var sh = On(BuiltInRuleSets.Shanghai);
        Assert.False(sh.Opening.Unconditional.Value.Offered);
        Assert.False(sh.Opening.OnApplication.Value.Offered);
        Assert.Equal(RuleOriginKind.PlatformDefault, sh.Opening.OnApplication.Origin.Kind);
        Assert.Empty(sh.OpenApplication.EligibleApplicants.Value.Items);
    }

    [Fact]
    public void Shijiazhuang_provider_reviews_within_5_days_and_shared_data_needs_a_filing()
    {
        var sjz = On(BuiltInRuleSets.Shijiazhuang);
        AssertCited(sjz.ShareDecision.Route, DecisionRoute.ProviderDepartment, "003", "第八条");
        AssertCited(sjz.ShareDecision.Deadline, new WorkingDays(5), "003", "第八条");
        Assert.True(sjz.Sharing.UnconditionalNeedsFiling.Value);
        Assert.Equal("003 第二条 第八条", sjz.Sharing.UnconditionalNeedsFiling.Origin.Citation!.ToString());
        Assert.Equal(SharingAccess.DirectAfterFiling, sjz.Sharing.Unconditional.Value.Access);
        Assert.Equal("共享類", sjz.Sharing.Unconditional.Value.LocalName);
        Assert.Equal("專用類", sjz.Sharing.For(SharingType.NotShared).Value.LocalName);
        Assert.Equal(SharingAccess.OnRequest, sjz.Sharing.NotShared.Value.Access);
        Assert.Null(sjz.Sharing.Conditional.Value.LocalName);
        Assert.Equal(SharingAccess.None, sjz.Sharing.Conditional.Value.Access);
        AssertCited(sjz.Catalog.ReviewRoute, CatalogReviewRoute.DepartmentThenDataAuthority, "003", "第六条");
        AssertCited(sjz.Catalog.UpdateDeadline, new WorkingDays(2), "003", "第六条");
        AssertCited(sjz.ErrorFeedback.Route, ErrorFeedbackRoute.ThroughCoordinationOffice, "003", "第九条");
        Assert.Equal("開放類", sjz.Opening.Unconditional.Value.LocalName);
        Assert.False(sjz.Opening.OnApplication.Value.Offered);
        Assert.Equal(RuleSetStatus.InForce, sjz.Status);
    }

    [Fact]
    public void Other_jurisdictions_need_no_filing_for_unconditional_data()
    {
        foreach (var code in new[] { BuiltInRuleSets.Fujian, BuiltInRuleSets.Shanghai, BuiltInRuleSets.Dongying, BuiltInRuleSets.Longyan })
        {
            var rule = On(code).Sharing.UnconditionalNeedsFiling;
            Assert.False(rule.Value);
            Assert.NotNull(rule.Origin.Citation);
        }
    }

    [Fact]
    public void Longyan_DataAuthority_decides_with_the_provider_within_5_days_and_forbids_bulk_export()
    {
        var ly = On(BuiltInRuleSets.Longyan);
        AssertCited(ly.ShareDecision.Route, DecisionRoute.DataAuthorityWithProvider, "004", "第十二条");
        AssertCited(ly.ShareDecision.Deadline, new WorkingDays(5), "004", "第十二条");
        AssertCited(ly.Access.BulkExportAllowed, false, "004", "第十三条");
        AssertCited(ly.Access.FreeQueryAllowed, false, "004", "第十三条");
        AssertCited(ly.OpenDemand.AnswerDeadline, new WorkingDays(20), "004", "第十九条");
        AssertCited(ly.OpenApplication.AcademicNonProfitOnly, true, "004", "第十八条");
        AssertCited(ly.OpenApplication.EligibleApplicants,
            new ApplicantTypeSet([ApplicantType.DomesticEnterprise, ApplicantType.University, ApplicantType.ResearchInstitute]), "004", "第十七条");
        Assert.False(ly.OpenApplication.MayApply(ApplicantType.Other));
        Assert.True(ly.OpenApplication.NonProfitOnly(ApplicantType.University));
        Assert.False(ly.OpenApplication.NonProfitOnly(ApplicantType.DomesticEnterprise));
        Assert.Equal("暂不共享", ly.Sharing.NotShared.Value.LocalName);
        Assert.Equal("授权开放类", ly.Opening.For(OpenType.OnApplication).Value.LocalName);
    }

    [Fact]
    public void Dongying_dynamic_scheduling_green_channel_and_notice_come_from_article_23()
    {
        var dy = On(BuiltInRuleSets.Dongying, new DateOnly(2026, 11, 20));
        AssertCited(dy.NonAggregated.AnswerDeadline, new WorkingDays(3), "002", "第二十三条");
        AssertCited(dy.NonAggregated.AvailabilityDeadline, new WorkingDays(20), "002", "第二十三条");
        AssertCited(dy.GreenChannel.Enabled, true, "002", "第二十三条");
        AssertCited(dy.GreenChannel.AnswerDeadline, new WorkingDays(1), "002", "第二十三条");
        AssertCited(dy.GreenChannel.AvailabilityDeadline, new WorkingDays(5), "002", "第二十三条");
        AssertCited(dy.DataChange.ServiceChangeNotice, new WorkingDays(10), "002", "第二十三条");
        AssertCited(dy.ShareDecision.Route, DecisionRoute.ProviderDepartment, "002", "第二十一条");
        AssertCited(dy.ShareDecision.Deadline, new WorkingDays(10), "002", "第二十一条");
        AssertCited(dy.Catalog.LegalChangeUpdateDeadline, new WorkingDays(15), "002", "第十一条");
        AssertCited(dy.Catalog.ReviewRoute, CatalogReviewRoute.DepartmentThenDataAuthority, "002", "第十条");
        AssertCited(dy.Dispute.Route, DisputeRoute.DataAuthorityCoordination, "002", "第二十三条");
        Assert.True(dy.OpenApplication.MayApply(ApplicantType.Other));
        Assert.Equal("不予共享类", dy.Sharing.NotShared.Value.LocalName);
        Assert.Equal("依申请开放", dy.Opening.OnApplication.Value.LocalName);
        Assert.Equal(new DateOnly(2026, 11, 20), Registry.Latest(BuiltInRuleSets.Dongying).ValidUntil);
        Assert.Equal("002 第三十八条", Registry.Latest(BuiltInRuleSets.Dongying).Validity.Source!.ToString());
        Assert.Equal(RuleSetStatus.InForce, dy.Status);
    }

    [Fact]
    public void Fujian_DataAuthority_decides_and_its_deadline_is_an_explicit_platform_default()
    {
        var fj = On(BuiltInRuleSets.Fujian);
        AssertCited(fj.ShareDecision.Route, DecisionRoute.DataAuthority, "000", "第二十五条");
        Assert.Equal(RuleOriginKind.PlatformDefault, fj.ShareDecision.Deadline.Origin.Kind);
        Assert.Null(fj.ShareDecision.Deadline.Origin.Citation);
        Assert.Contains("按照規定程序", fj.ShareDecision.Deadline.Origin.Describe());
        AssertCited(fj.Audit.Retention, new Months(36), "000", "第三十九条");
        AssertCited(fj.OpenApplication.AcademicNonProfitOnly, true, "000", "第三十三条");
        Assert.Equal("無條件共享", fj.Sharing.Unconditional.Value.LocalName);
        Assert.Equal("暫不共享", fj.Sharing.NotShared.Value.LocalName);
        Assert.Equal("普遍開放類", fj.Opening.Unconditional.Value.LocalName);
    }

    [Fact]
    public void Rules_the_later_features_need_are_present_everywhere()
    {
        foreach (var code in Registry.Jurisdictions)
        {
            var e = On(code);
            Assert.True(e.ErrorFeedback.AnswerDeadline.Value.Days > 0);
            Assert.True(e.Dispute.Deadline.Value.Days > 0);
            Assert.True(e.ShareDecision.MaxGrantPeriod.Value.Count > 0);
            Assert.Empty(RuleSetAmendmentValidator.Consistency(e));
        }
    }
}
