using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Aggregation;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Workflow;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Sharing;

/// <summary>
/// The availability deadline of data not yet aggregated (002 第二十三条; Longyan takes Fujian's default of 20 working days):
/// started by the provider's not-aggregated mark, listed in the request and the work queue with working days left, met when
/// aggregation accepts a version of the entry, or missed: reminded, escalated to the CoordinationOffice with a finding and a
/// late-aggregation fact on the provider's scorecard, once. Each test has its own app because it moves the clock.
/// </summary>
public sealed class SharingAvailabilityApiTests : IDisposable
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly GovDataApp _app = new() { ExtraServices = RecordingSupervisionEvents.Register };
    private readonly SharedDataApi _data;
    private readonly SharingApi _api;

    public SharingAvailabilityApiTests()
    {
        _data = new SharedDataApi(_app);
        _api = _data.Sharing;
    }

    public void Dispose() => _app.Dispose();

    private async Task<string> FileAndMarkAsync(string entryId)
    {
        var filed = await (await _api.Requester.PostAsJsonAsync("/api/sharing/requests", SharingApi.RequestBody(entryId, ["姓名"]))).ShouldBe(HttpStatusCode.Accepted);
        var id = filed.GetProperty("id").GetString()!;
        Assert.False(filed.TryGetProperty("availabilityDeadline", out _));
        // Only the provider (or the DataAuthority) says the data is not aggregated.
        await (await SharingApi.Event(_api.Requester, id, "not-aggregated")).ShouldBeProblem(HttpStatusCode.Forbidden);
        var marked = await (await SharingApi.Event(_api.Provider, id, "not-aggregated")).ShouldBe(HttpStatusCode.OK);
        var d = marked.GetProperty("availabilityDeadline");
        Assert.Equal("nonAggregated.availabilityDeadline", d.GetProperty("ruleKey").GetString());
        Assert.Equal(20, d.GetProperty("workingDays").GetInt32());
        // Filed Tuesday 11-24 10:00: 20 working days from receipt end on Tuesday 12-22.
        Assert.Equal("2026-12-22", d.GetProperty("dueDate").GetString());
        Assert.Contains("002 第二十三条", d.GetProperty("rule").GetString());
        Assert.Equal($"share:{id}:availability", d.GetProperty("timerId").GetString());
        return id;
    }

    private static JsonElement AvailabilityOf(JsonElement view) =>
        Assert.Single(view.GetProperty("deadlines").EnumerateArray(), x => x.GetProperty("kind").GetString() == "sharing.availability");

    private async Task<JsonElement?> FindingAsync(string timerId)
    {
        var supervision = _app.Services.GetRequiredService<Database>().GetContainer(StorageNames.Cosmos.Supervision);
        try { return (await supervision.ReadItemAsync<JsonElement>("finding:" + timerId, new PartitionKey("350800"))).Resource; }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    [Fact]
    [Trait("Rule", "nonAggregated.availabilityDeadline")]
    public async Task Marked_not_aggregated_the_deadline_is_listed_and_the_data_published_by_aggregation_closes_it_in_time()
    {
        var entryId = await _data.Aggregation.Catalog.PublishAsync(SharedDataApi.EntryBody("Conditional"));
        var id = await FileAndMarkAsync(entryId);
        var timerId = $"share:{id}:availability";
        var timer = (await _app.DeadlineAsync("350800", timerId))!;
        Assert.Equal((TimerState.Pending, "sharing.availability", "11350800MB0001003K"), (timer.State, timer.Kind, timer.Department));

        // Monday 12-21: Monday and Tuesday are left.
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 21, 8, 0, 0, China));
        var view = await _api.Status(id, _api.Provider);
        var listed = AvailabilityOf(view);
        Assert.Equal("共享数据汇聚时限", listed.GetProperty("kindLabel").GetString());
        Assert.Equal("nonAggregated.availabilityDeadline", listed.GetProperty("ruleKey").GetString());
        Assert.Equal(2, listed.GetProperty("workingDaysLeft").GetInt32());
        Assert.True(listed.GetProperty("running").GetBoolean());
        Assert.False(view.GetProperty("availabilityOverdue").GetBoolean());

        // The provider's work queue lists it with the same figures.
        var queue = await (await _api.Provider.GetAsync("/api/deadlines")).ShouldBe(HttpStatusCode.OK);
        var item = Assert.Single(queue.EnumerateArray(), x => x.GetProperty("id").GetString() == timerId);
        Assert.Equal("共享数据汇聚时限", item.GetProperty("kindLabel").GetString());
        Assert.Equal("nonAggregated.availabilityDeadline", item.GetProperty("ruleKey").GetString());
        Assert.Equal(2, item.GetProperty("workingDaysLeft").GetInt32());
        Assert.Equal("2026-12-22", item.GetProperty("dueDate").GetString());

        // The provider aggregates the data: version 1 is accepted and the deadline is met in time (a new client: its token
        // is issued at the moved clock).
        var aggregation = new AggregationApi(_app);
        var status = await aggregation.SubmitAsync(entryId, Encoding.UTF8.GetBytes(SharedDataApi.Csv(5)));
        Assert.Equal("Accepted", status.GetProperty("state").GetString());
        await _app.DeadlineInStateAsync("350800", timerId, TimerState.Cancelled);
        var met = await _api.Status(id);
        var availability = met.GetProperty("availability");
        Assert.Equal(("Available", 1, true), (availability.GetProperty("outcome").GetString(), availability.GetProperty("version").GetInt32(), availability.GetProperty("onTime").GetBoolean()));
        var closed = AvailabilityOf(met);
        Assert.False(closed.GetProperty("running").GetBoolean());
        Assert.Equal("已汇聚并达到共享条件", closed.GetProperty("outcomeLabel").GetString());
        Assert.Single(met.GetProperty("timeline").EnumerateArray(), s => s.GetProperty("action").GetString() == "availability.met");
        var queueAfter = await (await _api.Provider.GetAsync("/api/deadlines")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(queueAfter.EnumerateArray(), x => x.GetProperty("id").GetString() == timerId);

        var fact = Assert.Single(RecordingSupervisionEvents.For(id), e => e.Kind == "sharing.dataMadeAvailable");
        Assert.Equal(("true", "11350800MB0001003K"), (fact.Data["onTime"], fact.Department));
        var audit = await _data.AuditAsync("350800", $"sharing/350800/requests/{id}");
        Assert.Single(audit, r => r.Action == "sharing.availability.met");

        // A later version changes nothing, and nothing fires after the due date.
        await aggregation.SubmitAsync(entryId, Encoding.UTF8.GetBytes(SharedDataApi.Csv(6)));
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 24, 9, 0, 0, China));
        await _app.SettleDeadlinesAsync();
        Assert.Null(await FindingAsync(timerId));
        Assert.Single(RecordingSupervisionEvents.For(id), e => e.Kind == "sharing.dataMadeAvailable");
        Assert.Single((await _api.Status(id)).GetProperty("timeline").EnumerateArray(), s => s.GetProperty("action").GetString() == "availability.met");
    }

    [Fact]
    [Trait("Rule", "nonAggregated.availabilityDeadline")]
    public async Task A_missed_availability_deadline_is_reminded_escalated_with_a_finding_and_counted_against_the_provider_once()
    {
        var entryId = await _api.PublishAsync();
        var id = await FileAndMarkAsync(entryId);
        var timerId = $"share:{id}:availability";
        // Approved in time: the answer is given, the data still has to be aggregated.
        await (await SharingApi.Event(_api.Provider, id, "approve")).ShouldBe(HttpStatusCode.OK);
        await (await SharingApi.Event(_api.Authority, id, "approve")).ShouldBe(HttpStatusCode.OK);

        // Before it is missed, the CoordinationOffice's list does not show it (nothing waits for it there).
        var before = await (await _api.Coordination.GetAsync("/api/sharing/requests")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(before.GetProperty("items").EnumerateArray(), x => x.GetProperty("id").GetString() == id);

        // Monday 12-21 ended with one working day left: the provider is reminded.
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 22, 9, 0, 0, China));
        await _app.SettleDeadlinesAsync();
        await _app.SettleDeadlinesAsync();
        var reminded = await _api.Status(id);
        Assert.Single(reminded.GetProperty("timeline").EnumerateArray(), s => s.GetProperty("action").GetString() == "deadline.reminder" && s.GetProperty("note").GetString() == timerId);
        Assert.Equal(1, AvailabilityOf(reminded).GetProperty("workingDaysLeft").GetInt32());

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 23, 0, 0, 1, China));
        await _app.SettleDeadlinesAsync();
        await _app.DeadlineInStateAsync("350800", timerId, TimerState.Fired);
        await _app.SettleDeadlinesAsync();

        var escalated = await _api.Status(id, _api.Coordination);
        Assert.Equal("CoordinationOffice", escalated.GetProperty("availabilityEscalation").GetProperty("to").GetString());
        Assert.True(escalated.GetProperty("availabilityOverdue").GetBoolean());
        Assert.False(escalated.TryGetProperty("escalation", out _));
        Assert.Equal(-1, AvailabilityOf(escalated).GetProperty("workingDaysLeft").GetInt32());
        Assert.Single(escalated.GetProperty("timeline").EnumerateArray(), s => s.GetProperty("action").GetString() == "availability.escalate");
        // The CoordinationOffice finds it in its list of requests (the request is Approved, not waiting for it otherwise).
        var coordinationList = await (await _api.Coordination.GetAsync("/api/sharing/requests")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(coordinationList.GetProperty("items").EnumerateArray(), x => x.GetProperty("id").GetString() == id);

        var finding = (await FindingAsync(timerId))!.Value;
        Assert.Equal("nonAggregated.availabilityDeadline", finding.GetProperty("rule").GetString());
        Assert.Equal("11350800MB0001003K", finding.GetProperty("department").GetString());
        var missed = Assert.Single(RecordingSupervisionEvents.For(id), e => e.Kind == "sharing.availabilityMissed");
        Assert.Equal(("11350800MB0001003K", "2026-12-22"), (missed.Department, missed.Data["dueDate"]));
        var audit = await _data.AuditAsync("350800", $"sharing/350800/requests/{id}");
        Assert.Single(audit, r => r.Action == "sharing.deadline.escalate");
        Assert.Single(audit, r => r.Action == "deadline.due" && r.DataContent?.StartsWith(timerId, StringComparison.Ordinal) == true);

        // The provider's scorecard counts the late aggregation once (the fact delivered as the queue function would).
        var supervision = new GovData.Functions.Tests.Supervision.SupervisionApi(_app);
        Assert.Equal(1, await supervision.DrainAsync($"share-request:{id}:availability-missed", 1));
        Assert.Contains("already counted", await supervision.Deliver(missed), StringComparison.Ordinal);
        var scorecard = await (await _api.Authority.GetAsync("/api/supervision/scorecards/11350800MB0001003K/2026-12")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, scorecard.GetProperty("sharing").GetProperty("availabilityMissed").GetInt32());
        // Nothing fires twice.
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 28, 9, 0, 0, China));
        await _app.SettleDeadlinesAsync();
        Assert.Single(RecordingSupervisionEvents.For(id), e => e.Kind == "sharing.availabilityMissed");
        Assert.Single((await _api.Status(id)).GetProperty("timeline").EnumerateArray(), s => s.GetProperty("action").GetString() == "availability.escalate");
    }

    [Fact]
    [Trait("Rule", "greenChannel.availabilityDeadline")]
    public async Task A_green_channel_approval_starts_the_five_day_availability_deadline_which_aggregation_meets()
    {
        // Longyan's DataAuthority enables the green channel (Fujian's default keeps it off).
        var amendment = """{"basedOnVersion": 1, "reason": "市政府决定开设应急数据共享绿色通道", "effectiveFrom": "2026-11-24", "rules": {"greenChannel.enabled": {"value": true}}}""";
        await (await _api.Authority.PostAsync("/api/jurisdictions/350800/rules/amendments", new StringContent(amendment, Encoding.UTF8, "application/json"))).ShouldBe(HttpStatusCode.Created);
        // An entry with no data on the platform yet: the green channel's 5 days are for aggregating it.
        var entryId = await _data.Aggregation.Catalog.PublishAsync(SharedDataApi.EntryBody("Conditional"));
        var id = (await _api.FileAsync(entryId, ["姓名"], green: "森林火灾应急处置")).GetProperty("id").GetString()!;
        Assert.Null(await _app.DeadlineAsync("350800", $"share:{id}:availability"));

        // Approved by the CoordinationOffice on Tuesday 11-24: 5 working days from the approval end on Tuesday 12-01.
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 11, 0, 0, China));
        var green = await (await SharingApi.Event(_api.Coordination, id, "green-channel", new { approve = true, note = "火情紧急" })).ShouldBe(HttpStatusCode.OK);
        var d = green.GetProperty("availabilityDeadline");
        Assert.Equal("greenChannel.availabilityDeadline", d.GetProperty("ruleKey").GetString());
        Assert.Equal(5, d.GetProperty("workingDays").GetInt32());
        Assert.Equal("2026-12-01", d.GetProperty("dueDate").GetString());
        var timerId = d.GetProperty("timerId").GetString()!;
        Assert.StartsWith($"share:{id}:availability", timerId, StringComparison.Ordinal);
        Assert.Equal(TimerState.Pending, (await _app.DeadlineAsync("350800", timerId))!.State);
        var queue = await (await _api.Provider.GetAsync("/api/deadlines")).ShouldBe(HttpStatusCode.OK);
        var item = Assert.Single(queue.EnumerateArray(), x => x.GetProperty("id").GetString() == timerId);
        Assert.Equal("greenChannel.availabilityDeadline", item.GetProperty("ruleKey").GetString());

        // The provider aggregates the data on Friday 11-27: met in time, the clock stops and nothing fires after 12-01.
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 27, 9, 0, 0, China));
        var status = await new AggregationApi(_app).SubmitAsync(entryId, Encoding.UTF8.GetBytes(SharedDataApi.Csv(5)));
        Assert.Equal("Accepted", status.GetProperty("state").GetString());
        await _app.DeadlineInStateAsync("350800", timerId, TimerState.Cancelled);
        var met = (await _api.Status(id)).GetProperty("availability");
        Assert.Equal(("Available", true), (met.GetProperty("outcome").GetString(), met.GetProperty("onTime").GetBoolean()));
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 3, 9, 0, 0, China));
        await _app.SettleDeadlinesAsync();
        Assert.Null(await FindingAsync(timerId));
        Assert.DoesNotContain(RecordingSupervisionEvents.For(id), e => e.Kind == "sharing.availabilityMissed");
        Assert.Single(RecordingSupervisionEvents.For(id), e => e.Kind == "sharing.dataMadeAvailable");
    }
}
