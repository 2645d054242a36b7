using GovData.Domain.RuleSets;

namespace GovData.Domain.Tests.RuleSets;

public class AmendmentTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly RuleSetRegistry Registry = RuleSetRegistry.BuiltIn();

    private static RuleSetAmendment Amendment(string code, params RuleChange[] changes) => new()
    {
        Jurisdiction = code,
        BasedOnVersion = 1,
        Reason = "市大数据局 decision 2026-11: faster decisions",
        AmendedBy = "authority-user",
        RecordedOn = Today,
        EffectiveFrom = Today,
        Changes = changes,
    };

    private static void AssertError(IReadOnlyList<ValidationError> errors, string field, string reasonPart) =>
        Assert.Contains(errors, e => e.Field == field && e.Reason.Contains(reasonPart, StringComparison.Ordinal));

    [Fact]
    public void Resolved_rules_are_kept_per_registry_and_an_amended_registry_resolves_afresh()
    {
        var registry = RuleSetRegistry.BuiltIn();
        var before = registry.Resolve(BuiltInRuleSets.Longyan, Today);
        Assert.Same(before, registry.Resolve(BuiltInRuleSets.Longyan, Today));
        Assert.NotSame(before, registry.Resolve(BuiltInRuleSets.Longyan, Today.AddDays(1)));

        // Resolved on the old registry first, so a cache shared between the two would answer version 1 here.
        var amended = registry.Amend(Amendment(BuiltInRuleSets.Longyan, RuleChange.Of(RuleKeys.ShareDecisionDeadline, new WorkingDays(3), new Citation("004", "第十二条")))).Registry;
        Assert.Equal(new WorkingDays(3), amended.Resolve(BuiltInRuleSets.Longyan, Today).ShareDecision.Deadline.Value);
        Assert.Equal("350800@v1+350000@v1", registry.Resolve(BuiltInRuleSets.Longyan, Today).Stamp.ToString());
    }

    [Fact]
    public void An_amendment_makes_a_new_version_and_old_versions_still_resolve()
    {
        var basis = new Citation("004", "第十二条");
        var result = Registry.Amend(Amendment(BuiltInRuleSets.Longyan, RuleChange.Of(RuleKeys.ShareDecisionDeadline, new WorkingDays(3), basis)));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var v2 = result.NewVersion!;
        Assert.Equal(2, v2.Version);
        Assert.Equal(["shareDecision.deadline"], v2.Amendment!.ChangedKeys);
        Assert.Equal("authority-user", v2.Amendment.AmendedBy);

        var now = result.Registry.Resolve(BuiltInRuleSets.Longyan, Today);
        Assert.Equal("350800@v2+350000@v1", now.Stamp.ToString());
        Assert.Equal(new WorkingDays(3), now.ShareDecision.Deadline.Value);
        var origin = Assert.IsType<RuleOrigin.Amendment>(now.ShareDecision.Deadline.Origin);
        Assert.Equal(2, origin.Version);
        Assert.Equal(basis, origin.Citation);
        Assert.Contains("faster decisions", origin.Describe());
        // Untouched rules keep their origin.
        Assert.Equal(RuleOriginKind.Regulation, now.ShareDecision.Route.Origin.Kind);

        // A decision taken under v1 resolves exactly as it was, by version or by stamp.
        var v1 = result.Registry.Resolve(BuiltInRuleSets.Longyan, 1, Today);
        Assert.Equal(new WorkingDays(5), v1.ShareDecision.Deadline.Value);
        var byStamp = result.Registry.Resolve(RuleSetStamp.TryParse("350800@v1+350000@v1")!, Today);
        Assert.Equal(new WorkingDays(5), byStamp.ShareDecision.Deadline.Value);
        Assert.Equal("004 第十二条", byStamp.ShareDecision.Deadline.Origin.Citation!.ToString());

        // The original registry is unchanged.
        Assert.Equal(1, Registry.Latest(BuiltInRuleSets.Longyan).Version);
        Assert.Equal(2, result.Registry.Versions(BuiltInRuleSets.Longyan).Count);
    }

    [Fact]
    public void A_future_amendment_governs_only_from_its_effective_date()
    {
        var result = Registry.Amend(Amendment(BuiltInRuleSets.Shijiazhuang, RuleChange.Of(RuleKeys.ShareDecisionDeadline, new WorkingDays(4)))
            with { EffectiveFrom = new DateOnly(2027, 1, 1) });
        Assert.True(result.Succeeded);
        Assert.Equal(1, result.Registry.Resolve(BuiltInRuleSets.Shijiazhuang, new DateOnly(2026, 12, 31)).Version);
        Assert.Equal(2, result.Registry.Resolve(BuiltInRuleSets.Shijiazhuang, new DateOnly(2027, 1, 1)).Version);
    }

    [Fact]
    public void A_province_amendment_reaches_the_city_where_the_city_is_silent()
    {
        var result = Registry.Amend(Amendment(BuiltInRuleSets.Fujian, RuleChange.Of(RuleKeys.DisputeDeadline, new WorkingDays(15))));
        Assert.True(result.Succeeded);
        var ly = result.Registry.Resolve(BuiltInRuleSets.Longyan, Today);
        Assert.Equal("350800@v1+350000@v2", ly.Stamp.ToString());
        Assert.Equal(new WorkingDays(15), ly.Dispute.Deadline.Value);
        var inherited = Assert.IsType<RuleOrigin.Inherited>(ly.Dispute.Deadline.Origin);
        Assert.Equal(2, inherited.FromVersion);
        Assert.IsType<RuleOrigin.Amendment>(inherited.ParentOrigin);
    }

    [Fact]
    public void A_city_may_return_to_its_parent_rule()
    {
        var result = Registry.Amend(Amendment(BuiltInRuleSets.Longyan, RuleChange.Inherit(RuleKeys.FreeQueryAllowed)));
        Assert.True(result.Succeeded);
        var ly = result.Registry.Resolve(BuiltInRuleSets.Longyan, Today);
        Assert.True(ly.Access.FreeQueryAllowed.Value);
        Assert.Equal(RuleOriginKind.Inherited, ly.Access.FreeQueryAllowed.Origin.Kind);
    }

    [Fact]
    public void Deadlines_must_be_between_1_and_60_working_days()
    {
        var errors = RuleSetAmendmentValidator.Validate(
            Amendment(BuiltInRuleSets.Shanghai, RuleChange.Of(RuleKeys.ShareDecisionDeadline, new WorkingDays(61))), Registry);
        AssertError(errors, "rules.shareDecision.deadline", "between 1 and 60");
    }

    [Fact]
    public void A_city_cannot_keep_logs_shorter_than_its_province()
    {
        var errors = RuleSetAmendmentValidator.Validate(
            Amendment(BuiltInRuleSets.Longyan, RuleChange.Of(RuleKeys.AuditRetention, new Months(12))), Registry);
        AssertError(errors, "rules.audit.retention", "at least 36 months");
        AssertError(errors, "rules.audit.retention", "000 第三十九条");

        Assert.Empty(RuleSetAmendmentValidator.Validate(
            Amendment(BuiltInRuleSets.Longyan, RuleChange.Of(RuleKeys.AuditRetention, new Months(48))), Registry));
    }

    [Fact]
    public void Who_why_which_version_and_when_are_checked()
    {
        var errors = RuleSetAmendmentValidator.Validate(
            Amendment(BuiltInRuleSets.Fujian, RuleChange.Of(RuleKeys.ShareDecisionDeadline, new WorkingDays(7))) with
            {
                Reason = " ",
                AmendedBy = "",
                BasedOnVersion = 3,
                EffectiveFrom = Today.AddDays(-1),
            }, Registry);
        AssertError(errors, "reason", "is required");
        AssertError(errors, "amendedBy", "is required");
        AssertError(errors, "basedOnVersion", "latest version is 1");
        AssertError(errors, "effectiveFrom", "must not be before 2026-11-24");
    }

    [Fact]
    public void Unknown_jurisdictions_and_rules_are_refused()
    {
        AssertError(RuleSetAmendmentValidator.Validate(Amendment("440300", RuleChange.Of(RuleKeys.DisputeDeadline, new WorkingDays(5))), Registry),
            "jurisdiction", "unknown jurisdiction '440300'");
        var errors = RuleSetAmendmentValidator.Validate(Amendment(BuiltInRuleSets.Fujian,
            new RuleChange("shareDecision.speed", new WorkingDays(5), null),
            new RuleChange(RuleKeys.DisputeDeadline.Key, 5, null)), Registry);
        AssertError(errors, "rules.shareDecision.speed", "is not a rule");
        AssertError(errors, "rules.dispute.deadline", "must be a WorkingDays");
    }

    [Fact]
    public void An_empty_amendment_and_a_root_inherit_are_refused()
    {
        AssertError(RuleSetAmendmentValidator.Validate(Amendment(BuiltInRuleSets.Fujian), Registry), "rules", "at least one rule");
        AssertError(RuleSetAmendmentValidator.Validate(Amendment(BuiltInRuleSets.Fujian, RuleChange.Inherit(RuleKeys.DisputeDeadline)), Registry),
            "rules.dispute.deadline", "no parent");
        AssertError(RuleSetAmendmentValidator.Validate(Amendment(BuiltInRuleSets.Longyan, RuleChange.Inherit(RuleKeys.DisputeDeadline)), Registry),
            "rules.dispute.deadline", "already inherits");
    }

    [Fact]
    public void The_resulting_rules_must_agree_with_each_other()
    {
        var errors = RuleSetAmendmentValidator.Validate(Amendment(BuiltInRuleSets.Dongying,
            RuleChange.Of(RuleKeys.GreenChannelAnswerDeadline, new WorkingDays(4))), Registry);
        AssertError(errors, "rules.greenChannel.answerDeadline", "faster route");

        var open = Registry.Amend(Amendment(BuiltInRuleSets.Shanghai, RuleChange.Of(RuleKeys.OpenOnApplication,
            new OpenCategory("依申请开放", "opened on application", Offered: true))));
        AssertError(open.Errors, "rules.openApplication.eligibleApplicants", "at least one applicant type");
    }

    [Fact]
    public void A_province_amendment_that_breaks_a_city_is_refused_with_the_city_named()
    {
        // Longyan first drops its own applicant list and takes Fujian's, while still offering 授权开放类 itself.
        var city = Registry.Amend(Amendment(BuiltInRuleSets.Longyan, RuleChange.Inherit(RuleKeys.OpenApplicationEligibleApplicants)));
        Assert.True(city.Succeeded, string.Join("; ", city.Errors));

        // Fujian then stops on-application opening and empties its list: fine for Fujian, not for Longyan.
        var errors = RuleSetAmendmentValidator.Validate(Amendment(BuiltInRuleSets.Fujian,
            RuleChange.Of(RuleKeys.OpenOnApplication, new OpenCategory("授權開放類", "suspended", Offered: false)),
            RuleChange.Of(RuleKeys.OpenApplicationEligibleApplicants, ApplicantTypeSet.None)), city.Registry);
        var error = Assert.Single(errors);
        Assert.Equal("rules.openApplication.eligibleApplicants", error.Field);
        Assert.Contains("350800", error.Reason);
    }

    [Fact]
    public void Sharing_category_access_must_fit_the_sharing_type()
    {
        var errors = RuleSetAmendmentValidator.Validate(Amendment(BuiltInRuleSets.Fujian,
            RuleChange.Of(RuleKeys.SharingNotShared, new SharingCategory("暫不共享", "x", SharingAccess.Direct))), Registry);
        AssertError(errors, "rules.sharing.notShared", "access must be one of None, OnRequest");
    }

    [Fact]
    public void Stale_amendments_are_refused_after_another_one_was_applied()
    {
        var first = Registry.Amend(Amendment(BuiltInRuleSets.Fujian, RuleChange.Of(RuleKeys.DisputeDeadline, new WorkingDays(15))));
        var second = first.Registry.Amend(Amendment(BuiltInRuleSets.Fujian, RuleChange.Of(RuleKeys.DisputeDeadline, new WorkingDays(10))));
        Assert.False(second.Succeeded);
        Assert.Same(first.Registry, second.Registry);
        AssertError(second.Errors, "basedOnVersion", "latest version is 2");
    }

    [Fact]
    public void Recorded_amendments_replay_to_the_same_versions()
    {
        var a1 = Amendment(BuiltInRuleSets.Fujian, RuleChange.Of(RuleKeys.DisputeDeadline, new WorkingDays(15)));
        var a2 = Amendment(BuiltInRuleSets.Fujian, RuleChange.Of(RuleKeys.ShareDecisionDeadline, new WorkingDays(8))) with { BasedOnVersion = 2 };
        var replayed = Registry.Replay([a1, a2]);
        Assert.Equal(3, replayed.Latest(BuiltInRuleSets.Fujian).Version);
        Assert.Throws<InvalidOperationException>(() => Registry.Replay([a2]));
    }
}
