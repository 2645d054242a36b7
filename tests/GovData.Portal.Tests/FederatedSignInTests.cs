using System.Text.Json;
using GovData.Domain.Jurisdictions;
using GovData.Portal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovData.Portal.Tests;

/// <summary>
/// 统一身份认证: the portal as deployed in Azure, with no dev sign-in, signing people in through an OpenID Connect provider
/// (Entra ID there; here <see cref="TestIdentityProvider"/>), and the API trusting only that provider's tokens.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class FederatedSignInTests(Browser browser) : IAsyncLifetime
{
    private static readonly TestAccount Steward = new("7d1f0c2e-steward", "林晓", DemoJurisdiction.PublicSecurity.Code, DemoJurisdiction.Longyan.Code, "DataSteward");
    private static readonly TestAccount Unassigned = new("3b9a77e1-new-hire", "王新", DemoJurisdiction.PublicSecurity.Code, DemoJurisdiction.Longyan.Code);

    private readonly PortalApp _app = new();
    private TestIdentityProvider _provider = default!;
    private string _root = "";

    public async Task InitializeAsync()
    {
        // The provider's tokens and the browser's checks of them need today's time, not the suite's fixed date.
        _app.Time.SetUtcNow(DateTimeOffset.UtcNow);
        _provider = await TestIdentityProvider.StartAsync(_app.Time, "govdata-portal-test", "api://govdata-test", Steward, Unassigned);
        _root = PortalWithSettings(new
        {
            Api = new { BaseAddress = "", Jurisdiction = DemoJurisdiction.Longyan.Code, DevSignIn = false },
            SignIn = new { _provider.Authority, ClientId = _provider.ClientId, ApiScope = _provider.ApiScope },
        });
        _app.Settings["LocalHost:PortalRoot"] = _root;
        _app.Settings["Auth:DevTokens:Enabled"] = "false";
        _app.Settings["Auth:Authority"] = _provider.Authority;
        _app.Settings["Auth:Audience"] = _provider.ApiAudience;
    }

    [Fact]
    public async Task A_steward_signs_in_through_the_provider_uses_the_API_with_its_token_and_signs_out_of_both()
    {
        var page = await browser.NewPageAsync();
        await page.OpenAsync(_app, "signin", "登录");
        // As deployed: no demo units to pick, only the provider.
        await Expect(page.GetByLabel("用户名")).ToHaveCountAsync(0);
        await page.ShotAsync("26-sign-in-federated");
        await page.PressAsync("使用统一身份认证登录");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "统一身份认证（测试）" })).ToBeVisibleAsync();
        Assert.StartsWith(_provider.Authority, page.Url);
        await page.PressAsync("林晓");

        // Back in the portal: named as the provider names the user, with the department's name from the API and the role in Chinese.
        await Expect(page.GetByLabel("当前用户")).ToHaveTextAsync("林晓 · 龙岩市公安局 · 数据专管员");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("待办事项");
        Assert.Equal(1, _provider.CodesRedeemed);

        // The API accepts the provider's access token: the rules come back with their Chinese labels.
        await page.GetByRole(AriaRole.Link, new() { Name = "适用规则" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table).Locator("tr").Filter(new() { HasText = "shareDecision.deadline" })).ToContainTextAsync("第十二条");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);

        // Signing out ends the provider's session too (its end-session endpoint), then comes back to the home page.
        await page.PressAsync("退出");
        await page.WaitForURLAsync(_app.Url(""));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("龙岩市公共数据开放");
        Assert.Equal(1, _provider.SignOuts);
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "登录", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("当前用户")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_account_without_a_platform_role_is_told_why_and_stays_signed_out()
    {
        var page = await browser.NewPageAsync();
        await page.OpenAsync(_app, "signin", "登录");
        await page.PressAsync("使用统一身份认证登录");
        await page.PressAsync("王新");

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("您的账号未分配平台角色，请联系平台管理员。");
        await Expect(page.GetByLabel("当前用户")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "登录", Exact = true })).ToBeVisibleAsync();
    }

    // The published portal with its own appsettings.json, as the deployment writes it (docs/portal.md): the folders linked,
    // the few files at the top copied (the default-document lookup of / does not follow a linked index.html).
    private static string PortalWithSettings(object settings)
    {
        var root = Directory.CreateTempSubdirectory("govdata-portal-").FullName;
        foreach (var dir in Directory.GetDirectories(PortalApp.PortalRoot))
            Directory.CreateSymbolicLink(Path.Combine(root, Path.GetFileName(dir)), dir);
        foreach (var file in Directory.GetFiles(PortalApp.PortalRoot).Where(f => !Path.GetFileName(f).StartsWith("appsettings", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(root, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(root, "appsettings.json"), JsonSerializer.Serialize(settings));
        return root;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
