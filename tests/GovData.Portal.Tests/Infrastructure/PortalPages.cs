using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using Microsoft.Playwright;

namespace GovData.Portal.Tests.Infrastructure;

/// <summary>What a person does in the portal, through its pages: sign in, open a page, press a button; and screenshots.</summary>
public static class PortalPages
{
    /// <summary>A new person (own browser context) signed in as <paramref name="user"/> of <paramref name="unit"/> with <paramref name="role"/> through the sign-in page.</summary>
    public static async Task<IPage> SignedInAsync(this Browser browser, PortalApp app, Department unit, Role role, string user, int width = 1280)
    {
        var page = await browser.NewPageAsync(width);
        await page.GotoAsync(app.Url("signin"));
        await page.SignInOnThePageAsync(unit, role, user);
        return page;
    }

    /// <summary>Fills the (development) sign-in page that is open and signs in.</summary>
    public static async Task SignInOnThePageAsync(this IPage page, Department unit, Role role, string user)
    {
        await page.GetByLabel("用户名").FillAsync(user);
        await page.GetByLabel("单位", new() { Exact = true }).SelectOptionAsync(unit.Code);
        await page.GetByLabel("角色", new() { Exact = true }).SelectOptionAsync(role.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("当前用户")).ToContainTextAsync(user);
    }

    /// <summary>Goes to <paramref name="path"/> in the app and waits for its heading.</summary>
    public static async Task OpenAsync(this IPage page, PortalApp app, string path, string heading)
    {
        await page.GotoAsync(app.Url(path));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(heading);
    }

    /// <summary>Clicks the button named <paramref name="name"/>.</summary>
    public static Task PressAsync(this IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).ClickAsync();

    /// <summary>Saves a full-page screenshot as docs/screenshots/<paramref name="name"/>.png when screenshots are asked for.</summary>
    public static async Task ShotAsync(this IPage page, string name)
    {
        if (Browser.ScreenshotFolder is not { } folder) return;
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
