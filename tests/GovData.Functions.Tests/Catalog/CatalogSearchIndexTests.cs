using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GovData.Functions.Catalog;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Tests.Catalog;

/// <summary>
/// Search is served from an in-memory index per jurisdiction kept in step through the listing change log: it never
/// shows drafts, and it is right after every publication, new version, emergency and retirement, on this instance and
/// on another one.
/// </summary>
public sealed class CatalogSearchIndexTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private readonly CatalogApi _api = new(app);

    private async Task<List<JsonElement>> Find(string keyword, string extra = "")
    {
        var page = await (await _api.OtherSteward.GetAsync($"/api/catalog/entries?keyword={Uri.EscapeDataString(keyword)}&pageSize=200{extra}")).ShouldBe(HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().ToList();
    }

    // What a second instance of the app would hold: its own index over the same store.
    private CatalogSearchIndex SecondInstance() =>
        new(app.Services.GetRequiredService<CatalogStore>(), app.Time, Options.Create(new CatalogSearchOptions()));

    private static async Task<List<string>> Codes(CatalogSearchIndex index, string keyword) =>
        (await index.SearchAsync("350800", new CatalogSearch(null, null, null, null, keyword, null, false), 200, CancellationToken.None))
            .Items.Select(i => i.Listing.Code).ToList();

    [Fact]
    public async Task Search_follows_publication_new_versions_and_retirement_and_never_shows_drafts()
    {
        var first = "初版" + Guid.NewGuid().ToString("N")[..6];
        var second = "二版" + Guid.NewGuid().ToString("N")[..6];
        var code = CatalogApi.NewCode();
        var other = SecondInstance();
        Assert.Empty(await Find(first));
        Assert.Empty(await Codes(other, first));

        // A draft and a submitted entry are not searchable.
        var id = (await _api.CreateAsync(CatalogApi.Body(code, name: first + "人口", sharingType: "Unconditional", openType: "Unconditional"))).GetProperty("id").GetString()!;
        Assert.Empty(await Find(first));
        await (await _api.Steward.PostAsync($"/api/catalog/entries/{id}/submit", null)).ShouldBe(HttpStatusCode.OK);
        await _api.Approve(_api.Reviewer, id);
        Assert.Empty(await Find(first));
        Assert.Empty(await Codes(other, first));

        await _api.Approve(_api.Authority, id);
        var found = Assert.Single(await Find(first));
        Assert.Equal(code, found.GetProperty("code").GetString());
        Assert.Equal(1, found.GetProperty("version").GetInt32());
        Assert.Equal([code], await Codes(other, first));

        // Version 2 in draft and in review: search still shows version 1, never the draft's new name.
        await (await _api.Steward.PostAsJsonAsync($"/api/catalog/entries/{id}/versions", new { reason = "更名" })).ShouldBe(HttpStatusCode.OK);
        await (await _api.Steward.PutAsJsonAsync($"/api/catalog/entries/{id}/draft",
            CatalogApi.Body(code, name: second + "人口", sharingType: "Unconditional", openType: "Unconditional", items: ["姓名", "公民身份号码", "户籍地址"]))).ShouldBe(HttpStatusCode.OK);
        await (await _api.Steward.PostAsync($"/api/catalog/entries/{id}/submit", null)).ShouldBe(HttpStatusCode.OK);
        await _api.Approve(_api.Reviewer, id);
        Assert.Empty(await Find(second));
        Assert.Equal(1, Assert.Single(await Find(first)).GetProperty("version").GetInt32());

        await _api.Approve(_api.Authority, id);
        Assert.Empty(await Find(first));
        var v2 = Assert.Single(await Find(second));
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        Assert.Contains("户籍地址", v2.GetProperty("dataItemNames").EnumerateArray().Select(i => i.GetString()));
        Assert.Empty(await Codes(other, first));
        Assert.Equal([code], await Codes(other, second));

        // Retired: gone from search on every instance.
        await (await _api.Steward.PostAsJsonAsync($"/api/catalog/entries/{id}/retirement", new { reason = "职能划转" })).ShouldBe(HttpStatusCode.OK);
        Assert.Single(await Find(second));
        await (await _api.Authority.PostAsJsonAsync($"/api/catalog/entries/{id}/retirement/decision", new { decision = "Approve" })).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(await Find(second));
        Assert.Empty(await Codes(other, second));
        Assert.Empty((await (await app.CreateClient().GetAsync($"/api/open-catalog/350800/entries?keyword={Uri.EscapeDataString(second)}")).ShouldBe(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray());

        // The second instance loaded the jurisdiction once and then only re-read what changed.
        Assert.Equal(1, other.Counters.FullLoads);
        Assert.True(other.Counters.Refreshes >= 3, $"refreshes: {other.Counters.Refreshes}");
    }

    [Fact]
    public async Task An_emergency_raise_shows_in_the_sharing_type_filter_on_another_instance()
    {
        var word = "应急" + Guid.NewGuid().ToString("N")[..6];
        var code = CatalogApi.NewCode();
        var id = await _api.PublishAsync(CatalogApi.Body(code, name: word + "资源", sharingType: "NotShared"));
        var other = SecondInstance();
        async Task<List<string>> Unconditional() =>
            (await other.SearchAsync("350800", new CatalogSearch(null, Domain.Catalog.SharingType.Unconditional, null, null, word, null, false), 200, CancellationToken.None))
                .Items.Select(i => i.Listing.Code).ToList();
        Assert.Empty(await Unconditional());
        await (await _api.Authority.PostAsJsonAsync($"/api/catalog/entries/{id}/emergency",
            new { raisedTo = "Unconditional", until = app.Time.GetUtcNow().AddDays(2), reason = "突发事件" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal([code], await Unconditional());
    }

    [Fact]
    public async Task Within_the_check_interval_an_instance_reads_the_change_log_once_and_sees_its_own_changes_at_once()
    {
        var word = "间隔" + Guid.NewGuid().ToString("N")[..6];
        // Another instance: its own store (its own count of changes made there) and index, over the same database.
        var otherStore = new CatalogStore(app.Services.GetRequiredService<Microsoft.Azure.Cosmos.Database>());
        var other = new CatalogSearchIndex(otherStore, app.Time, Options.Create(new CatalogSearchOptions { ChangeCheckInterval = TimeSpan.FromMinutes(1) }));
        var everyTime = new CatalogSearchIndex(otherStore, app.Time, Options.Create(new CatalogSearchOptions { ChangeCheckInterval = TimeSpan.Zero }));
        Assert.Empty(await Codes(other, word));
        var reads = other.Counters.LogReads;
        Assert.Empty(await Codes(other, word));
        Assert.Equal(reads, other.Counters.LogReads);

        // Published through the app, i.e. elsewhere: an index that reads the log every time has it; the other one serves
        // its snapshot until the interval ends (the documented lag) ...
        var code = CatalogApi.NewCode();
        var id = await _api.PublishAsync(CatalogApi.Body(code, name: word + "资源"));
        Assert.Equal([code], await Codes(everyTime, word));
        Assert.Empty(await Codes(other, word));
        Assert.Equal(reads, other.Counters.LogReads);

        // ... unless its own instance changed a listing since: then it reads the log at once and catches up.
        await otherStore.RecordListingChangeAsync("350800", id, CancellationToken.None);
        Assert.Equal([code], await Codes(other, word));
        Assert.Equal(reads + 1, other.Counters.LogReads);
    }

    [Fact]
    public async Task An_index_that_fell_behind_the_change_log_reloads_the_whole_jurisdiction()
    {
        var word = "落后" + Guid.NewGuid().ToString("N")[..6];
        var store = app.Services.GetRequiredService<CatalogStore>();
        var other = SecondInstance();
        await Codes(other, word);
        var code = CatalogApi.NewCode();
        await _api.PublishAsync(CatalogApi.Body(code, name: word + "资源"));
        // More marks than the log keeps: the index cannot catch up mark by mark.
        for (var i = 0; i < CatalogStore.ListingChangesKept; i++) await store.RecordListingChangeAsync("350800", "no-such-entry", CancellationToken.None);
        var loadsBefore = other.Counters.FullLoads;
        Assert.Equal([code], await Codes(other, word));
        Assert.Equal(loadsBefore + 1, other.Counters.FullLoads);
    }

    [Fact]
    public async Task An_instance_keeps_a_bounded_number_of_jurisdictions_and_reloads_a_dropped_one()
    {
        var index = new CatalogSearchIndex(app.Services.GetRequiredService<CatalogStore>(), app.Time,
            Options.Create(new CatalogSearchOptions { MaxJurisdictions = 2 }));
        var word = "有界" + Guid.NewGuid().ToString("N")[..6];
        var code = CatalogApi.NewCode();
        await _api.PublishAsync(CatalogApi.Body(code, name: word + "资源"));
        var search = new CatalogSearch(null, null, null, null, word, null, true);
        // What anonymous callers of the open catalog can ask for: any valid division code.
        foreach (var j in new[] { "350800", "350100", "350200", "350300" })
        {
            await index.SearchAsync(j, search with { OpenOnly = false }, 20, CancellationToken.None);
            Assert.True(index.CachedJurisdictions.Count <= 2, string.Join(",", index.CachedJurisdictions));
            Assert.Contains(j, index.CachedJurisdictions);
        }
        Assert.DoesNotContain("350800", index.CachedJurisdictions);
        var loads = index.Counters.FullLoads;
        Assert.Equal([code], await Codes(index, word));
        Assert.Equal(loads + 1, index.Counters.FullLoads);
    }
}
