using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Portal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovData.Portal.Tests;

/// <summary>A session whose token the API no longer takes ends in the portal too, and signing in again comes back to the page.</summary>
[Collection(PortalCollection.Name)]
public sealed class SessionExpiryTests(Browser browser, PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task After_the_token_expires_the_page_says_so_shows_the_user_signed_out_and_signing_in_returns_to_it()
    {
        var steward = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        // Dev tokens last 8 hours by the app's clock.
        app.Time.Advance(TimeSpan.FromHours(9));

        await steward.OpenAsync(app, "grants", "授权");
        await Expect(steward.GetByRole(AriaRole.Alert)).ToContainTextAsync("请先登录（或登录已过期）。");
        // The header no longer names someone the API refuses.
        await Expect(steward.GetByLabel("当前用户")).ToHaveCountAsync(0);
        await Expect(steward.GetByRole(AriaRole.Link, new() { Name = "登录", Exact = true })).ToBeVisibleAsync();

        await steward.GetByRole(AriaRole.Link, new() { Name = "登录后回到本页" }).ClickAsync();
        await Expect(steward.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("登录");
        await steward.SignInOnThePageAsync(DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        await steward.WaitForURLAsync(app.Url("grants"));
        await Expect(steward.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
    }
}
