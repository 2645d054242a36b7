using System.Text;
using System.Text.Json;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Aggregation;
using GovData.Functions.Tests.Catalog;
using GovData.Portal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovData.Portal.Tests;

/// <summary>A steward's files: the catalog template and its bulk import with row errors, and a data upload with its quality report.</summary>
[Collection(PortalCollection.Name)]
public sealed class StewardFilesTests(Browser browser, PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task A_steward_fills_the_template_an_import_with_a_bad_row_names_it_and_imports_nothing_then_the_fixed_file_imports()
    {
        var steward = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        await steward.OpenAsync(app, "catalog/import", "批量导入目录");
        var template = await steward.RunAndWaitForDownloadAsync(() => steward.PressAsync("下载模板（CSV）"));
        var header = (await File.ReadAllLinesAsync((await template.PathAsync())!, Encoding.UTF8))[0].TrimStart('\uFEFF');
        Assert.StartsWith("code,name,summary,dataItems", header, StringComparison.Ordinal);

        var (good, bad) = (CatalogApi.NewCode(), CatalogApi.NewCode());
        // Enumerations as a steward writes them: in Chinese.
        string Row(string code, string sharingType) =>
            $"{code},企业年报信息,按年度报送的企业年报,企业名称|字符串||R;成立日期|日期,电子表格,{sharingType},,,文件下载;接口调用,无条件开放,,每年,一般数据,,";
        async Task ImportAsync(string secondSharingType)
        {
            var csv = header + "\r\n" + Row(good, "无条件共享") + "\r\n" + Row(bad, secondSharingType) + "\r\n";
            await steward.GetByLabel("目录文件").SetInputFilesAsync(new FilePayload { Name = "目录.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
            await steward.PressAsync("导入");
        }

        await ImportAsync("随便共享");
        // The row and column of the error, and not one entry imported.
        var problem = steward.Locator(".problem");
        await Expect(problem).ToContainTextAsync("rows[3].sharingType");
        await Expect(problem).Not.ToContainTextAsync("rows[2]");
        await steward.ShotAsync("18-catalog-import-errors");
        var drafts = await new CatalogApi(app).Steward.GetStringAsync("/api/catalog/drafts");
        Assert.DoesNotContain(good, drafts, StringComparison.Ordinal);

        await ImportAsync("无条件共享");
        await Expect(steward.GetByRole(AriaRole.Status)).ToContainTextAsync("已导入 2 个目录草稿");
        await steward.GetByRole(AriaRole.Link, new() { Name = "查看草稿" }).ClickAsync();
        await Expect(steward.Locator("main")).ToContainTextAsync(good);
        await Expect(steward.Locator("main")).ToContainTextAsync(bad);
    }

    [Fact]
    public async Task A_steward_uploads_data_and_reads_the_quality_report_with_the_bad_row_and_its_value_masked()
    {
        var api = new AggregationApi(app);
        var body = JsonSerializer.SerializeToNode(AggregationApi.PeopleBody(CatalogApi.NewCode("UP")))!.AsObject();
        var entryId = await api.Catalog.PublishAsync(body);
        var badId = SubmissionFiles.BadId(3);
        var csv = SubmissionFiles.Csv(10, n => SubmissionFiles.Row(n, id: n == 3 ? badId : null));

        var steward = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        await steward.OpenAsync(app, $"catalog/{entryId}", "人口登记信息");
        await steward.GetByRole(AriaRole.Link, new() { Name = "上传数据" }).ClickAsync();
        await Expect(steward.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("上传数据");
        await steward.GetByLabel("数据文件").SetInputFilesAsync(new FilePayload { Name = "人口.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        var posted = await steward.RunAndWaitForResponseAsync(() => steward.PressAsync("上传并检查"),
            r => r.Request.Method == "POST" && r.Url.Contains("/submissions?", StringComparison.Ordinal));
        // From the Location header (the 202's status URL): the browser may drop the body once the page has read it.
        var location = await posted.HeaderValueAsync("location");
        Assert.False(string.IsNullOrEmpty(location), "the upload answers 202 with the status URL");
        var submissionId = location!.TrimEnd('/').Split('/')[^1];
        // The page shows the submission in progress until the blob trigger has processed it (the test host delivers its arrival).
        await Expect(steward.GetByRole(AriaRole.Region, new() { Name = "处理进度" })).ToBeVisibleAsync();
        await api.ArriveAsync(submissionId, entryId);

        var report = steward.GetByRole(AriaRole.Region, new() { Name = "质量报告" });
        await Expect(report).ToContainTextAsync("共 10 行，通过 9 行，未通过 1 行", new() { Timeout = 30_000 });
        // The rule in Chinese, beside the item it failed on.
        await Expect(report.GetByRole(AriaRole.Table, new() { Name = "按规则统计的错误" })).ToContainTextAsync("公民身份号码无效");
        var examples = report.GetByRole(AriaRole.Table, new() { Name = "错误示例（敏感值已遮蔽）" });
        await Expect(examples.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(examples).ToContainTextAsync("公民身份号码");
        // The wrong identity number is personal: the report shows it masked, never in clear.
        await Expect(report).Not.ToContainTextAsync(badId);
        // Why, in Chinese (the check character of GB 11643 does not match).
        await Expect(examples).ToContainTextAsync("校验码不符");
        await Expect(examples.Locator("tbody tr td").Nth(3)).ToContainTextAsync("*");
        await steward.ShotAsync("19-upload-quality-report");
    }
}
