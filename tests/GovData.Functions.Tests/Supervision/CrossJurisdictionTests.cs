using System.Net;
using System.Net.Http.Json;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Supervision;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Supervision;

/// <summary>A department of another jurisdiction has no scorecard and no baseline here: 404, and nothing is stored.</summary>
public sealed class CrossJurisdictionTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    [Fact]
    public async Task Another_jurisdictions_authority_gets_404_for_a_scorecard_and_cannot_set_a_baseline()
    {
        var longyan = DemoJurisdiction.PublicSecurity.Code;
        var fujian = app.CreateClient();
        var office = "11350000MB0000001" + Domain.Identifiers.UnifiedSocialCreditCode.ComputeCheckCharacter("11350000MB0000001");
        fujian.DefaultRequestHeaders.Authorization = new("Bearer", app.TokenFor("fj-authority", office, "350000", Role.DataAuthority, Role.Auditor));

        await (await fujian.GetAsync($"/api/supervision/scorecards/{longyan}/2026-11")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await fujian.PutAsJsonAsync($"/api/supervision/baselines/{longyan}/2026", new { expectedResources = 9, source = "duties list" })).ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Null(await app.Services.GetRequiredService<CatalogBaselineStore>().FindAsync("350000", longyan, 2026, CancellationToken.None));
        Assert.Null(await app.Services.GetRequiredService<CatalogBaselineStore>().FindAsync("350800", longyan, 2026, CancellationToken.None));

        // Its own jurisdiction's authority still reads the card.
        await (await app.ClientFor(DemoJurisdiction.DataAuthority, Role.DataAuthority).GetAsync($"/api/supervision/scorecards/{longyan}/2026-11")).ShouldBe(HttpStatusCode.OK);
    }
}
