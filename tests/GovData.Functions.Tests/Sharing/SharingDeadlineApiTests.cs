using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Workflow;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Sharing;

/// <summary>
/// Share decision deadlines across working days: a reminder before the due date, escalation to the CoordinationOffice with a
/// finding once missed, cancellation when answered in time, and the green channel's shorter deadline. Each test has its own
/// app because it moves the clock.
/// </summary>
public sealed class SharingDeadlineApiTests : IDisposable
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly GovDataApp _app = new() { ExtraServices = RecordingSupervisionEvents.Register };
    private readonly SharingApi _api;

    public SharingDeadlineApiTests() => _api = new SharingApi(_app);

    public void Dispose() => _app.Dispose();

    private async Task<JsonElement?> FindingAsync(string timerId)
    {
        var supervision = _app.Services.GetRequiredService<Database>().GetContainer(StorageNames.Cosmos.Supervision);
        try { return (await supervision.ReadItemAsync<JsonElement>("finding:" + timerId, new PartitionKey("350800"))).Resource; }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    [Fact]
    public async Task A_missed_decision_deadline_reminds_then_escalates_to_the_CoordinationOffice_with_a_finding()
    {
        var entry = await _api.PublishAsync();
        var id = (await _api.FileAsync(entry)).GetProperty("id").GetString()!;
        var timerId = $"share:{id}:decision";
        var timer = (await _app.DeadlineAsync("350800", timerId))!;
        Assert.Equal(TimerState.Pending, timer.State);
        Assert.Equal(new DateOnly(2026, 12, 1), timer.Deadline.DueDate);
        Assert.Equal("11350800MB0001003K", timer.Department);
        Assert.Contains("shareDecision.deadline = 5 working days (004 第十二条)", timer.Rule);

        // Monday 11-30 ended with one working day left: the reminder is due; Saturday and Sunday did not count.
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 9, 0, 0, China));
        Assert.True(await _app.SettleDeadlinesAsync() >= 1);
        await _app.SettleDeadlinesAsync();
        var reminded = await _api.Status(id);
        Assert.Single(reminded.GetProperty("timeline").EnumerateArray(), s => s.GetProperty("action").GetString() == "deadline.reminder");
        Assert.False(reminded.TryGetProperty("escalation", out _));
        Assert.Null(await FindingAsync(timerId));

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 0, 0, 1, China));
        await _app.SettleDeadlinesAsync();
        await _app.DeadlineInStateAsync("350800", timerId, TimerState.Fired);

        // The CoordinationOffice now sees the request, escalated, with the rule and article in its timeline.
        var escalated = await _api.Status(id, _api.Coordination);
        Assert.Equal("CoordinationOffice", escalated.GetProperty("escalation").GetProperty("to").GetString());
        Assert.True(escalated.GetProperty("overdue").GetBoolean());
        var steps = escalated.GetProperty("timeline").EnumerateArray().ToList();
        var escalate = Assert.Single(steps, s => s.GetProperty("action").GetString() == "escalate");
        Assert.Equal("004 第十二条", escalate.GetProperty("article").GetString());
        Assert.Equal("350800@v1+350000@v1", escalate.GetProperty("ruleSet").GetString());

        var finding = (await FindingAsync(timerId))!.Value;
        Assert.Equal("shareDecision.deadline", finding.GetProperty("rule").GetString());
        Assert.Contains("004 第十二条", finding.GetProperty("citation").GetString());
        Assert.Equal("11350800MB0001003K", finding.GetProperty("department").GetString());
        Assert.Equal("Open", finding.GetProperty("state").GetString());

        // A late answer is still possible and counts as late.
        await (await SharingApi.Event(_api.Provider, id, "approve")).ShouldBe(HttpStatusCode.OK);
        await (await SharingApi.Event(_api.Authority, id, "approve")).ShouldBe(HttpStatusCode.OK);
        var answered = Assert.Single(RecordingSupervisionEvents.For(id), e => e.Kind == "sharing.requestAnswered");
        Assert.Equal("false", answered.Data["onTime"]);
        Assert.Equal("5", answered.Data["workingDays"]);
    }

    [Fact]
    public async Task An_answer_in_time_cancels_the_timer_and_nothing_is_raised()
    {
        var entry = await _api.PublishAsync();
        var id = (await _api.FileAsync(entry)).GetProperty("id").GetString()!;
        var timerId = $"share:{id}:decision";
        // Friday 11-27: three working days after receipt.
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 27, 16, 0, 0, China));
        await (await SharingApi.Event(_api.Provider, id, "approve")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(TimerState.Pending, (await _app.DeadlineAsync("350800", timerId))!.State);
        await (await SharingApi.Event(_api.Authority, id, "refuse", new { reasons = new[] { "超出职责范围" } })).ShouldBe(HttpStatusCode.OK);
        await _app.DeadlineInStateAsync("350800", timerId, TimerState.Cancelled);

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 3, 9, 0, 0, China));
        await _app.SettleDeadlinesAsync();
        Assert.Null(await FindingAsync(timerId));
        var status = await _api.Status(id);
        Assert.False(status.TryGetProperty("escalation", out _));
        var answered = Assert.Single(RecordingSupervisionEvents.For(id), e => e.Kind == "sharing.requestAnswered");
        Assert.Equal("true", answered.Data["onTime"]);
        Assert.Equal("Refused", answered.Data["outcome"]);
        // Working days fully elapsed after receipt (Wednesday and Thursday); Friday, the third, was under way.
        Assert.Equal("2", answered.Data["workingDays"]);
    }

    [Fact]
    public async Task The_green_channel_approved_by_the_CoordinationOffice_switches_to_its_own_shorter_deadline()
    {
        // Longyan's DataAuthority enables a green channel (Fujian's default keeps it off).
        var amendment = """{"basedOnVersion": 1, "reason": "市政府决定开设应急数据共享绿色通道", "effectiveFrom": "2026-11-24", "rules": {"greenChannel.enabled": {"value": true}}}""";
        await (await _api.Authority.PostAsync("/api/jurisdictions/350800/rules/amendments", new StringContent(amendment, Encoding.UTF8, "application/json"))).ShouldBe(HttpStatusCode.Created);

        var entry = await _api.PublishAsync();
        var filed = await _api.FileAsync(entry, green: "森林火灾应急处置");
        var id = filed.GetProperty("id").GetString()!;
        Assert.Equal("2026-12-01", filed.GetProperty("deadline").GetProperty("dueDate").GetString());
        await (await SharingApi.Event(_api.Provider, id, "green-channel", new { approve = true })).ShouldBeProblem(HttpStatusCode.Forbidden);

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 11, 0, 0, China));
        var green = await (await SharingApi.Event(_api.Coordination, id, "green-channel", new { approve = true, note = "火情紧急" })).ShouldBe(HttpStatusCode.OK);
        var deadline = green.GetProperty("deadline");
        Assert.Equal("greenChannel.answerDeadline", deadline.GetProperty("ruleKey").GetString());
        Assert.Equal("2026-11-25", deadline.GetProperty("dueDate").GetString());
        await _app.DeadlineInStateAsync("350800", $"share:{id}:decision", TimerState.Cancelled);
        var greenTimer = $"share:{id}:decision:greenchannel";
        Assert.Equal(TimerState.Pending, (await _app.DeadlineAsync("350800", greenTimer))!.State);
        await (await SharingApi.Event(_api.Coordination, id, "green-channel", new { approve = true })).ShouldBe(HttpStatusCode.OK);

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 26, 0, 0, 1, China));
        await _app.SettleDeadlinesAsync();
        var escalated = await _api.Status(id);
        Assert.Equal(greenTimer, escalated.GetProperty("escalation").GetProperty("timerId").GetString());
        var finding = (await FindingAsync(greenTimer))!.Value;
        Assert.Equal("greenChannel.answerDeadline", finding.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task A_grant_expires_after_its_period_and_then_refuses_every_use()
    {
        var entry = await _api.PublishAsync();
        var id = await _api.GrantAsync(entry);
        var use = new { items = new[] { "姓名" }, method = "Api", purpose = "办理企业开办登记" };
        await (await _api.Requester.PostAsJsonAsync($"/api/sharing/grants/{id}/access-check", use)).ShouldBe(HttpStatusCode.OK);

        // Six months from acceptance on 2026-11-24 10:00 (Beijing).
        _app.Time.SetUtcNow(new DateTimeOffset(2027, 5, 24, 10, 0, 1, China));
        var refused = await (await _api.Requester.PostAsJsonAsync($"/api/sharing/grants/{id}/access-check", use)).ShouldBeProblem(HttpStatusCode.Forbidden);
        Assert.Contains("expired", refused.GetProperty("detail").GetString());
        var grant = await (await _api.Provider.GetAsync($"/api/sharing/grants/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Expired", grant.GetProperty("state").GetString());
        await (await _api.Provider.PostAsJsonAsync($"/api/sharing/grants/{id}/revoke", new { reasons = new[] { "x" } })).ShouldBeProblem(HttpStatusCode.Conflict);
    }
}
