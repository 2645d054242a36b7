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

    [Fact]
    public async Task Anonymous_clients_behind_the_host_each_get_their_own_budget_and_untrusted_forwarding_is_ignored()
    {
        // The test client connects over loopback, as the Functions host does; X-Forwarded-For names the client behind it.
        await using var app = new GovDataApp { Settings = { ["RateLimits:PerAnonymousClient"] = "3", ["RateLimits:Window"] = "00:10:00" } };
        HttpClient Behind(string address)
        {
            var client = app.CreateClient();
            client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
            return client;
        }
        var first = Behind("203.0.113.7");
        for (var i = 0; i < 3; i++) await (await first.GetAsync("/api/health")).ShouldBe(HttpStatusCode.OK);
        await (await first.GetAsync("/api/health")).ShouldBeProblem(HttpStatusCode.TooManyRequests);
        // The same client through one more trusted hop is the same client.
        await (await Behind("203.0.113.7, 127.0.0.1").GetAsync("/api/health")).ShouldBeProblem(HttpStatusCode.TooManyRequests);
        // Another client behind the host has its own budget, on a pipeline endpoint and on an HTTP function alike.
        var second = Behind("198.51.100.23");
        for (var i = 0; i < 3; i++) await (await second.GetAsync("/api/health")).ShouldBe(HttpStatusCode.OK);
        await (await second.GetAsync("/api/health")).ShouldBeProblem(HttpStatusCode.TooManyRequests);

        // With no trusted proxy, a forwarded address is not believed: every caller on this socket address shares one budget.
        await using var strict = new GovDataApp { Settings = { ["RateLimits:PerAnonymousClient"] = "3", ["RateLimits:Window"] = "00:10:00", ["RateLimits:TrustedProxies"] = "" } };
        for (var i = 0; i < 3; i++)
        {
            var client = strict.CreateClient();
            client.DefaultRequestHeaders.Add("X-Forwarded-For", $"192.0.2.{i + 1}");
            await (await client.GetAsync("/api/health")).ShouldBe(HttpStatusCode.OK);
        }
        var spoofer = strict.CreateClient();
        spoofer.DefaultRequestHeaders.Add("X-Forwarded-For", "192.0.2.99");
        await (await spoofer.GetAsync("/api/health")).ShouldBeProblem(HttpStatusCode.TooManyRequests);
    }
}
