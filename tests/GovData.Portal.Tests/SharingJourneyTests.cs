using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Aggregation;
using GovData.Functions.Tests.Sharing;
using GovData.Portal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovData.Portal.Tests;

/// <summary>A department files a share request, the provider and the DataAuthority approve it from their work queues, the requester accepts and queries.</summary>
[Collection(PortalCollection.Name)]
public sealed class SharingJourneyTests(Browser browser, PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task A_department_files_a_request_the_provider_approves_it_from_its_queue_and_the_requester_accepts_and_queries()
    {
        // 公安局 publishes a Conditional people entry with 30 aggregated rows (through the API).
        var entryId = await new SharedDataApi(app).PublishWithDataAsync("Conditional", rows: 30);

        // 1. 市场监督管理局's steward finds the entry in the city catalog and files a request from it.
        var requester = await browser.SignedInAsync(app, DemoJurisdiction.MarketRegulation, Role.DataSteward, "maria");
        await requester.OpenAsync(app, $"catalog/{entryId}", "人口登记信息");
        await requester.GetByRole(AriaRole.Link, new() { Name = "申请共享此数据" }).ClickAsync();
        await Expect(requester.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("申请共享");
        await requester.GetByLabel("联系电话").UncheckAsync();
        await requester.GetByLabel("共享方式").SelectOptionAsync("Api");
        await requester.GetByLabel("使用范围").FillAsync("市场监管局企业登记窗口");
        await requester.GetByLabel("用途（依据的职责）").FillAsync(SharedDataApi.Purpose);
        await requester.PressAsync("提交申请");
        await Expect(requester.Locator("#share-state")).ToHaveTextAsync("待审批");
        // The decision deadline: working days left and the rule and article that set it.
        var due = requester.Locator("dl.facts .due");
        await Expect(due).ToContainTextAsync("个工作日");
        await Expect(due).ToContainTextAsync("依据");
        var requestUrl = requester.Url;
        await requester.ShotAsync("06-share-filed");

        // 2. 公安局's steward (the provider's approver) finds it in the work queue and partly approves it: not 性别.
        var provider = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        await provider.OpenAsync(app, "work", "待办事项");
        var row = provider.GetByRole(AriaRole.Row).Filter(new() { HasText = "共享审批" });
        await Expect(row).ToContainTextAsync("人口登记信息");
        await Expect(row).ToContainTextAsync("剩");
        await provider.ShotAsync("07-work-queue");
        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        // What the decision needs is on the page: the requested items and the purpose.
        await Expect(provider.GetByRole(AriaRole.Region, new() { Name = "申请内容" })).ToContainTextAsync(SharedDataApi.Purpose);
        await provider.GetByLabel("性别", new() { Exact = true }).UncheckAsync();
        await provider.GetByLabel("使用条件（可选）").FillAsync("不得向第三方提供");
        await provider.ShotAsync("08-share-decision");
        await provider.PressAsync("部分同意");
        await Expect(provider.GetByRole(AriaRole.Status)).ToContainTextAsync("已同意");

        // 3. Longyan's route has the DataAuthority decide next; it approves from its own queue.
        var authority = await browser.SignedInAsync(app, DemoJurisdiction.DataAuthority, Role.DataAuthority, "zhao");
        await authority.OpenAsync(app, "work", "待办事项");
        await authority.GetByRole(AriaRole.Row).Filter(new() { HasText = "共享审批" }).GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(authority.Locator("#share-state")).ToHaveTextAsync("待审批");
        await authority.PressAsync("部分同意");
        await Expect(authority.Locator("#share-state")).ToHaveTextAsync("部分同意");

        // 4. The requester reads the timeline, accepts both agreements and gets the grant.
        await requester.GotoAsync(requestUrl);
        await Expect(requester.Locator("#share-state")).ToHaveTextAsync("部分同意");
        var timeline = requester.GetByRole(AriaRole.Region, new() { Name = "办理过程" });
        await Expect(timeline).ToContainTextAsync("提供部门部分同意");
        await Expect(requester.GetByRole(AriaRole.Button, new() { Name = "接受并获得授权" })).ToBeDisabledAsync();
        await requester.GetByLabel("数据使用协议", new() { Exact = false }).CheckAsync();
        await requester.GetByLabel("保密协议", new() { Exact = false }).CheckAsync();
        await requester.PressAsync("接受并获得授权");
        await Expect(requester.Locator("#share-state")).ToHaveTextAsync("已授权");

        // 5. It uses the grant: a query by the key item returns the record, without the item that was not granted.
        await requester.GetByRole(AriaRole.Link, new() { Name = "使用授权" }).ClickAsync();
        await Expect(requester.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("使用授权");
        await requester.GetByLabel("公民身份号码").FillAsync(SubmissionFiles.Id(7));
        await requester.PressAsync("查询");
        var result = requester.Locator("#query-result");
        await Expect(result).ToContainTextAsync(SharedDataApi.Name(7));
        await Expect(result.Locator("thead")).Not.ToContainTextAsync("性别");
        await Expect(requester.GetByRole(AriaRole.Status).Filter(new() { HasText = "查到 1 条记录" })).ToBeVisibleAsync();
        await requester.ShotAsync("09-grant-query");
    }
}
