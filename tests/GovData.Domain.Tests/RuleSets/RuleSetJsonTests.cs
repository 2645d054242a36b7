using System.Text.Json;
using GovData.Domain.RuleSets;

namespace GovData.Domain.Tests.RuleSets;

public class RuleSetJsonTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static AmendmentParseResult Parse(string json) => RuleSetJson.ParseAmendment(json, "350800", "authority-user", Today);

    [Fact]
    public void A_valid_body_becomes_an_amendment_that_applies()
    {
        var parsed = Parse("""
            {
              "basedOnVersion": 1,
              "reason": "市大数据局 2026 第3号: faster answers",
              "effectiveFrom": "2026-12-01",
              "rules": {
                "shareDecision.deadline": { "value": 4, "basis": { "file": "004", "article": "第十二条" } },
                "access.freeQueryAllowed": { "inherit": true },
                "openApplication.eligibleApplicants": { "value": ["University", "DomesticEnterprise"] },
                "sharing.conditional": { "value": { "localName": "有条件共享", "meaning": "按条件共享", "access": "OnRequest" } }
              }
            }
            """);
        Assert.Empty(parsed.Errors);
        var a = parsed.Amendment!;
        Assert.Equal("350800", a.Jurisdiction);
        Assert.Equal("authority-user", a.AmendedBy);
        Assert.Equal(new DateOnly(2026, 12, 1), a.EffectiveFrom);
        Assert.Equal(4, a.Changes.Count);
        Assert.True(a.Changes.Single(c => c.Key == "access.freeQueryAllowed").IsInherit);

        var result = RuleSetRegistry.BuiltIn().Amend(a);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var e = result.Registry.Resolve("350800", new DateOnly(2026, 12, 1));
        Assert.Equal(new WorkingDays(4), e.ShareDecision.Deadline.Value);
        Assert.Equal("004 第十二条", e.ShareDecision.Deadline.Origin.Citation!.ToString());
    }

    [Theory]
    [InlineData("", "body")]
    [InlineData("not json", "body")]
    [InlineData("[1]", "body")]
    [InlineData("""{"reason": "r", "rules": {}}""", "basedOnVersion")]
    [InlineData("""{"basedOnVersion": 0, "reason": "r"}""", "basedOnVersion")]
    [InlineData("""{"basedOnVersion": 1}""", "reason")]
    [InlineData("""{"basedOnVersion": 1, "reason": "r", "effectiveFrom": "24/11/2026"}""", "effectiveFrom")]
    [InlineData("""{"basedOnVersion": 1, "reason": "r", "version": 2}""", "version")]
    [InlineData("""{"basedOnVersion": 1, "reason": "r", "rules": []}""", "rules")]
    [InlineData("""{"basedOnVersion": 1, "reason": "r", "rules": {"nope": {"value": 1}}}""", "rules.nope")]
    [InlineData("""{"basedOnVersion": 1, "reason": "r", "rules": {"shareDecision.deadline": {"value": "5"}}}""", "rules.shareDecision.deadline")]
    [InlineData("""{"basedOnVersion": 1, "reason": "r", "rules": {"shareDecision.deadline": {"value": 0}}}""", "rules.shareDecision.deadline")]
    [InlineData("""{"basedOnVersion": 1, "reason": "r", "rules": {"shareDecision.deadline": {"value": 2.5}}}""", "rules.shareDecision.deadline")]
    [InlineData("""{"basedOnVersion": 1, "reason": "r", "rules": {"shareDecision.deadline": {}}}""", "rules.shareDecision.deadline.value")]
    [InlineData("""{"basedOnVersion": 1, "reason": "r", "rules": {"shareDecision.route": {"value": "providerdepartment"}}}""", "rules.shareDecision.route")]
    [InlineData("""{"basedOnVersion": 1, "reason": "r", "rules": {"shareDecision.route": {"value": 1}}}""", "rules.shareDecision.route")]
    [InlineData("""{"basedOnVersion": 1, "reason": "r", "rules": {"shareDecision.deadline": {"value": 5, "basis": {"file": "004", "article": "12"}}}}""", "rules.shareDecision.deadline.basis")]
    [InlineData("""{"basedOnVersion": 1, "reason": "r", "rules": {"audit.retention": {"inherit": false}}}""", "rules.audit.retention.inherit")]
    [InlineData("""{"basedOnVersion": 1, "reason": "r", "rules": {"openApplication.eligibleApplicants": {"value": ["Anyone"]}}}""", "rules.openApplication.eligibleApplicants")]
    [InlineData("""{"basedOnVersion": 1, "reason": "r", "rules": {"sharing.unconditional": {"value": {"localName": "x", "access": "Direct"}}}}""", "rules.sharing.unconditional")]
    [InlineData("""{"basedOnVersion": 1, "reason": "r", "validity": {"until": "2027-13-01"}}""", "validity.until")]
    public void Bad_bodies_give_field_errors_and_never_throw(string json, string field)
    {
        var parsed = Parse(json);
        Assert.Null(parsed.Amendment);
        Assert.Contains(parsed.Errors, e => e.Field == field);
    }

    [Fact]
    public void Deeply_nested_input_is_an_error_not_an_exception()
    {
        var deep = new string('[', 200) + new string(']', 200);
        var parsed = Parse("""{"basedOnVersion": 1, "reason": "r", "rules": {"x": """ + deep + "}}");
        Assert.NotEmpty(parsed.Errors);
    }

    [Fact]
    public void Rule_set_files_must_name_every_rule_and_where_it_comes_from()
    {
        var parsed = RuleSetJson.ParseRuleSet("""
            {
              "jurisdiction": "350000", "name": "x", "parent": null,
              "regulation": { "file": "000", "title": "t" },
              "validity": { "from": null, "until": null },
              "rules": {
                "dispute.deadline": { "value": 5 },
                "dispute.route": { "silent": null },
                "shareDecision.deadline": { "value": 5, "article": "第一条", "default": "both" }
              }
            }
            """);
        Assert.Null(parsed.RuleSet);
        Assert.Contains(parsed.Errors, e => e.Field == "rules.dispute.deadline" && e.Reason.Contains("article or a platform-default"));
        Assert.Contains(parsed.Errors, e => e.Field == "rules.dispute.route" && e.Reason.Contains("no parent"));
        Assert.Contains(parsed.Errors, e => e.Field == "rules.shareDecision.deadline" && e.Reason.Contains("both"));
        Assert.Contains(parsed.Errors, e => e.Field == "rules.audit.retention" && e.Reason.Contains("missing"));
    }

    [Fact]
    public void The_effective_view_writes_every_value_with_its_source()
    {
        var e = RuleSetRegistry.BuiltIn().Resolve("350800", Today);
        using var doc = JsonDocument.Parse(RuleSetJson.WriteEffective(e));
        var root = doc.RootElement;
        Assert.Equal("350800@v1+350000@v1", root.GetProperty("stamp").GetString());
        Assert.Equal("InForce", root.GetProperty("status").GetString());
        var rules = root.GetProperty("rules");
        Assert.Equal(RuleKeys.All.Count, rules.EnumerateObject().Count());
        var deadline = rules.GetProperty("shareDecision.deadline");
        Assert.Equal(5, deadline.GetProperty("value").GetInt32());
        Assert.Equal("004 第十二条", deadline.GetProperty("source").GetString());
        var dispute = rules.GetProperty("dispute.route");
        Assert.Equal("Inherited", dispute.GetProperty("origin").GetProperty("kind").GetString());
        Assert.Equal("350000@v1", dispute.GetProperty("origin").GetProperty("from").GetString());
        Assert.Equal("第四条", dispute.GetProperty("origin").GetProperty("citation").GetProperty("article").GetString());
        Assert.Equal("ParentMinimum", rules.GetProperty("audit.retention").GetProperty("origin").GetProperty("kind").GetString());
    }

    [Fact]
    public void A_version_writes_its_silences_and_its_amendment()
    {
        var registry = RuleSetRegistry.BuiltIn();
        using var v1 = JsonDocument.Parse(RuleSetJson.WriteRuleSet(registry.Latest("350800")));
        Assert.Contains("及时", v1.RootElement.GetProperty("rules").GetProperty("catalog.updateDeadline").GetProperty("silent").GetString());
        Assert.Equal(JsonValueKind.Null, v1.RootElement.GetProperty("amendment").ValueKind);
    }
}
