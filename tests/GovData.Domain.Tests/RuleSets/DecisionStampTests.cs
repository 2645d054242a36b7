using GovData.Domain.RuleSets;

namespace GovData.Domain.Tests.RuleSets;

public class DecisionStampTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly RuleSetRegistry Registry = RuleSetRegistry.BuiltIn();

    [Fact]
    public void A_decision_records_the_stamp_and_the_article_it_applied()
    {
        var e = Registry.Resolve(BuiltInRuleSets.Dongying, new DateOnly(2026, 11, 2));
        var applied = e.Cite(e.ShareDecision.Deadline);

        Assert.Equal("370500@v1", applied.Stamp.ToString());
        Assert.Equal("shareDecision.deadline", applied.Rule);
        Assert.Equal("10 working days", applied.Value);
        Assert.Equal("002 第二十一条", applied.Citation!.ToString());
        Assert.Equal(RuleOriginKind.Regulation, applied.OriginKind);
        Assert.Equal(RuleSetStatus.InForce, applied.Status);
        Assert.Equal("370500@v1 shareDecision.deadline = 10 working days (002 第二十一条)", applied.ToString());
    }

    [Fact]
    public void A_decision_on_a_platform_default_says_so()
    {
        var e = Registry.Resolve(BuiltInRuleSets.Fujian, Today);
        var applied = e.Cite(RuleKeys.ShareDecisionDeadline);
        Assert.Null(applied.Citation);
        Assert.StartsWith("platform default:", applied.Source);
    }

    [Fact]
    public void A_stored_stamp_gives_back_the_same_rules()
    {
        var e = Registry.Resolve(BuiltInRuleSets.Longyan, Today);
        var stamp = RuleSetStamp.TryParse(e.Stamp.ToString())!;
        Assert.Equal(e.Stamp, stamp);
        var again = Registry.Resolve(stamp, Today);
        Assert.Equal(e.Rules.Select(r => (r.Key, r.BoxedValue, r.Origin.Describe())), again.Rules.Select(r => (r.Key, r.BoxedValue, r.Origin.Describe())));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("350800")]
    [InlineData("350800@1")]
    [InlineData("350800@v0")]
    [InlineData("35080@v1")]
    [InlineData("350800@v1+")]
    [InlineData("350800@v-1")]
    public void Malformed_stamps_are_not_stamps(string? text) => Assert.Null(RuleSetStamp.TryParse(text));

    [Fact]
    public void A_stamp_that_skips_the_parent_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Registry.Resolve(RuleSetStamp.TryParse("350800@v1")!, Today));
        Assert.Throws<KeyNotFoundException>(() => Registry.Resolve(RuleSetStamp.TryParse("350800@v9+350000@v1")!, Today));
        Assert.Throws<KeyNotFoundException>(() => Registry.Resolve("440300", Today));
    }
}
