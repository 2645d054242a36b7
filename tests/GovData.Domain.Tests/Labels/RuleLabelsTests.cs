using GovData.Domain.Labels;
using GovData.Domain.RuleSets;

namespace GovData.Domain.Tests.Labels;

/// <summary>Every rule reads in Chinese: its name, its value and its source, for every built-in jurisdiction.</summary>
public class RuleLabelsTests
{
    private static bool HasChinese(string s) => s.Any(c => c >= '\u4E00' && c <= '\u9FFF');

    [Fact]
    public void Every_rule_has_a_Chinese_name_of_its_own()
    {
        Assert.All(RuleKeys.All, d => Assert.True(RuleLabels.HasName(d.Key), d.Key));
        var names = RuleKeys.All.Select(d => RuleLabels.Name(d.Key)).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal("no.such.rule", RuleLabels.Name("no.such.rule"));
    }

    [Fact]
    public void Every_built_in_rule_shows_its_value_and_source_in_Chinese()
    {
        var registry = RuleSetRegistry.BuiltIn();
        foreach (var jurisdiction in registry.Jurisdictions)
            foreach (var rule in registry.Resolve(jurisdiction, new DateOnly(2026, 11, 24)).Rules)
            {
                Assert.True(HasChinese(RuleLabels.Display(rule.BoxedValue)), $"{jurisdiction} {rule.Key}: {RuleLabels.Display(rule.BoxedValue)}");
                Assert.True(HasChinese(RuleLabels.Source(rule.Origin)), $"{jurisdiction} {rule.Key}: {RuleLabels.Source(rule.Origin)}");
            }
    }

    [Fact]
    public void Values_read_as_people_write_them()
    {
        var longyan = RuleSetRegistry.BuiltIn().Resolve(BuiltInRuleSets.Longyan, new DateOnly(2026, 11, 24));
        string Show(string key) => RuleLabels.Display(longyan.Rules.Single(r => r.Key == key).BoxedValue);
        Assert.Equal("5 个工作日", Show("shareDecision.deadline"));
        Assert.Equal("12 个月（1 年）", Show("shareDecision.maxGrantPeriod"));
        Assert.Equal("否", Show("access.bulkExportAllowed"));
        Assert.Equal("无条件共享：直接获取", Show("sharing.unconditional"));
        Assert.Equal("数据管理机构会同提供部门审核", Show("shareDecision.route"));
        Assert.Equal("内资企业、高等院校、科研院所", Show("openApplication.eligibleApplicants"));
        Assert.Equal("004 第十二条", RuleLabels.Source(longyan.Rules.Single(r => r.Key == "shareDecision.deadline").Origin));
        Assert.StartsWith("沿用上级规则 350000@v1：平台默认值", RuleLabels.Source(longyan.Rules.Single(r => r.Key == "dispute.deadline").Origin));
        // Fujian's three years prevail over Longyan's own six months (000 第三十九条, 004 第二十四条).
        var retention = RuleLabels.Source(longyan.Rules.Single(r => r.Key == "audit.retention").Origin);
        Assert.Contains("本地规定为 6 个月", retention);
        Assert.DoesNotContain("months", retention);
    }
}
