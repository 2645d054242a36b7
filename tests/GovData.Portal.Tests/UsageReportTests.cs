using System.Text;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Audit;
using GovData.Functions.Tests.Catalog;
using GovData.Portal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovData.Portal.Tests;

/// <summary>A department subscribes to the report of its own data's use, downloads a week's report and ends the subscription.</summary>
[Collection(PortalCollection.Name)]
public sealed class UsageReportTests(Browser browser, PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public async Task A_steward_subscribes_downloads_the_weeks_report_of_who_read_its_data_and_unsubscribes()
    {
        var steward = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        await steward.OpenAsync(app, "usage", "数据使用报告");
        await Expect(steward.GetByRole(AriaRole.Status).Filter(new() { HasText = "尚未订阅" })).ToBeVisibleAsync();
        await steward.GetByLabel("频率").SelectOptionAsync(new SelectOptionValue { Label = "每周" });
        await steward.GetByLabel("格式").SelectOptionAsync("csv");
        await steward.PressAsync("订阅");
        await Expect(steward.GetByRole(AriaRole.Status).Filter(new() { HasText = "已订阅：每周生成，CSV（Excel 可打开）（alice 于" })).ToBeVisibleAsync();

        // 市场监管局 reads one of the police's entries this week (23–29 November 2026).
        var catalog = new CatalogApi(app);
        var entry = await catalog.PublishAsync(CatalogApi.Body(CatalogApi.NewCode()));
        await catalog.OtherSteward.GetAsync($"/api/catalog/entries/{entry}");
        // Monday 01:00 China time: the week has ended and the timer writes its report.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 1, 0, 0, China));
        await app.Services.GetRequiredService<UsageReportTimer>().HandleAsync("test", CancellationToken.None);

        // Tokens follow the platform's clock: sign in again after moving it.
        steward = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        await steward.OpenAsync(app, "usage", "数据使用报告");
        var reports = steward.GetByRole(AriaRole.Table, new() { Name = "已生成的报告" });
        await Expect(reports).ToContainTextAsync("2026年第48周（11月23日至11月29日）");
        await steward.ShotAsync("24-usage-report");
        var download = await steward.RunAndWaitForDownloadAsync(() =>
            steward.GetByRole(AriaRole.Button, new() { Name = "下载2026年第48周（11月23日至11月29日）的报告" }).ClickAsync());
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes);
        Assert.Contains(csv.Split("\r\n"), l => l.Contains(entry, StringComparison.Ordinal) && l.Contains("catalog.entry.read", StringComparison.Ordinal)
            && l.Contains(DemoJurisdiction.MarketRegulation.Code, StringComparison.Ordinal));

        await steward.PressAsync("取消订阅");
        await Expect(steward.GetByRole(AriaRole.Status).Filter(new() { HasText = "已取消订阅；已生成的报告仍可下载" })).ToBeVisibleAsync();
        await Expect(steward.GetByRole(AriaRole.Status).Filter(new() { HasText = "尚未订阅" })).ToBeVisibleAsync();
        await Expect(reports).ToContainTextAsync("2026年第48周");
    }
}
