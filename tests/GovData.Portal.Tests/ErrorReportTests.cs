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

/// <summary>
/// 数据纠错 (002 第十八条): a department using shared data reports a wrong record from the catalog entry, the provider answers
/// it from its work queue within the rule set's working days, and the reporter reads the answer.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ErrorReportTests(Browser browser, PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task A_consumer_reports_a_wrong_record_the_provider_answers_from_its_queue_and_the_consumer_reads_the_answer()
    {
        // 公安局 shares its population data with every department and has aggregated a first version.
        var api = new AggregationApi(app);
        var body = JsonSerializer.SerializeToNode(AggregationApi.PeopleBody(CatalogApi.NewCode("FB")))!.AsObject();
        body["sharingType"] = "Unconditional";
        body.Remove("sharingConditions");
        body.Remove("legalBasis");
        var entryId = await api.Catalog.PublishAsync(body);
        await api.SubmitAsync(entryId, Encoding.UTF8.GetBytes(SubmissionFiles.Csv(10)));

        var consumer = await browser.SignedInAsync(app, DemoJurisdiction.MarketRegulation, Role.DataSteward, "bob");
        await consumer.OpenAsync(app, $"catalog/{entryId}", "人口登记信息");
        await consumer.GetByRole(AriaRole.Link, new() { Name = "报告数据错误" }).ClickAsync();
        await Expect(consumer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("报告数据错误");
        await Expect(consumer.Locator("main")).ToContainTextAsync("龙岩市公安局");
        // Nothing described: refused with the field named, and nothing is filed.
        await consumer.GetByLabel("数据版本号").FillAsync("1");
        await consumer.GetByLabel("行号").FillAsync("3");
        await consumer.GetByLabel("数据项").SelectOptionAsync("姓名");
        await consumer.GetByLabel("问题描述").FillAsync("   ");
        await consumer.PressAsync("提交纠错");
        await Expect(consumer.Locator(".problem")).ToContainTextAsync("description");
        // Said in Chinese (the API's reasonZh), the English beside it in the API.
        await Expect(consumer.Locator(".problem")).ToContainTextAsync("提交的内容有误，未作任何更改");
        await Expect(consumer.Locator(".problem")).ToContainTextAsync("请说明错在哪里");
        await consumer.GetByLabel("问题描述").FillAsync("姓名与户籍登记不符");
        await consumer.PressAsync("提交纠错");
        await Expect(consumer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("数据纠错");
        var facts = consumer.Locator("dl.facts");
        await Expect(facts).ToContainTextAsync("第 1 版，第 3 行，数据项 姓名");
        await Expect(facts).ToContainTextAsync("待答复");
        await Expect(facts).ToContainTextAsync("剩");
        // The reporter cannot answer its own report.
        await Expect(consumer.GetByRole(AriaRole.Button, new() { Name = "提交答复" })).ToHaveCountAsync(0);
        await consumer.ShotAsync("17-error-report");

        // 公安局's steward answers from its queue.
        var provider = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        await provider.OpenAsync(app, "work", "待办事项");
        var row = provider.GetByRole(AriaRole.Row).Filter(new() { HasText = "姓名与户籍登记不符" });
        await Expect(row).ToContainTextAsync("数据纠错答复");
        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(provider.Locator("dl.facts")).ToContainTextAsync("龙岩市市场监督管理局");
        await provider.GetByLabel("处理结果").SelectOptionAsync("Explained");
        await provider.GetByLabel("说明").FillAsync("经核实，该记录与户籍系统一致，系报告方比对口径不同");
        await provider.PressAsync("提交答复");
        await Expect(provider.GetByRole(AriaRole.Status)).ToContainTextAsync("已答复");

        // The reporter's list shows the answer beside its report; the provider's shows the report it answered.
        await consumer.OpenAsync(app, "feedback", "数据纠错");
        var mine = consumer.GetByRole(AriaRole.Region, new() { Name = "本部门报告的" });
        await Expect(mine.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(mine).ToContainTextAsync("已说明：经核实，该记录与户籍系统一致");
        await Expect(mine).ToContainTextAsync("龙岩市公安局");
        await Expect(consumer.GetByRole(AriaRole.Region, new() { Name = "须本部门答复的" })).ToContainTextAsync("没有记录");
        await provider.OpenAsync(app, "feedback", "数据纠错");
        await Expect(provider.GetByRole(AriaRole.Region, new() { Name = "须本部门答复的" })).ToContainTextAsync("已答复");
    }
}
