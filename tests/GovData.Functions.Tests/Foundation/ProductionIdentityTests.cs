using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Foundation;

/// <summary>Outside Development, dev tokens cannot exist: no issuer endpoint, no trust in the dev key, no start-up with it on.</summary>
public sealed class ProductionIdentityTests
{
    private static GovDataApp Production(bool devTokens) => new()
    {
        EnvironmentName = "Production",
        Settings =
        {
            ["Auth:DevTokens:Enabled"] = devTokens ? "true" : "false",
            // A loopback authority that refuses connections: no token can be validated against it, and nothing leaves the machine.
            ["Auth:Authority"] = "https://127.0.0.1:9/tenant/v2.0",
            ["Auth:Audience"] = "api://govdata",
            ["Seed:Demo"] = "false",
        },
    };

    [Fact]
    public void The_app_refuses_to_start_with_dev_tokens_outside_Development()
    {
        using var app = Production(devTokens: true);
        var e = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("Development", e.ToString());
    }

    [Fact]
    public async Task There_is_no_dev_token_endpoint_and_a_dev_signed_token_is_refused()
    {
        await using var prod = Production(devTokens: false);
        var client = prod.CreateClient();
        await (await client.PostAsJsonAsync("/api/dev/token", new { userId = "x" })).ShouldBeProblem(HttpStatusCode.NotFound);

        await using var dev = new GovDataApp();
        var devToken = dev.TokenFor(DemoJurisdiction.PublicSecurity, Domain.Identity.Role.DataSteward);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", devToken);
        await (await client.GetAsync("/api/jurisdictions/350800")).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }
}
