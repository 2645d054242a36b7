using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Opening;
using GovData.Portal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovData.Portal.Tests;

/// <summary>The DataAuthority's security review of a desensitized publish: the plan and a sample of the masked output on one page.</summary>
[Collection(PortalCollection.Name)]
public sealed class OpenDataReviewTests(Browser browser, PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task The_DataAuthority_approves_a_publish_from_its_queue_with_the_masked_sample_beside_the_plan()
    {
        // 公安局 configured the plan and asked to publish curated version 1; the transform has run.
        var opening = new OpeningApi(app);
        var entryId = await opening.EntryAsync();
        await opening.WriteCuratedAsync(entryId, 1, OpeningSamples.Csv(OpeningSamples.Rows));
        await opening.ConfigureAsync(entryId, OpeningSamples.Plan());
        var publishId = await opening.RequestPublishAsync(entryId, 1);
        await opening.RunJobAsync("transform", publishId);

        var authority = await browser.SignedInAsync(app, DemoJurisdiction.DataAuthority, Role.DataAuthority, "zhao");
        await authority.OpenAsync(app, "work", "待办事项");
        await authority.GetByRole(AriaRole.Row).Filter(new() { HasText = "开放安全审查" }).GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(authority.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("开放安全审查");
        var plan = authority.GetByRole(AriaRole.Region, new() { Name = "脱敏方案" });
        await Expect(plan.GetByRole(AriaRole.Row).Filter(new() { HasText = "银行卡号" })).ToContainTextAsync("删除该列");
        await Expect(plan.GetByRole(AriaRole.Row).Filter(new() { HasText = "姓名" })).ToContainTextAsync("掩码");
        var sample = authority.Locator("#sample");
        await Expect(sample.GetByRole(AriaRole.Row)).ToHaveCountAsync(OpeningSamples.Rows.Length + 1);
        await Expect(sample.Locator("thead")).Not.ToContainTextAsync("银行卡号");
        foreach (var clear in new[] { "张三", "110101199003071233", "13812345678" })
            await Expect(sample).Not.ToContainTextAsync(clear);
        await authority.ShotAsync("14-open-data-review");

        await authority.PressAsync("审查通过，开放");
        await Expect(authority.GetByRole(AriaRole.Status)).ToContainTextAsync("审查通过");
        await opening.RunJobAsync("promote", publishId);
        Assert.Equal("Published", (await opening.PublishAsync(publishId)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_sign_in_page_offers_the_demo_units_and_roles_in_Chinese()
    {
        var page = await browser.NewPageAsync();
        await page.OpenAsync(app, "signin", "登录");
        await Expect(page.GetByLabel("单位", new() { Exact = true }).Locator("option")).ToHaveCountAsync(DemoJurisdiction.Units.Count);
        await Expect(page.GetByLabel("角色", new() { Exact = true })).ToContainTextAsync("目录审核员");
        await page.ShotAsync("00-sign-in");
        // A public applicant signs in with its credit code instead.
        await page.GetByLabel("登录为").SelectOptionAsync("public");
        await Expect(page.GetByLabel("统一社会信用代码")).ToBeVisibleAsync();
    }
}
