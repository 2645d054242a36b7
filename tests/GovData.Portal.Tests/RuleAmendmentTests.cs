using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Portal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovData.Portal.Tests;

/// <summary>The DataAuthority amends a rule from the rules page (a new version, with its reason and article); everyone reads the rule in force.</summary>
[Collection(PortalCollection.Name)]
public sealed class RuleAmendmentTests(Browser browser, PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task The_DataAuthority_shortens_the_share_answer_deadline_a_bad_value_refused_by_its_field()
    {
        var authority = await browser.SignedInAsync(app, DemoJurisdiction.DataAuthority, Role.DataAuthority, "zhao");
        await authority.OpenAsync(app, "rules", "适用规则");
        var row = authority.Locator("table.queue tbody tr").Filter(new() { HasText = "shareDecision.deadline" });
        // The rule in Chinese, its value in working days and its article.
        await Expect(row).ToContainTextAsync("共享申请答复时限");
        await Expect(row).ToContainTextAsync("5 个工作日");
        await Expect(row).ToContainTextAsync("004 第十二条");

        await authority.GetByRole(AriaRole.Button, new() { Name = "修订共享申请答复时限" }).ClickAsync();
        await Expect(authority.GetByRole(AriaRole.Heading, new() { Name = "修订规则（生成第 2 版）" })).ToBeVisibleAsync();
        await Expect(authority.Locator("main")).ToContainTextAsync("现行取值：5 个工作日");
        await Expect(authority.GetByLabel("新取值（工作日数）")).ToHaveValueAsync("5");
        await authority.GetByLabel("新取值（工作日数）").FillAsync("61");
        await authority.GetByLabel("依据的规定").SelectOptionAsync("004");
        await authority.GetByLabel("条款（如 第十二条）").FillAsync("第十二条");
        await authority.GetByLabel("修订理由（文号或会议纪要）").FillAsync("市政府常务会议纪要〔2026〕12号：缩短共享申请答复时限");
        await authority.PressAsync("提交修订");
        // More than 60 working days is refused with the rule's field; nothing changes.
        await Expect(authority.Locator(".problem")).ToContainTextAsync("rules.shareDecision.deadline");
        await Expect(authority.Locator(".problem")).ToContainTextAsync("应在 1 至 60 个工作日之间");
        await Expect(row).ToContainTextAsync("5 个工作日");

        await authority.GetByLabel("新取值（工作日数）").FillAsync("4");
        await authority.PressAsync("提交修订");
        await Expect(authority.GetByRole(AriaRole.Status).Filter(new() { HasText = "已修订“共享申请答复时限”：规则第 2 版" })).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("4 个工作日");
        await Expect(row).ToContainTextAsync("规则第 2 版修订");
        await Expect(row).ToContainTextAsync("依据 004 第十二条");
        var history = authority.GetByRole(AriaRole.Table).Filter(new() { HasText = "修订的规则" });
        await Expect(history).ToContainTextAsync("第 2 版");
        await Expect(history).ToContainTextAsync("市政府常务会议纪要〔2026〕12号");
        await authority.ShotAsync("23-rule-amendment");

        // A steward reads the amended rule and cannot amend.
        var steward = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        await steward.OpenAsync(app, "rules", "适用规则");
        await Expect(steward.Locator("table.queue tbody tr").Filter(new() { HasText = "shareDecision.deadline" })).ToContainTextAsync("4 个工作日");
        await Expect(steward.GetByRole(AriaRole.Button, new() { Name = "修订" })).ToHaveCountAsync(0);
        await Expect(steward.GetByRole(AriaRole.Heading, new() { Name = "修订规则" })).ToHaveCountAsync(0);
    }
}
