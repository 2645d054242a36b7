using GovData.Domain.Audit;
using GovData.Domain.RuleSets;

namespace GovData.Domain.Tests.Audit;

/// <summary>Audit retention per rule set and the immutability period it requires.</summary>
public sealed class AuditRetentionTests
{
    private static readonly DateOnly On = new(2026, 11, 24);

    [Theory]
    [InlineData(36, 1096)] // 2027-03-01 .. 2030-03-01 spans 29 February 2028
    [InlineData(6, 184)]   // e.g. 2026-07-01 .. 2027-01-01
    [InlineData(12, 366)]
    [InlineData(1, 31)]
    public void The_most_days_a_number_of_months_can_span(int months, int days) =>
        Assert.Equal(days, AuditRetention.MaxDays(new Months(months)));

    [Fact]
    public void Fujian_keeps_3_years_and_Longyan_inherits_it_over_its_own_6_months()
    {
        var registry = RuleSetRegistry.BuiltIn();
        Assert.Equal(36, registry.Resolve("350000", On).Audit.Retention.Value.Count);
        Assert.Equal(6, registry.Latest("350800").Get(RuleKeys.AuditRetention)!.Value.Count);
        Assert.Equal(36, registry.Resolve("350800", On).Audit.Retention.Value.Count);
    }

    [Fact]
    [Trait("Rule", "audit.retention")]
    public void The_immutability_policy_must_cover_the_longest_retention_of_every_rule_set()
    {
        var registry = RuleSetRegistry.BuiltIn();
        var (_, longest) = AuditRetention.Longest(registry, On);
        Assert.Equal(36, longest.Count);
        Assert.All(registry.Jurisdictions, j => Assert.True(registry.Resolve(j, On).Audit.Retention.Value <= longest));
        Assert.Equal(1096, AuditRetention.RequiredImmutabilityDays(registry, On));
    }
}
