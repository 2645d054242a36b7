using System.Text;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Tests.Sharing;
using GovData.Portal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovData.Portal.Tests;

/// <summary>
/// The CoordinationOffice's part in a share request, from its work queue: it answers a request for the green channel
/// (002 第二十三条), and when the provider refuses and the requester disputes the refusal, it concludes the dispute
/// (001 第十四条); the requester then accepts and is granted.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ShareDisputeTests(Browser browser, PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task The_office_approves_a_green_channel_and_overturns_a_disputed_refusal_from_its_queue_and_the_requester_is_granted()
    {
        // Longyan's DataAuthority opens the green channel (Fujian's default keeps it closed); 公安局 shares its people data.
        var amendment = """{"basedOnVersion": 1, "reason": "市政府决定开设应急数据共享绿色通道", "effectiveFrom": "2026-11-24", "rules": {"greenChannel.enabled": {"value": true}}}""";
        await (await app.ClientFor(DemoJurisdiction.DataAuthority, Role.DataAuthority)
            .PostAsync("/api/jurisdictions/350800/rules/amendments", new StringContent(amendment, Encoding.UTF8, "application/json"))).ShouldBe(System.Net.HttpStatusCode.Created);
        var entryId = await new SharedDataApi(app).PublishWithDataAsync("Conditional", rows: 10);

        // 1. 市场监督管理局 files an urgent request and asks for the green channel.
        var requester = await browser.SignedInAsync(app, DemoJurisdiction.MarketRegulation, Role.DataSteward, "maria");
        await requester.OpenAsync(app, $"sharing/new?entry={entryId}", "申请共享");
        await requester.GetByLabel("共享方式").SelectOptionAsync("Api");
        await requester.GetByLabel("使用范围").FillAsync("森林防火指挥部");
        await requester.GetByLabel("用途（依据的职责）").FillAsync(SharedDataApi.Purpose);
        await requester.GetByLabel("申请绿色通道（紧急需要，经协调机构同意后 1 个工作日内答复）").CheckAsync();
        await requester.GetByLabel("紧急理由").FillAsync("森林火灾应急处置");
        await requester.PressAsync("提交申请");
        await Expect(requester.Locator("#share-state")).ToHaveTextAsync("待审批");
        await Expect(requester.Locator("dl.facts")).ToContainTextAsync("待协调机构审核：森林火灾应急处置");
        var requestUrl = requester.Url;

        // 2. The CoordinationOffice finds the green channel in its queue and approves it: the 1-working-day answer applies.
        var office = await browser.SignedInAsync(app, DemoJurisdiction.CoordinationOffice, Role.CoordinationOffice, "zhou");
        await office.OpenAsync(app, "work", "待办事项");
        var green = office.GetByRole(AriaRole.Row).Filter(new() { HasText = "绿色通道审核" });
        await Expect(green).ToContainTextAsync("森林火灾应急处置");
        await green.GetByRole(AriaRole.Link).First.ClickAsync();
        await office.GetByLabel("审核意见（可选）").FillAsync("火情紧急");
        await office.PressAsync("同意绿色通道");
        await Expect(office.GetByRole(AriaRole.Status)).ToContainTextAsync("已同意绿色通道");
        var facts = office.Locator("dl.facts");
        await Expect(facts).ToContainTextAsync("已同意：森林火灾应急处置（火情紧急）");
        await Expect(facts.Locator(".due")).ToContainTextAsync("greenChannel.answerDeadline");

        // 3. 公安局 refuses it, with its reason.
        var provider = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        await provider.GotoAsync(requestUrl);
        await provider.GetByLabel("不予共享的理由（每行一条；拒绝时必填，须说明依据）").FillAsync("申请用途与本部门数据的共享条件不符");
        await provider.PressAsync("不予共享");
        await Expect(provider.GetByRole(AriaRole.Status)).ToContainTextAsync("已决定不予共享");

        // 4. The requester disputes the refusal; the dispute deadline is shown with its rule.
        await requester.ReloadAsync();
        await Expect(requester.Locator("#share-state")).ToHaveTextAsync("不予共享（已拒绝）");
        await requester.GetByLabel("异议理由").FillAsync("森林防火为本部门法定职责");
        await requester.PressAsync("提出异议");
        await Expect(requester.GetByRole(AriaRole.Status)).ToContainTextAsync("已提出异议");
        await Expect(requester.Locator("#share-state")).ToHaveTextAsync("异议处理中");
        await Expect(requester.Locator("dl.facts")).ToContainTextAsync("dispute.deadline");
        await requester.ShotAsync("20-share-disputed");

        // 5. The office concludes the dispute from its queue: the refusal is overturned.
        await office.OpenAsync(app, "work", "待办事项");
        var dispute = office.GetByRole(AriaRole.Row).Filter(new() { HasText = "共享异议处理" });
        await Expect(dispute).ToContainTextAsync("森林防火为本部门法定职责");
        await Expect(dispute).ToContainTextAsync("剩");
        await dispute.GetByRole(AriaRole.Link).First.ClickAsync();
        await office.PressAsync("撤销不予共享决定");
        // Without reasons the conclusion is refused, naming the field; nothing changes.
        await Expect(office.Locator(".problem")).ToContainTextAsync("reasons");
        await Expect(office.Locator("#share-state")).ToHaveTextAsync("异议处理中");
        await office.GetByLabel("处理理由（每行一条，必填）").FillAsync("属履职需要，应予共享");
        await office.PressAsync("撤销不予共享决定");
        await Expect(office.GetByRole(AriaRole.Status)).ToContainTextAsync("已撤销不予共享决定");
        await Expect(office.Locator("#share-state")).ToHaveTextAsync("撤销原决定");

        // 6. The requester accepts the agreements and holds the grant.
        await requester.ReloadAsync();
        await requester.GetByLabel("我方同意数据使用协议：仅在申请的用途和范围内使用，不转授他人。").CheckAsync();
        await requester.GetByLabel("我方同意保密协议：对个人信息和敏感数据依法保密。").CheckAsync();
        await requester.PressAsync("接受并获得授权");
        await Expect(requester.Locator("#share-state")).ToHaveTextAsync("已授权");
    }
}
