using System.Net;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Security;

/// <summary>Each client has its own budget: past it, 429 problem+json with Retry-After; other clients are unaffected.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task A_user_over_the_budget_gets_429_and_another_user_does_not()
    {
        await using var app = new GovDataApp { Settings = { ["RateLimits:PerUser"] = "5", ["RateLimits:PerAnonymousClient"] = "3", ["RateLimits:Window"] = "00:10:00" } };
        var alice = app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        for (var i = 0; i < 5; i++) await (await alice.GetAsync("/api/jurisdictions/350800")).ShouldBe(HttpStatusCode.OK);
        var refused = await alice.GetAsync("/api/jurisdictions/350800");
        await refused.ShouldBeProblem(HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        var bob = app.ClientFor(DemoJurisdiction.MarketRegulation, Role.DataSteward);
        await (await bob.GetAsync("/api/jurisdictions/350800")).ShouldBe(HttpStatusCode.OK);

        var anonymous = app.CreateClient();
        for (var i = 0; i < 3; i++) await (await anonymous.GetAsync("/api/health")).ShouldBe(HttpStatusCode.OK);
        await (await anonymous.GetAsync("/api/health")).ShouldBeProblem(HttpStatusCode.TooManyRequests);
    }
}
