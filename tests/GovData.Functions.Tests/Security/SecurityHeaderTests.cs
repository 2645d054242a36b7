using System.Net;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Security;

/// <summary>nosniff on every answer; CSP and frame denial on HTML pages; no-store on what a token holder gets.</summary>
public sealed class SecurityHeaderTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    [Fact]
    public async Task Every_answer_is_nosniff_html_pages_deny_framing_and_token_holders_answers_are_not_stored()
    {
        var anonymous = app.CreateClient();
        var steward = app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        var answers = new[]
        {
            await anonymous.GetAsync("/api/health"),
            await anonymous.GetAsync("/api/open-catalog/350800"),
            await anonymous.GetAsync("/api/no-such-thing"),
            await anonymous.GetAsync("/api/jurisdictions/350800"),
            await steward.GetAsync("/api/jurisdictions/350800"),
            await steward.GetAsync("/api/sharing/requests"),
            await steward.GetAsync("/api/sharing/requests/nope"),
        };
        Assert.All(answers, a => Assert.Equal("nosniff", a.Headers.GetValues("X-Content-Type-Options").Single()));
        foreach (var authenticated in answers[4..])
            Assert.True(authenticated.Headers.CacheControl?.NoStore == true, $"{authenticated.RequestMessage!.RequestUri} answered without Cache-Control: no-store");
        Assert.False(answers[0].Headers.CacheControl?.NoStore == true);

        var docs = await anonymous.GetAsync("/api/docs");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
        Assert.Equal("DENY", docs.Headers.GetValues("X-Frame-Options").Single());
        var csp = docs.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("default-src 'self'", csp);
        Assert.False(answers[0].Headers.Contains("Content-Security-Policy"));
    }
}
