using System.Net;
using System.Text;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.ReferenceData;

/// <summary>Rule sets over HTTP: the effective rules with citations, amendments by the data authority, and versions.</summary>
public sealed class RuleSetApiTests : IClassFixture<GovDataApp>
{
    private readonly GovDataApp _app;

    public RuleSetApiTests(GovDataApp app) => _app = app;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task The_effective_rules_name_their_articles_and_what_Longyan_inherits_from_Fujian()
    {
        var client = _app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        var response = await client.GetAsync("/api/jurisdictions/350800/rules");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("shareDecision.deadline", text);
        Assert.Contains("第十二条", text);
        Assert.Contains("350000", text);
        Assert.Contains("第三十九条", text);
    }

    [Fact]
    public async Task Dongying_is_shown_expired_after_2026_11_20()
    {
        var client = _app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        var text = await (await client.GetAsync("/api/jurisdictions/370500/rules?on=2026-11-24")).Content.ReadAsStringAsync();
        Assert.Contains("Expired", text);
        var before = await (await client.GetAsync("/api/jurisdictions/370500/rules?on=2026-11-01")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("\"Expired\"", before);
    }

    [Fact]
    public async Task An_amendment_makes_a_new_version_and_the_old_one_still_resolves()
    {
        var authority = _app.DataAuthority();
        var body = """{"basedOnVersion": 1, "reason": "市政府批准缩短答复时限", "effectiveFrom": "2026-11-24", "rules": {"shareDecision.deadline": {"value": 4, "basis": {"file": "004", "article": "第十二条"}}}}""";
        var created = await (await authority.PostAsync("/api/jurisdictions/350800/rules/amendments", Json(body))).ShouldBe(HttpStatusCode.Created);
        Assert.Equal(2, created.GetProperty("version").GetInt32());

        var v2 = await (await authority.GetAsync("/api/jurisdictions/350800/rules?version=2")).Content.ReadAsStringAsync();
        var v1 = await (await authority.GetAsync("/api/jurisdictions/350800/rules?version=1")).Content.ReadAsStringAsync();
        Assert.Contains("市政府批准缩短答复时限", v2);
        Assert.DoesNotContain("市政府批准缩短答复时限", v1);

        // The same base version again is stale now.
        await (await authority.PostAsync("/api/jurisdictions/350800/rules/amendments", Json(body))).ShouldNameField("basedOnVersion");
    }

    [Fact]
    public async Task Bad_amendments_name_the_field_and_other_callers_are_refused()
    {
        var authority = _app.DataAuthority();
        await (await authority.PostAsync("/api/jurisdictions/350800/rules/amendments",
            Json("""{"basedOnVersion": 1, "reason": "x", "rules": {"shareDecision.deadline": {"value": 0}}}"""))).ShouldBeProblem(HttpStatusCode.BadRequest);
        await (await authority.PostAsync("/api/jurisdictions/350800/rules/amendments",
            Json("""{"basedOnVersion": 1, "reason": "x", "rules": {"no.such.rule": {"value": 1}}}"""))).ShouldNameField("rules.no.such.rule");
        await (await authority.PostAsync("/api/jurisdictions/350000/rules/amendments",
            Json("""{"basedOnVersion": 1, "reason": "x", "rules": {}}"""))).ShouldBeProblem(HttpStatusCode.Forbidden);
        var steward = _app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        await (await steward.PostAsync("/api/jurisdictions/350800/rules/amendments",
            Json("""{"basedOnVersion": 1, "reason": "x", "rules": {}}"""))).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await steward.GetAsync("/api/jurisdictions/999900/rules")).ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
