using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Security;

/// <summary>Every endpoint, as an attacker would call it: without a token, with a forged one, and with a token of another jurisdiction.</summary>
public sealed class AuthenticationSweepTests : IClassFixture<GovDataApp>
{
    private readonly GovDataApp _app;

    public AuthenticationSweepTests(GovDataApp app) => _app = app;

    private IReadOnlyList<ApiEndpoint> Endpoints()
    {
        _app.CreateClient().Dispose();
        return EndpointCatalog.All(_app.Services);
    }

    private static HttpRequestMessage Request(ApiEndpoint e, string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(e.Method), e.Path);
        if (e.Method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    [Fact]
    public void Only_the_public_and_operational_endpoints_allow_anonymous_callers()
    {
        var wrong = Endpoints().Where(e => e.Anonymous && !EndpointCatalog.AnonymousPrefixes.Any(p => e.Template.StartsWith(p, StringComparison.Ordinal))).ToList();
        Assert.True(wrong.Count == 0, "anonymous endpoints outside the public allow-list: " + string.Join(", ", wrong));
    }

    [Fact]
    public async Task Every_protected_endpoint_refuses_a_missing_token_with_401_problem_json()
    {
        var client = _app.CreateClient();
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var e in Endpoints().Where(e => !e.Anonymous))
        {
            checkedCount++;
            var response = await client.SendAsync(Request(e, null));
            if (response.StatusCode != HttpStatusCode.Unauthorized || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{e} -> {(int)response.StatusCode}");
        }
        Assert.True(checkedCount > 5, "too few endpoints found");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_protected_endpoint_refuses_a_forged_token()
    {
        var genuine = _app.TokenFor(DemoJurisdiction.DataAuthority, Enum.GetValues<Role>());
        var parts = genuine.Split('.');
        // Same header and signature, but the payload claims another jurisdiction: the signature no longer matches.
        var payload = Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1])).Replace("350800", "310000");
        var forged = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        var client = _app.CreateClient();
        var failures = new List<string>();
        foreach (var e in Endpoints().Where(e => !e.Anonymous))
        {
            var response = await client.SendAsync(Request(e, forged));
            if (response.StatusCode != HttpStatusCode.Unauthorized) failures.Add($"{e} -> {(int)response.StatusCode}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task No_endpoint_lets_a_caller_with_no_useful_role_change_anything()
    {
        // A public applicant has a valid token but no departmental role: no state-changing departmental endpoint may succeed.
        var token = _app.TokenFor("public-1", DemoJurisdiction.HumanResources.Code, "350800", Role.PublicApplicant);
        var client = _app.CreateClient();
        var failures = new List<string>();
        foreach (var e in Endpoints().Where(e => !e.Anonymous && e.Method is "POST" or "PUT" or "PATCH" or "DELETE"))
        {
            if (e.Template.StartsWith("/api/open", StringComparison.Ordinal)) continue; // the applicant's own portal
            var response = await client.SendAsync(Request(e, token));
            if (response.IsSuccessStatusCode) failures.Add($"{e} -> {(int)response.StatusCode}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
