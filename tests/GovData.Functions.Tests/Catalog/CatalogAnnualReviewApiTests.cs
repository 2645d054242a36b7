using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GovData.Domain.Identifiers;
using GovData.Domain.Identity;
using GovData.Functions.Audit;
using GovData.Functions.Catalog;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;
using GovData.Functions.Workflow;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Catalog;

/// <summary>
/// The yearly full review (001 第十条, Shanghai's rule set): publishing makes the department's review of the year due on
/// its last working day; recording it closes the deadline; a department that does not is reminded and then gets a
/// supervision finding. Moves the clock, so it has its own app.
/// </summary>
public sealed class CatalogAnnualReviewApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private const string Shanghai = "310000";
    private static readonly string Diligent = Uscc("11310000MB0001001");
    private static readonly string Forgetful = Uscc("11310000MB0001002");

    private static string Uscc(string first17) => first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);

    private HttpClient Client(string department, Role role, string user)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.TokenFor(user, department, Shanghai, role));
        return client;
    }

    private async Task PublishAsync(string department)
    {
        var code = $"310000-{department[^4..]}-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        var steward = Client(department, Role.DataSteward, "steward-" + department[^4..]);
        var created = await (await steward.PostAsJsonAsync("/api/catalog/entries", CatalogApi.Body(code))).ShouldBe(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        await (await steward.PostAsync($"/api/catalog/entries/{id}/submit", null)).ShouldBe(HttpStatusCode.OK);
        // Shanghai's route is DepartmentOnly: the department's reviewer publishes.
        var published = await (await Client(department, Role.CatalogReviewer, "reviewer-" + department[^4..])
            .PostAsJsonAsync($"/api/catalog/entries/{id}/review", new { decision = "Approve" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Published", published.GetProperty("state").GetString());
    }

    private Task Fire(string id) =>
        app.SettleDeadlinesAsync();

    private async Task<List<Domain.Audit.AuditRecord>> Audit(string resource)
    {
        var records = new List<Domain.Audit.AuditRecord>();
        await foreach (var r in app.Services.GetRequiredService<IAuditLog>().QueryAsync(
            new AuditQuery(Shanghai, GovDataApp.DefaultNow.AddDays(-1), app.Time.GetUtcNow().AddDays(1)) { ResourcePrefix = resource }, CancellationToken.None))
            records.Add(r);
        return records;
    }

    [Fact]
    [Trait("Rule", "catalog.annualFullReview")]
    public async Task The_yearly_review_is_due_per_department_reminded_closed_when_recorded_and_a_finding_when_missed()
    {
        await PublishAsync(Diligent);
        await PublishAsync(Diligent);
        await PublishAsync(Forgetful);

        var diligentId = CatalogDeadlines.AnnualTimerId(Diligent, 2026);
        var forgetfulId = CatalogDeadlines.AnnualTimerId(Forgetful, 2026);
        foreach (var id in new[] { diligentId, forgetfulId })
        {
            var timer = (await app.DeadlineAsync(Shanghai, id))!;
            Assert.Equal(TimerState.Pending, timer.State);
            Assert.Equal(CatalogDeadlines.AnnualKind, timer.Kind);
            // 2026-12-31 is a Thursday and a working day: the year's last one.
            Assert.Equal(new DateOnly(2026, 12, 31), timer.Deadline.DueDate);
            Assert.Contains("第十条", timer.Rule);
        }

        // Only the department's CatalogReviewer records its review, once, for this or last year.
        await (await Client(Diligent, Role.DataSteward, "steward-x").PostAsJsonAsync("/api/catalog/annual-reviews/2026", new { note = "全面维护" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await Client(Diligent, Role.CatalogReviewer, "reviewer-x").PostAsJsonAsync("/api/catalog/annual-reviews/2024", new { note = "x" })).ShouldNameField("year");
        await (await Client(Diligent, Role.CatalogReviewer, "reviewer-x").PostAsJsonAsync("/api/catalog/annual-reviews/2026", new { note = "全面维护：核对12条目录" })).ShouldBe(HttpStatusCode.Created);
        await (await Client(Diligent, Role.CatalogReviewer, "reviewer-x").PostAsJsonAsync("/api/catalog/annual-reviews/2026", new { note = "again" })).ShouldBeProblem(HttpStatusCode.Conflict);
        await app.DeadlineInStateAsync(Shanghai, diligentId, TimerState.Cancelled);

        // The forgetful department: reminded before the end of the year ...
        var forgetful = (await app.DeadlineAsync(Shanghai, forgetfulId))!;
        app.Time.SetUtcNow(forgetful.RemindAt!.Value.AddMinutes(1));
        await Fire(forgetfulId);
        Assert.True((await app.DeadlineAsync(Shanghai, forgetfulId))!.Reminded);
        Assert.Contains(await Audit(forgetful.Subject), r => r.Action == "catalog.deadline.remind" && r.Department == Forgetful);

        // ... and a supervision finding once the year is over; the diligent department's cancelled timer raises nothing.
        app.Time.SetUtcNow(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.FromHours(8)));
        await Fire(forgetfulId);
        await Fire(forgetfulId);
        await Fire(diligentId);
        await app.DeadlineInStateAsync(Shanghai, forgetfulId, TimerState.Fired);
        var supervision = app.Services.GetRequiredService<Database>().GetContainer(StorageNames.Cosmos.Supervision);
        var finding = (await supervision.ReadItemAsync<JsonElement>("finding:" + forgetfulId, new PartitionKey(Shanghai))).Resource;
        Assert.Equal("catalog.annualFullReview", finding.GetProperty("rule").GetString());
        Assert.Equal(Forgetful, finding.GetProperty("department").GetString());
        Assert.Equal("Open", finding.GetProperty("state").GetString());
        var missing = await Assert.ThrowsAsync<CosmosException>(() => supervision.ReadItemAsync<JsonElement>("finding:" + diligentId, new PartitionKey(Shanghai)));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Single(await Audit(forgetful.Subject), r => r.Action == "catalog.deadline.finding");
    }
}
