using GovData.Functions.Workflow;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Supervision;
using GovData.Functions.Tests.Catalog;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Sharing;

/// <summary>Forwards supervision events to the real queue and keeps a copy the test can read.</summary>
internal sealed class RecordingSupervisionEvents(ISupervisionEvents inner) : ISupervisionEvents
{
    public static ConcurrentQueue<SupervisionEvent> All { get; } = new();

    public async Task RecordAsync(SupervisionEvent e, CancellationToken ct)
    {
        await inner.RecordAsync(e, ct);
        All.Enqueue(e);
    }

    public static void Register(IServiceCollection s) =>
        s.AddSingleton<ISupervisionEvents>(sp => new RecordingSupervisionEvents(ActivatorUtilities.CreateInstance<QueuedSupervisionEvents>(sp)));

    public static SupervisionEvent[] For(string requestId) => All.Where(e => e.Id.StartsWith($"share-request:{requestId}:", StringComparison.Ordinal)).ToArray();
}

/// <summary>Helpers for driving sharing over HTTP as Longyan's departments do: PublicSecurity provides, MarketRegulation requests.</summary>
internal sealed class SharingApi(GovDataApp app)
{
    public CatalogApi Catalog { get; } = new(app);
    // New clients on every use: their tokens are issued at the app's current (fake) time, which tests move by days.
    public HttpClient Requester => app.ClientFor(DemoJurisdiction.MarketRegulation, Role.DataSteward);
    public HttpClient Provider => app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
    public HttpClient Authority => app.DataAuthority();
    public HttpClient Coordination => app.ClientFor(DemoJurisdiction.CoordinationOffice, Role.CoordinationOffice);
    public HttpClient Outsider => app.ClientFor(DemoJurisdiction.HumanResources, Role.DataSteward);

    /// <summary>An entry of PublicSecurity with one personal item (姓名), one key item and one plain item.</summary>
    public static object EntryBody(string sharingType = "Conditional") => new
    {
        name = "人口基本信息",
        code = CatalogApi.NewCode(),
        summary = "常住人口的基本信息",
        dataItems = new object[]
        {
            new { name = "姓名", type = "String", required = true, isPersonal = true },
            new { name = "公民身份号码", type = "ResidentIdNumber", required = true, isKey = true, isPersonal = true },
            new { name = "户籍地区划", type = "String" },
        },
        format = "数据库",
        sharingType,
        sharingConditions = sharingType == "Conditional" ? "仅用于政务服务" : null,
        legalBasis = sharingType == "Unconditional" ? null : "《中华人民共和国居民身份证法》第十九条",
        sharingMethods = new[] { "Api", "Verification" },
        openType = "NotOpen",
        updateCycle = "Daily",
    };

    public Task<string> PublishAsync(string sharingType = "Conditional") => Catalog.PublishAsync(EntryBody(sharingType));

    public static object RequestBody(string entryId, string[]? items = null, string purpose = "办理企业开办登记", int period = 6, string method = "Api", string? green = null) => new
    {
        entryId,
        items = items ?? new[] { "姓名", "户籍地区划" },
        scope = "企业开办窗口",
        purpose,
        method,
        periodMonths = period,
        greenChannelReason = green,
    };

    public async Task<JsonElement> FileAsync(string entryId, string[]? items = null, string? green = null)
    {
        var response = await Requester.PostAsJsonAsync("/api/sharing/requests", RequestBody(entryId, items, green: green));
        return await response.ShouldBe(HttpStatusCode.Accepted);
    }

    public static Task<HttpResponseMessage> Event(HttpClient client, string id, string name, object? body = null) =>
        client.PostAsJsonAsync($"/api/sharing/requests/{id}/events/{name}", body ?? new { });

    public async Task<JsonElement> Status(string id, HttpClient? client = null) =>
        await (await (client ?? Requester).GetAsync($"/api/sharing/requests/{id}")).ShouldBe(HttpStatusCode.OK);

    /// <summary>Files, has the provider and the DataAuthority approve, and accepts: a grant.</summary>
    public async Task<string> GrantAsync(string entryId)
    {
        var id = (await FileAsync(entryId)).GetProperty("id").GetString()!;
        await (await Event(Provider, id, "approve")).ShouldBe(HttpStatusCode.OK);
        await (await Event(Authority, id, "approve")).ShouldBe(HttpStatusCode.OK);
        var granted = await (await Event(Requester, id, "accept", new { dataUseAgreement = true, confidentialityAgreement = true })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Granted", granted.GetProperty("state").GetString());
        return id;
    }

    /// <summary>Lets every deadline the app's clock has passed fire (the reminder, then the due time), as on a running system.</summary>
    public static Task<int> Fire(GovDataApp app, string timerId) => app.SettleDeadlinesAsync();
}
