using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Portal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovData.Portal.Tests;

/// <summary>The DataAuthority loads a new validity period for the jurisdiction's rules from the rules page (a successor version).</summary>
[Collection(PortalCollection.Name)]
public sealed class RuleValidityTests(Browser browser, PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task The_DataAuthority_sets_an_end_to_the_trial_measures_an_end_before_the_start_refused_by_its_field()
    {
        var authority = await browser.SignedInAsync(app, DemoJurisdiction.DataAuthority, Role.DataAuthority, "zhao");
        await authority.OpenAsync(app, "rules", "适用规则");
        var longyan = authority.GetByRole(AriaRole.Region, new() { Name = "适用的规定" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = "龙岩市政务数据管理办法" });
        // Longyan's trial measures: in force from their issue, with no end date.
        await Expect(longyan).ToContainTextAsync("有效期：自2020年10月30日起，长期有效");
        var form = authority.GetByRole(AriaRole.Region, new() { Name = "载入新的有效期（生成第 2 版）" });
        await Expect(form.GetByLabel("有效期起始日")).ToHaveValueAsync("2020-10-30");

        await form.GetByLabel("有效期截止日（不填为长期有效）").FillAsync("2019-12-31");
        await form.GetByLabel("有效期的设定依据").SelectOptionAsync("004");
        await form.GetByLabel("设定依据的条款（如 第三十三条）").FillAsync("第三十三条");
        await form.GetByLabel("载入理由（文号或会议纪要）").FillAsync("龙政办〔2026〕8号：试行期至2027年底");
        await authority.PressAsync("载入有效期");
        // An end before the start is refused by its field, in Chinese; nothing changes.
        await Expect(form.Locator(".problem")).ToContainTextAsync("validity.until");
        await Expect(form.Locator(".problem")).ToContainTextAsync("不能早于有效期起始日（2020-10-30）");
        await Expect(longyan).ToContainTextAsync("长期有效");

        await form.GetByLabel("有效期截止日（不填为长期有效）").FillAsync("2027-12-31");
        await authority.PressAsync("载入有效期");
        await Expect(authority.GetByRole(AriaRole.Status).Filter(new() { HasText = "已载入新的有效期（2020年10月30日至2027年12月31日）：规则第 2 版" })).ToBeVisibleAsync();
        await Expect(longyan).ToContainTextAsync("有效期：2020年10月30日至2027年12月31日");
        var history = authority.GetByRole(AriaRole.Table).Filter(new() { HasText = "修订的规则" });
        await Expect(history.GetByRole(AriaRole.Row).Filter(new() { HasText = "第 2 版" })).ToContainTextAsync("有效期");
        await Expect(history).ToContainTextAsync("龙政办〔2026〕8号");
        await authority.ShotAsync("25-rule-validity");
        // The rules themselves did not change.
        await Expect(authority.Locator("table.queue tbody tr").Filter(new() { HasText = "shareDecision.deadline" })).ToContainTextAsync("5 个工作日");
    }
}
