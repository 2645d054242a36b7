using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Aggregation;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Catalog;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;
using GovData.Functions.Workflow;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using static GovData.Functions.Tests.Aggregation.SubmissionFiles;

namespace GovData.Functions.Tests.Aggregation;

/// <summary>Error feedback (数据纠错): a consumer reports a wrong record, the provider answers within the rule set's working days.</summary>
public sealed class ErrorFeedbackApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private readonly AggregationApi _api = new(app);

    private async Task<string> PublishSharedAsync(string sharingType)
    {
        var body = JsonSerializer.SerializeToNode(AggregationApi.PeopleBody(CatalogApi.NewCode("FB")))!.AsObject();
        body["sharingType"] = sharingType;
        if (sharingType == "Unconditional") { body.Remove("sharingConditions"); body.Remove("legalBasis"); }
        return await _api.Catalog.PublishAsync(body);
    }

    [Fact]
    [Trait("Rule", "errorFeedback.answerDeadline")]
    public async Task A_consumer_reports_a_wrong_record_and_the_provider_answers_with_a_corrected_version()
    {
        var entryId = await PublishSharedAsync("Unconditional");
        await _api.SubmitAsync(entryId, Encoding.UTF8.GetBytes(Csv(10)));
        var consumer = _api.OtherSteward;
        var reported = await (await consumer.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/feedback",
            new { description = "姓名与户籍登记不符", version = 1, row = 3, item = "姓名" })).ShouldBe(HttpStatusCode.Created);
        var id = reported.GetProperty("id").GetString()!;
        // Longyan's rule set is silent on the number of days and inherits Fujian's 5 working days (Tuesday 11-24 -> Tuesday 12-01;
        // computed from the clock, which the other test of this class moves).
        var calendar = await app.Services.GetRequiredService<GovData.Functions.Calendar.CalendarService>().GetAsync("350800", CancellationToken.None);
        var due = calendar.AddWorkingDays(app.Time.GetUtcNow(), 5).DueDate;
        Assert.Equal(due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), reported.GetProperty("dueDate").GetString());
        Assert.Contains("5", reported.GetProperty("rule").GetString()!, StringComparison.Ordinal);
        Assert.Equal("ToProvider", reported.GetProperty("route").GetString());
        Assert.Equal("Open", reported.GetProperty("state").GetString());

        // The provider sees it; a third department does not.
        var inbox = await (await _api.Steward.GetAsync("/api/aggregation/feedback")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(inbox.GetProperty("items").EnumerateArray(), f => f.GetProperty("id").GetString() == id);
        var third = app.ClientFor(DemoJurisdiction.HumanResources, Role.DataSteward);
        await (await third.GetAsync($"/api/aggregation/feedback/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await consumer.PostAsJsonAsync($"/api/aggregation/feedback/{id}/answer", new { outcome = "Explained", answer = "x" })).ShouldBeProblem(HttpStatusCode.Forbidden);

        // A correction is a new version.
        await (await _api.Steward.PostAsJsonAsync($"/api/aggregation/feedback/{id}/answer", new { outcome = "Corrected", answer = "已更正", correctedInVersion = 2 })).ShouldNameField("correctedInVersion");
        await (await _api.Steward.PostAsJsonAsync($"/api/aggregation/feedback/{id}/answer", new { outcome = "Corrected", answer = "已更正", correctedInVersion = 1 })).ShouldNameField("correctedInVersion");
        await _api.SubmitAsync(entryId, Encoding.UTF8.GetBytes(Csv(10, n => Row(n, name: "张三丰"))));
        var answered = await (await _api.Steward.PostAsJsonAsync($"/api/aggregation/feedback/{id}/answer", new { outcome = "Corrected", answer = "已核实并更正", correctedInVersion = 2 })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Answered", answered.GetProperty("state").GetString());
        Assert.True(answered.GetProperty("onTime").GetBoolean());
        await (await _api.Steward.PostAsJsonAsync($"/api/aggregation/feedback/{id}/answer", new { outcome = "Explained", answer = "again" })).ShouldBeProblem(HttpStatusCode.Conflict);

        // The reporter is told the outcome.
        var seen = await (await consumer.GetAsync($"/api/aggregation/feedback/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Corrected", seen.GetProperty("outcome").GetString());
        Assert.Equal(2, seen.GetProperty("correctedInVersion").GetInt32());
        await app.DeadlineInStateAsync("350800", ErrorFeedbackDeadlineHandler.TimerId(id), TimerState.Cancelled);
    }

    [Fact]
    public async Task An_unanswered_report_raises_a_finding_and_reports_need_a_grant()
    {
        var entryId = await PublishSharedAsync("Unconditional");
        var reported = await (await _api.OtherSteward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/feedback",
            new { description = "公民身份号码错误", recordKey = Id(4) })).ShouldBe(HttpStatusCode.Created);
        var id = reported.GetProperty("id").GetString()!;

        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.FromHours(8)));
        var timerId = ErrorFeedbackDeadlineHandler.TimerId(id);
        for (var i = 0; i < 2; i++)
            await app.SettleDeadlinesAsync();
        var supervision = app.Services.GetRequiredService<Database>().GetContainer(StorageNames.Cosmos.Supervision);
        var finding = (await supervision.ReadItemAsync<JsonElement>("finding:" + timerId, new PartitionKey("350800"))).Resource;
        Assert.Equal(DemoJurisdiction.PublicSecurity.Code, finding.GetProperty("department").GetString());
        Assert.Equal("errorFeedback.answerDeadline", finding.GetProperty("rule").GetString());

        // A late answer is recorded as late.
        var api = new AggregationApi(app);
        var late = await (await api.Steward.PostAsJsonAsync($"/api/aggregation/feedback/{id}/answer", new { outcome = "Explained", answer = "数据无误" })).ShouldBe(HttpStatusCode.OK);
        Assert.False(late.GetProperty("onTime").GetBoolean());

        // Conditionally shared data needs a grant the department does not hold; the provider corrects its own data in a new version instead.
        var conditional = await PublishSharedAsyncAs(api, "Conditional");
        await (await api.OtherSteward.PostAsJsonAsync($"/api/aggregation/entries/{conditional}/feedback", new { description = "x", row = 2 })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await api.Steward.PostAsJsonAsync($"/api/aggregation/entries/{conditional}/feedback", new { description = "x", row = 2 })).ShouldBeProblem(HttpStatusCode.Conflict);
        await (await api.OtherSteward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/feedback", new { description = "x" })).ShouldNameField("recordKey");
        await (await api.OtherSteward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/feedback", new { description = "x", row = 2, item = "不存在" })).ShouldNameField("item");
        await (await api.OtherSteward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/feedback", new { description = "x", row = 2, version = 9 })).ShouldNameField("version");
    }

    private static async Task<string> PublishSharedAsyncAs(AggregationApi api, string sharingType)
    {
        var body = JsonSerializer.SerializeToNode(AggregationApi.PeopleBody(CatalogApi.NewCode("FB")))!.AsObject();
        body["sharingType"] = sharingType;
        return await api.Catalog.PublishAsync(body);
    }
}
