using System.Net;
using System.Net.Http.Json;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Foundation;

/// <summary>The seeded demo jurisdiction, unit registration, and the audit records every operation writes.</summary>
public sealed class ReferenceAndAuditTests : IClassFixture<GovDataApp>
{
    private readonly GovDataApp _app;

    public ReferenceAndAuditTests(GovDataApp app) => _app = app;

    [Fact]
    public async Task The_demo_jurisdiction_is_seeded_with_its_authority_office_and_three_departments()
    {
        var client = _app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        var body = await (await client.GetAsync("/api/jurisdictions/350800")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("龙岩市", body.GetProperty("name").GetString());
        Assert.Equal("350000", body.GetProperty("parent").GetString());
        var kinds = body.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("kind").GetString()).ToList();
        Assert.Equal(1, kinds.Count(k => k == "DataAuthority"));
        Assert.Equal(1, kinds.Count(k => k == "CoordinationOffice"));
        Assert.Equal(3, kinds.Count(k => k == "Department"));
    }

    [Fact]
    public async Task A_caller_of_another_jurisdiction_does_not_see_it()
    {
        // 11350000MB0001001? is a Fujian-level code; compute its check character through the domain.
        var code = "11350000MB000100" + "1";
        var full = code + Domain.Identifiers.UnifiedSocialCreditCode.ComputeCheckCharacter(code);
        var client = _app.ClientFor(new Department(full, "省大数据局", "350000", UnitKind.DataAuthority), Role.DataAuthority);
        await (await client.GetAsync("/api/jurisdictions/350800")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Registering_a_unit_is_audited_and_a_second_registration_conflicts()
    {
        var authority = _app.DataAuthority();
        var code = "11350800MB000200" + "7";
        code += Domain.Identifiers.UnifiedSocialCreditCode.ComputeCheckCharacter(code);
        await (await authority.PostAsJsonAsync("/api/jurisdictions/350800/departments", new { code, name = "龙岩市交通运输局" })).ShouldBe(HttpStatusCode.Created);
        await (await authority.PostAsJsonAsync("/api/jurisdictions/350800/departments", new { code, name = "again" })).ShouldBeProblem(HttpStatusCode.Conflict);

        var auditor = _app.ClientFor(DemoJurisdiction.DataAuthority, Role.Auditor);
        var trail = await (await auditor.GetAsync($"/api/audit/records?resource=jurisdictions/350800/departments/{code}")).ShouldBe(HttpStatusCode.OK);
        var records = trail.GetProperty("records").EnumerateArray().ToList();
        Assert.Contains(records, r => r.GetProperty("action").GetString() == "reference.department.register"
            && r.GetProperty("department").GetString() == DemoJurisdiction.DataAuthority.Code
            && r.GetProperty("outcome").GetString() == "Succeeded");
    }

    [Fact]
    public async Task A_data_steward_cannot_register_units()
    {
        var steward = _app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        await (await steward.PostAsJsonAsync("/api/jurisdictions/350800/departments", new { code = "11350800MB0001006W", name = "x" }))
            .ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Reading_a_jurisdiction_is_audited_with_the_callers_identity()
    {
        var client = _app.ClientFor(DemoJurisdiction.HumanResources, Role.DataSteward);
        await (await client.GetAsync("/api/jurisdictions/350800")).ShouldBe(HttpStatusCode.OK);
        var auditor = _app.ClientFor(DemoJurisdiction.DataAuthority, Role.Auditor);
        var trail = await (await auditor.GetAsync($"/api/audit/records?department={DemoJurisdiction.HumanResources.Code}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(trail.GetProperty("records").EnumerateArray(), r =>
            r.GetProperty("action").GetString() == "reference.jurisdiction.read" && r.GetProperty("roles").GetString() == "DataSteward");
    }
}
