using System.Net;
using System.Net.Http.Json;
using GovData.Functions.Opening;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Opening;

/// <summary>Public demands that data be opened (004 第十九条): anyone asks, the owning department answers within 20 working days.</summary>
public sealed class OpenDemandApiTests(OpeningApp app) : IClassFixture<OpeningApp>
{
    private readonly OpeningApi _api = new(app);

    [Fact]
    [Trait("Rule", "openDemand.answerDeadline")]
    public async Task Anyone_asks_and_the_owning_department_lists_the_data_for_opening_in_time()
    {
        var entryId = await _api.EntryAsync(openType: "NotOpen");
        var filed = await (await _api.Public.PostAsJsonAsync("/api/open/350800/demands", new
        {
            title = "请开放企业联系人信息",
            description = "用于研究企业分布",
            entryId,
            contact = "someone@example.com",
        })).ShouldBe(HttpStatusCode.Created);
        var id = filed.GetProperty("id").GetString()!;
        Assert.Equal("11350800MB0001003K", filed.GetProperty("department").GetString());
        Assert.Equal("2026-12-22", filed.GetProperty("dueDate").GetString());
        Assert.Contains("004 第十九条", filed.GetProperty("deadlineRule").GetString());
        Assert.False(filed.TryGetProperty("contact", out _));

        // Another department neither sees nor answers it; the owner sees the contact.
        var others = await (await _api.OtherSteward.GetAsync("/api/opening/demands")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(others.GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetString() == id);
        await (await _api.OtherSteward.PostAsJsonAsync($"/api/opening/demands/{id}/answer", new { answer = "Declined", reason = "x" })).ShouldBeProblem(HttpStatusCode.NotFound);
        var mine = await (await _api.Steward.GetAsync("/api/opening/demands?open=true")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("someone@example.com", mine.GetProperty("items").EnumerateArray().Single(d => d.GetProperty("id").GetString() == id).GetProperty("contact").GetString());

        await (await _api.Steward.PostAsJsonAsync($"/api/opening/demands/{id}/answer", new { answer = "Declined" })).ShouldNameField("reason");
        // Listing needs an open entry of the department: the NotOpen entry itself is not yet open.
        await (await _api.Steward.PostAsJsonAsync($"/api/opening/demands/{id}/answer", new { answer = "ListedForOpening", entryId })).ShouldNameField("entryId");
        var open = await _api.EntryAsync();
        var answered = await (await _api.Steward.PostAsJsonAsync($"/api/opening/demands/{id}/answer", new { answer = "ListedForOpening", entryId = open })).ShouldBe(HttpStatusCode.OK);
        Assert.False(answered.GetProperty("answeredLate").GetBoolean());
        await (await _api.Steward.PostAsJsonAsync($"/api/opening/demands/{id}/answer", new { answer = "Declined", reason = "x" })).ShouldBeProblem(HttpStatusCode.Conflict);
        await app.DeadlineInStateAsync("350800", OpeningDeadlines.DemandTimerId(id), TimerState.Cancelled);

        var seen = await (await _api.Public.GetAsync($"/api/open/350800/demands/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("ListedForOpening", seen.GetProperty("answer").GetString());
        Assert.Equal(open, seen.GetProperty("listedEntryId").GetString());
        Assert.False(seen.TryGetProperty("contact", out _));
    }

    [Fact]
    public async Task A_demand_is_validated_and_names_the_field()
    {
        await (await _api.Public.PostAsJsonAsync("/api/open/350800/demands", new { description = "x", department = "11350800MB0001003K" })).ShouldNameField("title");
        await (await _api.Public.PostAsJsonAsync("/api/open/350800/demands", new { title = "x", description = "x" })).ShouldNameField("department");
        await (await _api.Public.PostAsJsonAsync("/api/open/350800/demands", new { title = "x", description = "x", department = "11350800MB0001003X" })).ShouldNameField("department");
        await (await _api.Public.PostAsJsonAsync("/api/open/350800/demands", new { title = "x", description = "x", department = OpeningApi.Code("11350800MB0009999") })).ShouldNameField("department");
        await (await _api.Public.PostAsJsonAsync("/api/open/350800/demands", new { title = "x", description = "x", entryId = "../../etc" })).ShouldNameField("entryId");
        await (await _api.Public.PostAsJsonAsync("/api/open/350800/demands", new { title = "x", description = new string('长', 2001), department = "11350800MB0001003K" })).ShouldNameField("description");
        await (await _api.Public.PostAsJsonAsync("/api/open/350800/demands", new { title = "x", description = "x", department = "11350800MB0001003K", status = "Answered" })).ShouldBeProblem(HttpStatusCode.BadRequest);
        await (await _api.Public.GetAsync("/api/open/350800/demands/nope")).ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
