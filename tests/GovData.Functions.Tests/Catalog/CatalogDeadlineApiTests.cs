using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GovData.Functions.Catalog;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;
using GovData.Functions.Workflow;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Catalog;

/// <summary>A declared change starts the rule set's update deadline; publishing in time cancels it, missing it raises a finding.</summary>
public sealed class CatalogDeadlineApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private readonly CatalogApi _api = new(app);

    private Task Fire(string id) =>
        app.SettleDeadlinesAsync();

    [Fact]
    [Trait("Rule", "catalog.legalChangeUpdateDeadline")]
    public async Task A_change_of_law_or_function_has_its_own_longer_deadline()
    {
        var id = await _api.PublishAsync(CatalogApi.Body(CatalogApi.NewCode()));
        var declared = await (await _api.Steward.PostAsJsonAsync($"/api/catalog/entries/{id}/changes", new { kind = "LegalChange", reason = "《数据安全法》修订" })).ShouldBe(HttpStatusCode.OK);
        // Longyan inherits Fujian's 15 working days (the figure 002 第十一条 gives for the same trigger): from 11-24, 12-15.
        // Computed from the clock, which the other test of this class moves.
        var calendar = await app.Services.GetRequiredService<GovData.Functions.Calendar.CalendarService>().GetAsync("350800", CancellationToken.None);
        var due = calendar.AddWorkingDays(app.Time.GetUtcNow(), 15).DueDate;
        Assert.Equal(due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), declared.GetProperty("pendingChange").GetProperty("dueDate").GetString());
        Assert.Contains("catalog.legalChangeUpdateDeadline", declared.GetProperty("pendingChange").GetProperty("rule").GetString());
    }

    [Fact]
    [Trait("Rule", "catalog.updateDeadline")]
    public async Task A_change_must_be_published_within_the_deadline_or_a_finding_is_raised()
    {
        var inTime = await _api.PublishAsync(CatalogApi.Body(CatalogApi.NewCode()));
        var late = await _api.PublishAsync(CatalogApi.Body(CatalogApi.NewCode()));

        foreach (var id in new[] { inTime, late })
        {
            var declared = await (await _api.Steward.PostAsJsonAsync($"/api/catalog/entries/{id}/changes", new { kind = "ResourceChange", reason = "新增字段" })).ShouldBe(HttpStatusCode.OK);
            // Longyan inherits Fujian's 5 working days: declared Tuesday 2026-11-24, due Tuesday 12-01.
            Assert.Equal("2026-12-01", declared.GetProperty("pendingChange").GetProperty("dueDate").GetString());
        }
        await (await _api.Steward.PostAsJsonAsync($"/api/catalog/entries/{late}/changes", new { kind = "ResourceChange", reason = "again" })).ShouldBeProblem(HttpStatusCode.Conflict);

        await (await _api.Steward.PostAsJsonAsync($"/api/catalog/entries/{inTime}/versions", new { reason = "新增字段" })).ShouldBe(HttpStatusCode.OK);
        await (await _api.Steward.PostAsync($"/api/catalog/entries/{inTime}/submit", null)).ShouldBe(HttpStatusCode.OK);
        await _api.Approve(_api.Reviewer, inTime);
        await _api.Approve(_api.Authority, inTime);
        await app.DeadlineInStateAsync("350800", CatalogDeadlines.UpdateTimerId(inTime, 1), TimerState.Cancelled);

        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.FromHours(8)));
        var lateTimer = CatalogDeadlines.UpdateTimerId(late, 1);
        await Fire(lateTimer);
        await Fire(lateTimer);
        await app.DeadlineInStateAsync("350800", lateTimer, TimerState.Fired);
        var supervision = app.Services.GetRequiredService<Database>().GetContainer(StorageNames.Cosmos.Supervision);
        var finding = (await supervision.ReadItemAsync<JsonElement>("finding:" + lateTimer, new PartitionKey("350800"))).Resource;
        Assert.Equal("Open", finding.GetProperty("state").GetString());
        Assert.Equal("catalog.updateDeadline", finding.GetProperty("rule").GetString());
        Assert.Equal("11350800MB0001003K", finding.GetProperty("department").GetString());
        await Assert.ThrowsAsync<CosmosException>(() => supervision.ReadItemAsync<JsonElement>("finding:" + CatalogDeadlines.UpdateTimerId(inTime, 1), new PartitionKey("350800")));
    }
}
