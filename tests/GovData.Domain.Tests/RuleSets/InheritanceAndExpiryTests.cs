using GovData.Domain.RuleSets;

namespace GovData.Domain.Tests.RuleSets;

public class InheritanceAndExpiryTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly RuleSetRegistry Registry = RuleSetRegistry.BuiltIn();

    [Fact]
    public void Longyan_takes_Fujian_rules_where_its_text_is_silent_and_names_Fujian_as_the_source()
    {
        var ly = Registry.Resolve(BuiltInRuleSets.Longyan, Today);

        Assert.Equal("350800@v1+350000@v1", ly.Stamp.ToString());
        Assert.Equal([BuiltInRuleSets.Longyan, BuiltInRuleSets.Fujian], ly.Chain.Select(r => r.Jurisdiction));

        var dispute = Assert.IsType<RuleOrigin.Inherited>(ly.Dispute.Route.Origin);
        Assert.Equal(BuiltInRuleSets.Fujian, dispute.FromJurisdiction);
        Assert.Equal(1, dispute.FromVersion);
        Assert.Equal(DisputeRoute.GovernmentCoordination, ly.Dispute.Route.Value);
        Assert.Equal("000 第四条", ly.Dispute.Route.Origin.Citation!.ToString());
        Assert.Equal("inherited from 350000@v1: 000 第四条", ly.Dispute.Route.Origin.Describe());

        // Silent in Longyan, a platform default in Fujian: the chain says both.
        var update = Assert.IsType<RuleOrigin.Inherited>(ly.Catalog.UpdateDeadline.Origin);
        Assert.IsType<RuleOrigin.PlatformDefault>(update.ParentOrigin);
        Assert.Contains("及时", update.LocalNote);
        Assert.Null(ly.Catalog.UpdateDeadline.Origin.Citation);

        Assert.Equal(CatalogReviewRoute.DepartmentThenDataAuthority, ly.Catalog.ReviewRoute.Value);
        Assert.Equal(RuleOriginKind.Inherited, ly.Catalog.ReviewRoute.Origin.Kind);
        Assert.Equal(RuleOriginKind.Inherited, ly.OpenApplication.Deadline.Origin.Kind);

        // Where Longyan speaks, its own article wins over Fujian's.
        Assert.Equal(DecisionRoute.DataAuthorityWithProvider, ly.ShareDecision.Route.Value);
        Assert.Equal(RuleOriginKind.Regulation, ly.ShareDecision.Route.Origin.Kind);
    }

    [Fact]
    public void Longyan_keeps_audit_logs_for_Fujian_3_year_minimum_not_its_own_6_months()
    {
        var ly = Registry.Resolve(BuiltInRuleSets.Longyan, Today);

        Assert.Equal(new Months(36), ly.Audit.Retention.Value);
        var origin = Assert.IsType<RuleOrigin.ParentMinimum>(ly.Audit.Retention.Origin);
        Assert.Equal("000 第三十九条", origin.Citation!.ToString());
        Assert.Equal("6 months", origin.LocalValue);
        Assert.Equal("004 第二十四条", origin.LocalOrigin.Citation!.ToString());
        Assert.Contains("prevails", origin.Describe());
        // The city's own text is still what its rule set holds.
        Assert.Equal(new Months(6), Registry.Latest(BuiltInRuleSets.Longyan).Get(RuleKeys.AuditRetention)!.Value);
    }

    [Fact]
    public void Dongying_after_2026_11_20_is_flagged_expired_with_an_explicit_policy()
    {
        var before = Registry.Resolve(BuiltInRuleSets.Dongying, new DateOnly(2026, 11, 20));
        Assert.False(before.Expired);
        Assert.Null(before.AfterExpiry);

        var after = Registry.Resolve(BuiltInRuleSets.Dongying, Today);
        Assert.True(after.Expired);
        Assert.Equal(RuleSetStatus.Expired, after.Status);
        Assert.Equal("370500@v1", after.Stamp.ToString());
        Assert.Equal(ExpiryPolicy.ContinueFlagged, after.AfterExpiryPolicy.Value);
        Assert.False(after.DecisionsSuspended);
        Assert.Contains("expired on 2026-11-20", after.AfterExpiry);
        Assert.Contains("002 第三十八条", after.AfterExpiry);
        Assert.Contains("DataAuthority must load a successor", after.AfterExpiry);
        // The same rules keep applying.
        Assert.Equal(new WorkingDays(10), after.ShareDecision.Deadline.Value);

        var applied = after.Cite(after.ShareDecision.Deadline);
        Assert.Equal(RuleSetStatus.Expired, applied.Status);
        Assert.EndsWith("[Expired]", applied.ToString());
    }

    [Fact]
    public void Shanghai_measures_lapsed_after_five_years_and_are_flagged_too()
    {
        Assert.Equal(new DateOnly(2021, 2, 28), Registry.Latest(BuiltInRuleSets.Shanghai).ValidUntil);
        Assert.False(Registry.Resolve(BuiltInRuleSets.Shanghai, new DateOnly(2021, 2, 28)).Expired);
        var today = Registry.Resolve(BuiltInRuleSets.Shanghai, Today);
        Assert.True(today.Expired);
        Assert.Contains("001 第二十六条", today.AfterExpiry);
    }

    [Fact]
    public void Jurisdictions_without_an_end_date_stay_in_force()
    {
        foreach (var code in new[] { BuiltInRuleSets.Fujian, BuiltInRuleSets.Longyan, BuiltInRuleSets.Shijiazhuang })
        {
            var e = Registry.Resolve(code, Today);
            Assert.Equal(RuleSetStatus.InForce, e.Status);
            Assert.Null(e.AfterExpiry);
        }
    }

    [Fact]
    public void A_date_before_the_regulation_took_effect_is_flagged()
    {
        var e = Registry.Resolve(BuiltInRuleSets.Dongying, new DateOnly(2021, 11, 20));
        Assert.Equal(RuleSetStatus.NotYetInForce, e.Status);
        Assert.Equal(1, e.Version);
    }

    [Fact]
    public void A_suspend_policy_makes_decisions_stop_after_expiry()
    {
        var amended = Registry.Amend(new RuleSetAmendment
        {
            Jurisdiction = BuiltInRuleSets.Dongying,
            BasedOnVersion = 1,
            Reason = "东营市大数据局: no successor yet; stop decisions until one is loaded",
            AmendedBy = "dy-authority",
            RecordedOn = Today,
            EffectiveFrom = Today,
            Changes = [RuleChange.Of(RuleKeys.AfterExpiry, ExpiryPolicy.SuspendDecisions)],
        });
        Assert.True(amended.Succeeded);
        var e = amended.Registry.Resolve(BuiltInRuleSets.Dongying, Today);
        Assert.True(e.DecisionsSuspended);
        Assert.Contains("suspended", e.AfterExpiry);
    }

    [Fact]
    public void Loading_a_successor_validity_ends_the_expired_flag_from_its_effective_date()
    {
        var successor = Registry.Amend(new RuleSetAmendment
        {
            Jurisdiction = BuiltInRuleSets.Dongying,
            BasedOnVersion = 1,
            Reason = "Successor measures adopted; rules unchanged",
            AmendedBy = "dy-authority",
            RecordedOn = Today,
            EffectiveFrom = new DateOnly(2026, 12, 1),
            Validity = new ValidityChange(new DateOnly(2026, 12, 1), null, new Citation("002", "第三十八条"), "successor pending publication"),
        });
        Assert.True(successor.Succeeded, string.Join("; ", successor.Errors));
        var registry = successor.Registry;

        Assert.True(registry.Resolve(BuiltInRuleSets.Dongying, new DateOnly(2026, 11, 30)).Expired);
        var after = registry.Resolve(BuiltInRuleSets.Dongying, new DateOnly(2026, 12, 1));
        Assert.False(after.Expired);
        Assert.Equal(2, after.Version);
    }
}
