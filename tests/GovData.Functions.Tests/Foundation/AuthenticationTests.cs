using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GovData.Functions.Tests.Foundation;

/// <summary>Bearer tokens: what is accepted and every way a token is refused.</summary>
public sealed class AuthenticationTests : IClassFixture<GovDataApp>
{
    private const string ProtectedPath = "/api/jurisdictions/350800";
    private readonly GovDataApp _app;

    public AuthenticationTests(GovDataApp app) => _app = app;

    private async Task<HttpResponseMessage> GetWith(string? token)
    {
        var client = _app.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync(ProtectedPath);
    }

    private string Sign(Action<SecurityTokenDescriptor>? change = null, string key = SignedTokens.DevKey) =>
        SignedTokens.Sign(_app.Time.GetUtcNow().UtcDateTime, change, key);

    [Fact]
    public async Task A_valid_dev_token_is_accepted()
    {
        var r = await GetWith(Sign());
        Assert.True(r.StatusCode == HttpStatusCode.OK, string.Join("\n", _app.Logs.Entries));
    }

    [Fact]
    public async Task A_missing_token_is_refused_with_problem_json()
    {
        var response = await GetWith(null);
        await response.ShouldBeProblem(HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var now = _app.Time.GetUtcNow().UtcDateTime;
        await (await GetWith(Sign(d => { d.IssuedAt = now.AddHours(-3); d.NotBefore = now.AddHours(-3); d.Expires = now.AddHours(-1); })))
            .ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_not_yet_valid_is_refused()
    {
        var now = _app.Time.GetUtcNow().UtcDateTime;
        await (await GetWith(Sign(d => { d.IssuedAt = now.AddHours(1); d.NotBefore = now.AddHours(1); d.Expires = now.AddHours(2); })))
            .ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        await (await GetWith(Sign(key: "an-attacker-key-that-is-long-enough-for-hmac-sha256!!")))
            .ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        var signed = Sign();
        var parts = signed.Split('.');
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        await (await GetWith($"{header}.{parts[1]}.")).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        await (await GetWith(Sign(d => d.Audience = "some-other-api"))).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        await (await GetWith(Sign(d => d.Issuer = "someone-else"))).ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("dept", "91350800MA00000000")]
    [InlineData("jur", "35080")]
    [InlineData("roles", "Superuser")]
    public async Task A_signed_token_with_an_invalid_claim_is_refused(string claim, string value)
    {
        await (await GetWith(Sign(d => d.Claims[claim] = claim == "roles" ? new[] { value } : value)))
            .ShouldBeProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_dev_token_endpoint_issues_a_token_that_works()
    {
        var client = _app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/dev/token", new
        {
            userId = "alice",
            department = DemoJurisdiction.MarketRegulation.Code,
            jurisdiction = "350800",
            roles = new[] { "DataSteward", "CatalogReviewer" },
        });
        var body = await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        await (await GetWith(body.GetProperty("accessToken").GetString())).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_dev_token_endpoint_names_each_bad_field()
    {
        var client = _app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/dev/token", new
        {
            userId = "alice",
            department = "11350800MB0001001X",
            jurisdiction = "35",
            roles = Array.Empty<string>(),
        });
        Assert.Contains("check character", await response.ShouldNameField("department"));
    }

    [Fact]
    public async Task A_role_policy_refuses_other_roles_with_403()
    {
        var steward = _app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        await (await steward.GetAsync("/api/audit/records")).ShouldBeProblem(HttpStatusCode.Forbidden);
    }
}
