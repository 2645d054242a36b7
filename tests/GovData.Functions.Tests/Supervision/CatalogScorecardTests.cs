using System.Net;
using System.Net.Http.Json;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Catalog;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Supervision;

/// <summary>The catalog sends its scorecard facts: a publication and a recorded yearly review count for the department.</summary>
public sealed class CatalogScorecardTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private readonly CatalogApi _catalog = new(app);
    private readonly SupervisionApi _supervision = new(app);

    [Fact]
    public async Task A_publication_and_the_yearly_review_reach_the_department_scorecard()
    {
        var department = DemoJurisdiction.PublicSecurity.Code;
        var entryId = await _catalog.PublishAsync(CatalogApi.Body(CatalogApi.NewCode()));
        Assert.Equal(1, await _supervision.DrainAsync($"catalog-entry:{entryId}:v1:published", 1));

        await (await _catalog.Reviewer.PostAsJsonAsync("/api/catalog/annual-reviews/2026", new { note = "全面梳理完成" })).ShouldBe(HttpStatusCode.Created);
        Assert.Equal(1, await _supervision.DrainAsync($"catalog-annual:{department}:2026:recorded", 1));

        var card = await (await app.DataAuthority().GetAsync($"/api/supervision/scorecards/{department}/2026-11")).ShouldBe(HttpStatusCode.OK);
        var catalog = card.GetProperty("catalog");
        Assert.Equal(1, catalog.GetProperty("published").GetInt32());
        // A first publication has no deadline to meet; the review recorded within its year is on time.
        Assert.Equal(0, catalog.GetProperty("withDeadline").GetInt32());
        Assert.Equal(1, catalog.GetProperty("yearlyReviews").GetInt32());
        Assert.Equal(1, catalog.GetProperty("yearlyReviewsOnTime").GetInt32());
        // The first publication of an entry counts towards catalog coverage; without a baseline the coverage is unknown.
        var coverage = card.GetProperty("coverage");
        Assert.Equal(1, coverage.GetProperty("catalogued").GetInt32());
        Assert.Equal("unknown", coverage.GetProperty("status").GetString());
        Assert.False(coverage.TryGetProperty("rate", out _));
    }
}
