using System.Net;
using System.Text.Json;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Workflow;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Sharing;

/// <summary>
/// The CoordinationOffice's order on an escalated request (责令限期改正, 001 第二十四条): a new decision deadline in working
/// days, the first finding stays, an answer in time cancels the new timer, a missed order escalates again with its own finding.
/// </summary>
public sealed class SharingCoordinationOrderApiTests : IDisposable
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly GovDataApp _app = new() { ExtraServices = RecordingSupervisionEvents.Register };
    private readonly SharingApi _api;

    public SharingCoordinationOrderApiTests() => _api = new SharingApi(_app);

    public void Dispose() => _app.Dispose();

    private async Task<JsonElement?> FindingAsync(string timerId)
    {
        var supervision = _app.Services.GetRequiredService<Database>().GetContainer(StorageNames.Cosmos.Supervision);
        try { return (await supervision.ReadItemAsync<JsonElement>("finding:" + timerId, new PartitionKey("350800"))).Resource; }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>Files a request on Tuesday 11-24 and lets its 5-working-day deadline (end of Tuesday 12-01) pass.</summary>
    private async Task<string> EscalatedAsync()
    {
        var entry = await _api.PublishAsync();
        var id = (await _api.FileAsync(entry)).GetProperty("id").GetString()!;
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 9, 0, 0, China));
        await _app.SettleDeadlinesAsync();
        Assert.NotNull(await FindingAsync($"share:{id}:decision"));
        return id;
    }

    [Fact]
    public async Task The_CoordinationOffice_orders_an_answer_within_working_days_and_an_answer_in_time_cancels_the_order()
    {
        var id = await EscalatedAsync();
        // Wednesday 12-02 plus 3 working days: due end of Monday 12-07 (the weekend does not count).
        var ordered = await (await SharingApi.Event(_api.Coordination, id, "order", new { workingDays = 3, reason = "请公安局限期答复", eventId = "o-1" })).ShouldBe(HttpStatusCode.OK);
        var orderTimer = $"share:{id}:decision:ordered:1";
        var deadline = ordered.GetProperty("deadline");
        Assert.Equal(orderTimer, deadline.GetProperty("timerId").GetString());
        Assert.Equal("2026-12-07", deadline.GetProperty("dueDate").GetString());
        Assert.Equal("001 第二十四条", deadline.GetProperty("article").GetString());
        Assert.False(ordered.GetProperty("overdue").GetBoolean());
        Assert.Equal($"share:{id}:decision", ordered.GetProperty("escalation").GetProperty("timerId").GetString());
        var step = Assert.Single(ordered.GetProperty("timeline").EnumerateArray(), s => s.GetProperty("action").GetString() == "coordination.order");
        Assert.Equal("001 第二十四条", step.GetProperty("article").GetString());
        Assert.Contains("请公安局限期答复", step.GetProperty("note").GetString());

        var timer = (await _app.DeadlineAsync("350800", orderTimer))!;
        Assert.Equal(TimerState.Pending, timer.State);
        Assert.Equal(new DateOnly(2026, 12, 7), timer.Deadline.DueDate);
        Assert.Equal("11350800MB0001003K", timer.Department);
        // The first finding stays open; the resent event is answered with the current state.
        Assert.Equal("Open", (await FindingAsync($"share:{id}:decision"))!.Value.GetProperty("state").GetString());
        var again = await (await SharingApi.Event(_api.Coordination, id, "order", new { workingDays = 3, reason = "请公安局限期答复", eventId = "o-1" })).ShouldBe(HttpStatusCode.OK);
        Assert.Single(again.GetProperty("timeline").EnumerateArray(), s => s.GetProperty("action").GetString() == "coordination.order");

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 4, 10, 0, 0, China));
        await (await SharingApi.Event(_api.Provider, id, "approve")).ShouldBe(HttpStatusCode.OK);
        await (await SharingApi.Event(_api.Authority, id, "approve")).ShouldBe(HttpStatusCode.OK);
        await _app.DeadlineInStateAsync("350800", orderTimer, TimerState.Cancelled);
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 9, 10, 0, 0, China));
        await _app.SettleDeadlinesAsync();
        Assert.Null(await FindingAsync(orderTimer));
    }

    [Fact]
    public async Task A_missed_order_escalates_again_with_its_own_finding_and_can_be_ordered_again()
    {
        var id = await EscalatedAsync();
        await (await SharingApi.Event(_api.Coordination, id, "order", new { workingDays = 1, reason = "限期一个工作日答复" })).ShouldBe(HttpStatusCode.OK);
        var orderTimer = $"share:{id}:decision:ordered:1";
        // Ordered on Wednesday 12-02 with 1 working day: due end of Thursday 12-03, missed by Friday morning.
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 4, 9, 0, 0, China));
        Assert.True(await _app.SettleDeadlinesAsync() >= 1);
        await _app.SettleDeadlinesAsync();
        var status = await _api.Status(id, _api.Coordination);
        Assert.Equal(orderTimer, status.GetProperty("escalation").GetProperty("timerId").GetString());
        Assert.Equal(2, status.GetProperty("timeline").EnumerateArray().Count(s => s.GetProperty("action").GetString() == "escalate"));
        var second = (await FindingAsync(orderTimer))!.Value;
        Assert.Equal("coordination.order", second.GetProperty("rule").GetString());
        Assert.Equal("11350800MB0001003K", second.GetProperty("department").GetString());
        Assert.NotNull(await FindingAsync($"share:{id}:decision"));

        await (await SharingApi.Event(_api.Coordination, id, "order", new { workingDays = 2, reason = "再次责令限期答复" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(TimerState.Pending, (await _app.DeadlineAsync("350800", $"share:{id}:decision:ordered:2"))!.State);
    }

    [Fact]
    public async Task An_order_is_refused_with_a_problem_when_the_input_the_caller_or_the_state_is_wrong()
    {
        var entry = await _api.PublishAsync();
        var pending = (await _api.FileAsync(entry)).GetProperty("id").GetString()!;
        // Not escalated: the office does not even see it; the provider may see it but is no CoordinationOffice.
        await (await SharingApi.Event(_api.Coordination, pending, "order", new { workingDays = 3, reason = "x" })).ShouldBe(HttpStatusCode.NotFound);
        await (await SharingApi.Event(_api.Provider, pending, "order", new { workingDays = 3, reason = "x" })).ShouldBe(HttpStatusCode.Forbidden);

        var id = await EscalatedAsync();
        var before = await _api.Status(id, _api.Coordination);
        foreach (var (body, field) in new (object, string)[]
        {
            (new { reason = "x" }, "workingDays"),
            (new { workingDays = 0, reason = "x" }, "workingDays"),
            (new { workingDays = 21, reason = "x" }, "workingDays"),
            (new { workingDays = 3, reason = "  " }, "reason"),
        })
        {
            var problem = await (await SharingApi.Event(_api.Coordination, id, "order", body)).ShouldBe(HttpStatusCode.BadRequest);
            Assert.Contains(field, problem.GetRawText());
        }
        var after = await _api.Status(id, _api.Coordination);
        Assert.Equal(before.GetProperty("deadline").GetRawText(), after.GetProperty("deadline").GetRawText());

        // Once answered, there is nothing to order.
        await (await SharingApi.Event(_api.Provider, id, "refuse", new { reasons = new[] { "超出职责范围" } })).ShouldBe(HttpStatusCode.OK);
        await (await SharingApi.Event(_api.Coordination, id, "order", new { workingDays = 3, reason = "x" })).ShouldBe(HttpStatusCode.Conflict);
    }
}
