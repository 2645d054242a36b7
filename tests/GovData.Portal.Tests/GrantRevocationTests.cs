using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Sharing;
using GovData.Portal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovData.Portal.Tests;

/// <summary>The provider revokes a grant it gave, with its reasons; the holder can no longer query the data.</summary>
[Collection(PortalCollection.Name)]
public sealed class GrantRevocationTests(Browser browser, PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task The_provider_revokes_a_grant_with_reasons_and_the_holder_can_no_longer_query()
    {
        var data = new SharedDataApi(app);
        var entryId = await data.PublishWithDataAsync("Conditional", rows: 10);
        var requestId = await data.GrantAsync(entryId, ["公民身份号码", "姓名"], "Api");

        // The holder (市场监督管理局) can query under the grant.
        var holder = await browser.SignedInAsync(app, DemoJurisdiction.MarketRegulation, Role.DataSteward, "maria");
        await holder.OpenAsync(app, $"sharing/{requestId}", "共享申请");
        await holder.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^使用授权") }).ClickAsync();
        await Expect(holder.GetByRole(AriaRole.Heading, new() { Level = 2, Name = "接口查询" })).ToBeVisibleAsync();
        var grantUrl = holder.Url;

        // 公安局 revokes it from the same grant page: without a reason it is refused, naming the field, and nothing changes.
        var provider = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        await provider.GotoAsync(grantUrl);
        await Expect(provider.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("使用授权");
        await provider.PressAsync("撤销授权");
        await Expect(provider.Locator(".problem")).ToContainTextAsync("reasons");
        await Expect(provider.Locator("dl.facts")).ToContainTextAsync("有效");
        await provider.GetByLabel("撤销理由（每行一条，必填）").FillAsync("使用部门超出约定用途使用数据");
        await provider.PressAsync("撤销授权");
        await Expect(provider.GetByRole(AriaRole.Status)).ToContainTextAsync("已撤销授权");
        await Expect(provider.Locator("dl.facts")).ToContainTextAsync("已撤销");
        await Expect(provider.GetByRole(AriaRole.Button, new() { Name = "撤销授权" })).ToHaveCountAsync(0);

        // The holder's page shows the grant revoked and no longer offers the query.
        await holder.ReloadAsync();
        await Expect(holder.Locator("dl.facts")).ToContainTextAsync("已撤销");
        await Expect(holder.GetByRole(AriaRole.Heading, new() { Level = 2, Name = "接口查询" })).ToHaveCountAsync(0);
        // The request's timeline records the revocation.
        await holder.OpenAsync(app, $"sharing/{requestId}", "共享申请");
        await Expect(holder.Locator("ol.timeline")).ToContainTextAsync("撤销授权");
    }
}
