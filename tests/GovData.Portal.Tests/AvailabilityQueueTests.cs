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
/// A share approved for data not yet aggregated leaves the provider an obligation with a statutory deadline (002 第二十三条):
/// its steward's work queue lists it with the due date, working days left and the rule, until the data is on the platform.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AvailabilityQueueTests(Browser browser, PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task The_provider_sees_data_to_aggregate_for_an_approved_share_in_its_queue_with_the_rule()
    {
        var sharing = new SharingApi(app);
        var entryId = await sharing.PublishAsync();
        var id = (await sharing.FileAsync(entryId)).GetProperty("id").GetString()!;
        await (await SharingApi.Event(sharing.Provider, id, "not-aggregated")).ShouldBe(HttpStatusCode.OK);
        await (await SharingApi.Event(sharing.Provider, id, "approve")).ShouldBe(HttpStatusCode.OK);
        await (await SharingApi.Event(sharing.Authority, id, "approve")).ShouldBe(HttpStatusCode.OK);

        var provider = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        await provider.OpenAsync(app, "work", "待办事项");
        // Answered: no decision is left, only the data to aggregate.
        var row = provider.Locator("table.queue tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("共享数据汇聚时限");
        await Expect(row).ToContainTextAsync("第二十三条");
        await Expect(row).ToContainTextAsync("剩");
        await Expect(row).Not.ToHaveClassAsync("row-overdue");
        await Expect(row.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"sharing/{id}");

        // The requesting department has nothing to do here.
        var requester = await browser.SignedInAsync(app, DemoJurisdiction.MarketRegulation, Role.DataSteward, "bob");
        await requester.OpenAsync(app, "work", "待办事项");
        await Expect(requester.GetByRole(AriaRole.Status).Filter(new() { HasText = "没有待办事项" })).ToBeVisibleAsync();
    }
}
