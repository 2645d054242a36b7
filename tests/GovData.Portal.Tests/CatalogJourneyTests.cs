using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Portal.Tests.Infrastructure;
using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovData.Portal.Tests;

/// <summary>A steward files a catalog entry, a reviewer returns it with reasons, the steward fixes it, the DataAuthority publishes it.</summary>
[Collection(PortalCollection.Name)]
public sealed class CatalogJourneyTests(Browser browser, PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task A_steward_files_an_entry_a_reviewer_returns_it_the_steward_fixes_it_and_the_DataAuthority_publishes_it()
    {
        var code = "350800-GA-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var name = "机动车驾驶人信息" + code[^4..];

        // 1. The steward of 公安局 files a draft in the form and submits it.
        var steward = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        await steward.OpenAsync(app, "catalog/new", "新建目录");
        await steward.GetByLabel("资源名称").FillAsync(name);
        await steward.GetByLabel("资源编码").FillAsync(code);
        await steward.GetByLabel("资源摘要").FillAsync("驾驶证");
        await steward.GetByLabel("数据格式").FillAsync("数据库");
        await steward.GetByLabel("更新周期").SelectOptionAsync("Monthly");
        await steward.GetByLabel("共享类型").SelectOptionAsync("Conditional");
        await steward.GetByLabel("共享条件").FillAsync("仅用于交通管理和政务服务");
        await steward.GetByLabel("法律依据").FillAsync("《道路交通安全法》第十九条");
        await steward.GetByLabel("第1项 名称").FillAsync("驾驶证号");
        await steward.GetByLabel("第1项 主键").CheckAsync();
        await steward.PressAsync("添加数据项");
        await steward.GetByLabel("第2项 名称").FillAsync("准驾车型");
        await steward.GetByLabel("第2项 类型").SelectOptionAsync("Enumeration");
        await steward.GetByLabel("第2项 枚举值").FillAsync("A1、B1、C1");
        await steward.ShotAsync("03-catalog-new");
        await steward.PressAsync("保存草稿");
        await Expect(steward.Locator("#entry-state")).ToHaveTextAsync("草稿");
        await steward.PressAsync("保存并提交审核");
        await Expect(steward.Locator("#entry-state")).ToHaveTextAsync("待部门审核");
        var entryUrl = steward.Url;

        // 2. The department's reviewer finds it in the work queue and returns it with a reason.
        var reviewer = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.CatalogReviewer, "bob");
        await reviewer.OpenAsync(app, "work", "待办事项");
        var row = reviewer.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync("目录审核");
        await row.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(reviewer.Locator("#entry-state")).ToHaveTextAsync("待部门审核");
        await reviewer.GetByLabel("退回理由（每行一条；退回时必填）").FillAsync("摘要过于简单：请说明数据范围和更新方式");
        await reviewer.PressAsync("退回修改");
        await Expect(reviewer.Locator("#entry-state")).ToHaveTextAsync("已退回");

        // 3. The steward sees it returned, with the reason, fixes the summary and submits again.
        await steward.OpenAsync(app, "work", "待办事项");
        var returned = steward.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(returned).ToContainTextAsync("目录退回修改");
        await Expect(returned).ToContainTextAsync("摘要过于简单");
        await returned.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(steward.Locator("#entry-state")).ToHaveTextAsync("已退回");
        await Expect(steward.GetByRole(AriaRole.Region, new() { Name = "审核记录" })).ToContainTextAsync("摘要过于简单");
        await steward.ShotAsync("04-catalog-returned");
        await steward.GetByLabel("资源摘要").FillAsync("本市核发的机动车驾驶证信息，覆盖全市驾驶人，每月更新");
        await steward.PressAsync("保存并提交审核");
        await Expect(steward.Locator("#entry-state")).ToHaveTextAsync("待部门审核");

        // 4. The reviewer approves; Longyan's route sends it on to the DataAuthority, whose approval publishes it.
        await reviewer.GotoAsync(entryUrl);
        await Expect(reviewer.Locator("#entry-state")).ToHaveTextAsync("待部门审核");
        await reviewer.PressAsync("同意");
        await Expect(reviewer.Locator("#entry-state")).ToHaveTextAsync("待数据管理机构审核");

        var authority = await browser.SignedInAsync(app, DemoJurisdiction.DataAuthority, Role.DataAuthority, "zhao");
        await authority.OpenAsync(app, "work", "待办事项");
        await authority.GetByRole(AriaRole.Row).Filter(new() { HasText = name }).GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(authority.Locator("#entry-state")).ToHaveTextAsync("待数据管理机构审核");
        await authority.ShotAsync("05-catalog-review");
        await authority.PressAsync("同意并发布");
        await Expect(authority.Locator("#entry-state")).ToHaveTextAsync("已发布");
        await Expect(authority.GetByRole(AriaRole.Status)).ToContainTextAsync("目录已发布");

        // The published entry is in the city's catalog for every department.
        var other = await browser.SignedInAsync(app, DemoJurisdiction.MarketRegulation, Role.DataSteward, "maria");
        await other.OpenAsync(app, "catalog", "资源目录");
        await other.GetByLabel("范围").SelectOptionAsync("false");
        await other.GetByLabel("关键词").FillAsync(name);
        await other.PressAsync("搜索");
        await Expect(other.GetByRole(AriaRole.Row).Filter(new() { HasText = name })).ToContainTextAsync("有条件共享");
    }

    [Fact]
    public async Task Two_reviewers_at_once_the_later_is_told_in_Chinese_that_the_entry_was_returned_meanwhile()
    {
        var api = new GovData.Functions.Tests.Catalog.CatalogApi(app);
        var code = "350800-GA-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var id = (await api.CreateAsync(GovData.Functions.Tests.Catalog.CatalogApi.Body(code))).GetProperty("id").GetString()!;
        await api.Steward.PostAsync($"/api/catalog/entries/{id}/submit", null);

        var reviewer = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.CatalogReviewer, "bob");
        await reviewer.GotoAsync(app.Url($"catalog/{id}"));
        await Expect(reviewer.Locator("#entry-state")).ToHaveTextAsync("待部门审核");
        // Another reviewer of the department returns it while this page is open.
        await api.Reviewer.PostAsJsonAsync($"/api/catalog/entries/{id}/review", new { decision = "Return", reasons = new[] { "数据项不全" } });

        await reviewer.PressAsync("同意");
        // Said once, beside the buttons, and in Chinese.
        var alert = reviewer.GetByRole(AriaRole.Alert);
        await Expect(alert).ToHaveTextAsync($"操作冲突：目录 {id}（已退回）：没有待审核的版本");
        // The English stays at hand for whoever reports it.
        await Expect(alert.Locator("p")).ToHaveAttributeAsync("title", $"entry {id} (Returned): there is no version waiting for review");
        await reviewer.ReloadAsync();
        await Expect(reviewer.Locator("#entry-state")).ToHaveTextAsync("已退回");
    }
}
