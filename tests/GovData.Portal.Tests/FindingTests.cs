using System.Net;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Tests.Sharing;
using GovData.Portal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovData.Portal.Tests;

/// <summary>
/// A supervision finding (整改事项) from its department's queue to the DataAuthority's acceptance: 公安局's refusal was
/// overturned on dispute, which is a finding against it; its steward explains and asks acceptance, the DataAuthority accepts.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class FindingTests(Browser browser, PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task The_department_answers_its_finding_from_the_queue_and_the_DataAuthority_accepts_it_with_a_reason()
    {
        var sharing = new SharingApi(app);
        var entry = await sharing.PublishAsync();
        var id = (await sharing.FileAsync(entry, items: ["户籍地区划"])).GetProperty("id").GetString()!;
        await (await SharingApi.Event(sharing.Provider, id, "refuse", new { reasons = new[] { "申请用途与职责不符" } })).ShouldBe(HttpStatusCode.OK);
        await (await SharingApi.Event(sharing.Requester, id, "dispute", new { reason = "企业开办为法定职责" })).ShouldBe(HttpStatusCode.OK);
        await (await SharingApi.Event(sharing.Coordination, id, "dispute-decision", new { decision = "Overturn", reasons = new[] { "属履职需要" } })).ShouldBe(HttpStatusCode.OK);

        // 公安局's steward finds the finding in its queue and asks for acceptance with its reason.
        var steward = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        await steward.OpenAsync(app, "work", "待办事项");
        var row = steward.GetByRole(AriaRole.Row).Filter(new() { HasText = "整改事项" });
        await Expect(row).ToHaveCountAsync(1);
        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(steward.Locator("#finding-state")).ToHaveTextAsync("待整改");
        await Expect(steward.Locator("dl.facts")).ToContainTextAsync("dispute.overturned");
        await steward.GetByLabel("整改情况或申请认可的理由").FillAsync("已组织复核，今后对履职需要的申请依法共享");
        await steward.PressAsync("申请认可");
        await Expect(steward.GetByRole(AriaRole.Status)).ToContainTextAsync("已申请认可");
        await Expect(steward.Locator("#finding-state")).ToHaveTextAsync("申请认可");
        await steward.ShotAsync("21-finding");

        // The DataAuthority decides it from its queue: not without a reason, then accepted.
        var authority = await browser.SignedInAsync(app, DemoJurisdiction.DataAuthority, Role.DataAuthority, "zhao");
        await authority.OpenAsync(app, "work", "待办事项");
        await authority.GetByRole(AriaRole.Row).Filter(new() { HasText = "整改审核" }).GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(authority.Locator("ol.timeline")).ToContainTextAsync("已组织复核");
        await authority.PressAsync("认可");
        await Expect(authority.Locator(".problem")).ToContainTextAsync("reason");
        await Expect(authority.Locator("#finding-state")).ToHaveTextAsync("申请认可");
        await authority.GetByLabel("审核意见").FillAsync("理由成立，予以认可");
        await authority.PressAsync("认可");
        await Expect(authority.GetByRole(AriaRole.Status)).ToContainTextAsync("已认可");
        await Expect(authority.Locator("#finding-state")).ToHaveTextAsync("已认可");

        // The department's list shows it accepted; its queue no longer has it.
        await steward.OpenAsync(app, "findings", "整改事项");
        await steward.GetByLabel("状态").SelectOptionAsync("AcceptedWithReason");
        await steward.PressAsync("筛选");
        await Expect(steward.Locator("table.queue tbody tr")).ToHaveCountAsync(1);
        await steward.OpenAsync(app, "work", "待办事项");
        await Expect(steward.GetByRole(AriaRole.Status).Filter(new() { HasText = "没有待办事项" })).ToBeVisibleAsync();
    }
}
