using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Portal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovData.Portal.Tests;

/// <summary>A department's steward registers its system's callback address for change notices, sees the generated secret once, and removes it.</summary>
[Collection(PortalCollection.Name)]
public sealed class CallbackTests(Browser browser, PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task A_steward_registers_the_callback_address_reads_the_secret_once_and_removes_it()
    {
        var steward = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        await steward.OpenAsync(app, "inbox", "通知");
        await Expect(steward.GetByRole(AriaRole.Status).Filter(new() { HasText = "尚未登记回调地址" })).ToBeVisibleAsync();

        // Not https: refused by its field, in Chinese; nothing registered.
        await steward.GetByLabel("回调地址（https）").FillAsync("ftp://files.example.gov.cn/notices");
        await steward.PressAsync("登记");
        await Expect(steward.Locator(".problem")).ToContainTextAsync("url");
        await Expect(steward.Locator(".problem")).ToContainTextAsync("应使用 https");
        await Expect(steward.GetByRole(AriaRole.Status).Filter(new() { HasText = "尚未登记回调地址" })).ToBeVisibleAsync();

        // Locally (Development) the steward's own machine may receive them over plain http.
        await steward.GetByLabel("回调地址（https）").FillAsync("http://127.0.0.1:5999/hooks/govdata");
        await steward.PressAsync("登记");
        await Expect(steward.GetByRole(AriaRole.Status).Filter(new() { HasText = "已登记：http://127.0.0.1:5999/hooks/govdata（alice 于" })).ToBeVisibleAsync();
        var secret = await steward.Locator("#cb-secret").TextContentAsync();
        Assert.True(secret is { Length: >= 32 }, $"a generated secret of at least 32 characters: '{secret}'");

        // Shown once: after a reload the address is there, the secret is not.
        await steward.ReloadAsync();
        await Expect(steward.GetByRole(AriaRole.Status).Filter(new() { HasText = "已登记：http://127.0.0.1:5999/hooks/govdata" })).ToBeVisibleAsync();
        await Expect(steward.Locator("#cb-secret")).ToHaveCountAsync(0);
        await Expect(steward.Locator("main")).Not.ToContainTextAsync(secret!);

        await steward.PressAsync("取消登记");
        await Expect(steward.GetByRole(AriaRole.Status).Filter(new() { HasText = "已取消登记" })).ToBeVisibleAsync();
        await Expect(steward.GetByRole(AriaRole.Status).Filter(new() { HasText = "尚未登记回调地址" })).ToBeVisibleAsync();
    }
}
