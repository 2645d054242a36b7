using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Tests.Sharing;
using GovData.Portal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovData.Portal.Tests;

/// <summary>An approver sees an overdue item marked in the work queue, with the rule and article that set the deadline.</summary>
[Collection(PortalCollection.Name)]
public sealed class OverdueTests(Browser browser, PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task An_approver_sees_an_overdue_share_request_marked_first_in_the_queue_with_its_rule()
    {
        var sharing = new SharingApi(app);
        var entryId = await sharing.PublishAsync();
        var late = (await sharing.FileAsync(entryId)).GetProperty("id").GetString()!;
        // Time passes: a month later the provider still has not answered (the deadline's orchestration escalates it).
        await app.MoveClockAsync(GovDataApp.DefaultNow.AddDays(30));
        // A request filed today is not overdue; it sorts after the late one.
        var fresh = (await sharing.FileAsync(entryId)).GetProperty("id").GetString()!;

        var provider = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        await provider.OpenAsync(app, "work", "待办事项");
        var rows = provider.Locator("table.queue tbody tr");
        // The two requests, and the finding the missed deadline raised against the department (整改事项: it has no deadline
        // of its own, so it comes last).
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(provider.GetByRole(AriaRole.Status).Filter(new() { HasText = "共 3 项，其中 1 项已逾期" })).ToBeVisibleAsync();
        await Expect(rows.Nth(2)).ToContainTextAsync("整改事项");
        var first = rows.Nth(0);
        await Expect(first).ToHaveClassAsync("row-overdue");
        await Expect(first.Locator(".tag-overdue")).ToContainTextAsync("已逾期");
        await Expect(first).ToContainTextAsync("依据");
        await Expect(first.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"sharing/{late}");
        var second = rows.Nth(1);
        await Expect(second).Not.ToHaveClassAsync("row-overdue");
        await Expect(second).ToContainTextAsync("剩");
        await Expect(second.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"sharing/{fresh}");
        await provider.ShotAsync("11-work-queue-overdue");

        // The request's own page says so too, and the coordination office sees it escalated in its queue.
        await first.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(provider.Locator("p.tags .tag-overdue").First).ToContainTextAsync("已逾期");
        var office = await browser.SignedInAsync(app, DemoJurisdiction.CoordinationOffice, Role.CoordinationOffice, "chen");
        await office.OpenAsync(app, "work", "待办事项");
        await Expect(office.GetByRole(AriaRole.Row).Filter(new() { HasText = "共享协调" }).First).ToContainTextAsync("已逾期");
    }
}
