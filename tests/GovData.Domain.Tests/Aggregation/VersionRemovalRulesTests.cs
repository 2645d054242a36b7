using GovData.Domain.Aggregation;

namespace GovData.Domain.Tests.Aggregation;

public class VersionRemovalRulesTests
{
    [Theory]
    [InlineData(VersionRemovalDecision.Approve, VersionRemovalState.Approved)]
    [InlineData(VersionRemovalDecision.Refuse, VersionRemovalState.Refused)]
    public void A_pending_request_is_decided_once(VersionRemovalDecision decision, VersionRemovalState expected) =>
        Assert.Equal(expected, VersionRemovalRules.Decide(VersionRemovalState.Pending, decision));

    [Theory]
    [InlineData(VersionRemovalState.Approved, VersionRemovalDecision.Refuse)]
    [InlineData(VersionRemovalState.Approved, VersionRemovalDecision.Approve)]
    [InlineData(VersionRemovalState.Refused, VersionRemovalDecision.Approve)]
    public void A_decided_request_cannot_be_decided_again(VersionRemovalState current, VersionRemovalDecision decision) =>
        Assert.Null(VersionRemovalRules.Decide(current, decision));

    [Fact]
    public void An_undefined_decision_leads_nowhere_and_is_named()
    {
        Assert.Null(VersionRemovalRules.Decide(VersionRemovalState.Pending, (VersionRemovalDecision)7));
        Assert.Contains(VersionRemovalRules.ValidateDecision((VersionRemovalDecision)7, "ok"), e => e.Field == "decision");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_request_and_a_decision_need_a_reason(string? reason)
    {
        Assert.Equal("reason", Assert.Single(VersionRemovalRules.ValidateRequest(reason)).Field);
        Assert.Equal("reason", Assert.Single(VersionRemovalRules.ValidateDecision(VersionRemovalDecision.Refuse, reason)).Field);
    }

    [Fact]
    public void A_reason_has_a_length_limit()
    {
        Assert.Empty(VersionRemovalRules.ValidateRequest(new string('因', VersionRemovalRules.MaxReason)));
        Assert.Single(VersionRemovalRules.ValidateRequest(new string('因', VersionRemovalRules.MaxReason + 1)));
    }

    [Fact]
    public void The_current_version_is_the_latest_not_removed()
    {
        Assert.Equal(3, VersionRemovalRules.Current([(1, false), (2, false), (3, false)]));
        Assert.Equal(2, VersionRemovalRules.Current([(1, false), (2, false), (3, true)]));
        Assert.Equal(3, VersionRemovalRules.Current([(1, true), (3, false), (2, false)]));
        Assert.Equal(1, VersionRemovalRules.Current([(1, false), (2, true), (3, true)]));
        Assert.Null(VersionRemovalRules.Current([(1, true)]));
        Assert.Null(VersionRemovalRules.Current([]));
    }
}
