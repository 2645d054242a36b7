using System.Text;
using GovData.Functions.Tests.Opening;
using GovData.Portal.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace GovData.Portal.Tests;

/// <summary>The public (no sign-in) finds an open dataset, reads its page and downloads it.</summary>
[Collection(PortalCollection.Name)]
public sealed class PublicPortalTests(Browser browser, PortalApp app, ITestOutputHelper output) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task A_first_visit_downloads_under_4_MB_compressed()
    {
        var page = await browser.NewPageAsync();
        var responses = new List<IResponse>();
        page.Response += (_, r) => responses.Add(r);
        await page.OpenAsync(app, "", "龙岩市公共数据开放");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        long body = 0;
        foreach (var r in responses.ToList()) body += (await r.Request.SizesAsync()).ResponseBodySize;
        output.WriteLine($"first visit: {responses.Count} responses, {body:N0} bytes on the wire");
        // The framework, the app and the zh-CN ICU data, brotli-compressed by the host.
        Assert.InRange(body, 500_000, 4_000_000);
        Assert.Contains(responses, r => r.Url.Contains("icudt_CJK", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_public_finds_a_dataset_and_downloads_it_as_CSV_with_a_BOM_and_as_JSON_Lines()
    {
        // A department published a desensitized dataset (through the API, as the opening tests do).
        var entryId = await new OpeningApi(app).PublishedAsync("Unconditional");
        var name = (await new OpeningApi(app).Public.GetStringAsync($"/api/open/350800/datasets/{entryId}")).Split("\"name\":\"")[1].Split('"')[0];

        var page = await browser.NewPageAsync();
        await page.OpenAsync(app, "", "龙岩市公共数据开放");
        await page.GetByLabel("关键词（名称、主题、数据项）").FillAsync(name);
        await page.GetByLabel("开放类型").SelectOptionAsync("Unconditional");
        await page.PressAsync("搜索");
        var results = page.GetByRole(AriaRole.List, new() { Name = "开放数据目录" });
        await Expect(results.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await Expect(results).ToContainTextAsync("可下载 1 个版本");
        await page.ShotAsync("01-public-search");

        await results.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
        // The dataset page: description, data items, update cycle, licence and the version's downloads.
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("每月");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("无条件开放");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("龙岩市公安局");
        await Expect(page.GetByRole(AriaRole.Table).First).ToContainTextAsync("公民身份号码");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "DCAT 元数据（JSON-LD）" })).ToHaveAttributeAsync("href", app.Url($"api/open/350800/datasets/{entryId}/dcat"));
        await page.ShotAsync("02-public-dataset");

        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "下载第 1 版 CSV" }).ClickAsync());
        var bytes = await File.ReadAllBytesAsync((await csv.PathAsync())!);
        // Excel opens a UTF-8 CSV correctly only with its byte order mark.
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("姓名,公民身份号码", text, StringComparison.Ordinal);
        Assert.Equal(OpeningSamples.Rows.Length + 1, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("110101199003071233", text, StringComparison.Ordinal);

        var jsonl = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "下载第 1 版 JSON Lines" }).ClickAsync());
        var lines = (await File.ReadAllTextAsync((await jsonl.PathAsync())!)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(OpeningSamples.Rows.Length, lines.Length);
        Assert.StartsWith("{", lines[0], StringComparison.Ordinal);

        // A reload on the client route is served the app (the local host's index.html fallback), not a 404.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(name);
    }

    [Fact]
    public async Task At_phone_width_the_portal_is_one_column_and_the_search_is_usable_by_keyboard()
    {
        var page = await browser.NewPageAsync(width: 390, height: 844);
        await page.OpenAsync(app, "", "龙岩市公共数据开放");
        // Nothing wider than the screen: no sideways scrolling of the page itself.
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow);
        // The skip link is the first stop of the keyboard, and takes the focus to the main content.
        var first = await page.EvaluateAsync<string>("() => document.querySelector('a[href], button, input, select, textarea').textContent");
        Assert.Equal("跳到主要内容", first);
        await page.GetByRole(AriaRole.Link, new() { Name = "跳到主要内容" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main")).ToBeFocusedAsync();
        // Every form control has a label a screen reader reads out.
        var unlabelled = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('input, select, textarea')].filter(e => !e.labels?.length && !e.getAttribute('aria-label')).length");
        Assert.Equal(0, unlabelled);
        await page.GetByLabel("关键词（名称、主题、数据项）").FocusAsync();
        await page.Keyboard.TypeAsync("不存在的数据集名称");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "共 0 个数据目录" })).ToBeVisibleAsync();
        await page.ShotAsync("10-phone-home");
    }
}
