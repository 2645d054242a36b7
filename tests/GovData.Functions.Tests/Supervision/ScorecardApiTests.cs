using System.Net;
using System.Net.Http.Json;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Storage;
using GovData.Functions.Supervision;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Supervision;

/// <summary>Scorecards kept from events by the queue function: periods, idempotency, concurrency, visibility and publication.</summary>
public sealed class ScorecardApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly SupervisionApi _api = new(app);
    private readonly HttpClient _authority = app.DataAuthority();
    private readonly HttpClient _auditor = app.ClientFor(DemoJurisdiction.DataAuthority, Role.Auditor);

    private static Dictionary<string, string> Answer(string outcome, bool onTime, int days) =>
        new() { ["outcome"] = outcome, ["onTime"] = onTime ? "true" : "false", ["workingDays"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    [Fact]
    public async Task Events_count_in_their_China_time_year_quarter_and_month_with_rates_and_the_median()
    {
        var dept = SupervisionApi.NewDepartment();
        var nov = new DateTimeOffset(2026, 11, 3, 9, 0, 0, China);
        foreach (var days in new[] { 1, 2, 2, 5 })
        {
            await _api.Deliver(SupervisionApi.Event(dept, SupervisionEventKinds.ShareRequestReceived, nov));
            await _api.Deliver(SupervisionApi.Event(dept, SupervisionEventKinds.ShareRequestAnswered, nov.AddDays(days), Answer(days <= 3 ? "Approved" : "Refused", days <= 3, days)));
        }
        await _api.Deliver(SupervisionApi.Event(dept, SupervisionEventKinds.AggregationSubmitted, nov, new() { ["accepted"] = "true", ["onTime"] = "true", ["rows"] = "1000", ["failedRows"] = "0" }));
        await _api.Deliver(SupervisionApi.Event(dept, SupervisionEventKinds.AggregationSubmitted, nov, new() { ["accepted"] = "false", ["onTime"] = "true", ["rows"] = "10", ["failedRows"] = "10" }));
        await _api.Deliver(SupervisionApi.Event(dept, SupervisionEventKinds.CatalogEntryPublished, new DateTimeOffset(2026, 10, 9, 9, 0, 0, China), new() { ["onTime"] = "true" }));
        await _api.Deliver(SupervisionApi.Event(dept, SupervisionEventKinds.DisputeDecided, nov, new() { ["outcome"] = "Overturned" }));
        await _api.Deliver(SupervisionApi.Event(dept, SupervisionEventKinds.OpenDatasetPublished, nov));
        // 23:30 UTC on 31 December is already 2027 in China.
        await _api.Deliver(SupervisionApi.Event(dept, SupervisionEventKinds.CatalogEntryPublished, new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero)));

        var month = await (await _authority.GetAsync($"/api/supervision/scorecards/{dept}/2026-11")).ShouldBe(HttpStatusCode.OK);
        var sharing = month.GetProperty("sharing");
        Assert.Equal(4, sharing.GetProperty("received").GetInt32());
        Assert.Equal(4, sharing.GetProperty("answered").GetInt32());
        Assert.Equal(3, sharing.GetProperty("answeredOnTime").GetInt32());
        Assert.Equal(0.75, sharing.GetProperty("onTimeRate").GetDouble());
        Assert.Equal(2, sharing.GetProperty("medianAnswerWorkingDays").GetDouble());
        Assert.Equal(1, sharing.GetProperty("refused").GetInt32());
        Assert.Equal(0.5, month.GetProperty("aggregation").GetProperty("qualityPassRate").GetDouble());
        Assert.Equal(1, month.GetProperty("disputes").GetProperty("overturned").GetInt32());
        Assert.Equal(1, month.GetProperty("opening").GetProperty("datasetsPublished").GetInt32());
        Assert.Equal(0, month.GetProperty("catalog").GetProperty("published").GetInt32());
        // Sharing 0.75 x 35 + aggregation (1 + 0.5) / 2 x 25 + disputes 0 x 10, over 70 points of weight.
        Assert.Equal(Math.Round(100 * (0.75 * 35 + 0.75 * 25) / 70, 1), month.GetProperty("score").GetDouble());

        var quarter = await (await _auditor.GetAsync($"/api/supervision/scorecards/{dept}/2026-Q4")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, quarter.GetProperty("catalog").GetProperty("published").GetInt32());
        Assert.Equal(4, quarter.GetProperty("sharing").GetProperty("answered").GetInt32());
        var year = await (await _authority.GetAsync($"/api/supervision/scorecards/{dept}/2026")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, year.GetProperty("catalog").GetProperty("published").GetInt32());
        var next = await (await _authority.GetAsync($"/api/supervision/scorecards/{dept}/2027-01")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, next.GetProperty("catalog").GetProperty("published").GetInt32());
        var empty = await (await _authority.GetAsync($"/api/supervision/scorecards/{dept}/2025")).ShouldBe(HttpStatusCode.OK);
        // Nothing to score on: no score (null members are left out of the answer).
        Assert.False(empty.TryGetProperty("score", out _));

        await (await _authority.GetAsync($"/api/supervision/scorecards/{dept}/2026-13")).ShouldNameField("period");
        await (await _authority.GetAsync("/api/supervision/scorecards")).ShouldNameField("period");
        Assert.Contains(await _api.AuditAsync($"supervision/350800/scorecards/{dept}/2026-11"), r => r.Action == "supervision.scorecard.read");
    }

    [Fact]
    public async Task The_same_event_counts_once_even_redelivered_concurrently_and_concurrent_events_all_count()
    {
        var dept = SupervisionApi.NewDepartment();
        var at = new DateTimeOffset(2026, 11, 10, 9, 0, 0, China);
        var once = SupervisionApi.Event(dept, SupervisionEventKinds.ShareRequestReceived, at, id: "share-request:r1:received:" + dept);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => _api.Deliver(once, dequeueCount: i + 1)));
        Assert.Single(results, r => r.StartsWith("counted", StringComparison.Ordinal));
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => _api.Deliver(SupervisionApi.Event(dept, SupervisionEventKinds.ShareRequestReceived, at.AddDays(i % 3)))));

        var card = await (await _authority.GetAsync($"/api/supervision/scorecards/{dept}/2026-11")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(41, card.GetProperty("sharing").GetProperty("received").GetInt32());
    }

    [Fact]
    public async Task A_finding_event_redelivered_after_a_crash_between_its_two_writes_completes_the_second_without_recounting_the_first()
    {
        var dept = SupervisionApi.NewDepartment();
        var at = new DateTimeOffset(2026, 11, 10, 9, 0, 0, China);
        var raised = SupervisionApi.Event(dept, SupervisionEventKinds.FindingRaised, at, id: $"finding:crash-{dept}:raised");
        // The first delivery counted the finding in the month document (its id pending, no marker yet), then stopped
        // before the open count was written.
        var container = app.Services.GetRequiredService<Database>().GetContainer(StorageNames.Cosmos.Supervision);
        var counters = new Domain.Supervision.ScorecardCounters();
        counters.Apply(raised.Kind, raised.Data);
        await container.CreateItemAsync(new ScorecardMonthDocument
        {
            Id = ScorecardStore.ScorecardId(dept, new Domain.Supervision.ScorecardPeriod(Domain.Supervision.PeriodKind.Month, 2026, 11)),
            Jurisdiction = "350800", Department = dept, Year = 2026, Month = 11, Counters = counters, Applied = new AppliedIds { Pending = [raised.Id] },
        }, new PartitionKey("350800"));

        await _api.Deliver(raised, dequeueCount: 2);
        var card = await (await _authority.GetAsync($"/api/supervision/scorecards/{dept}/2026-11")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, card.GetProperty("findings").GetProperty("raised").GetInt32());
        Assert.Equal(1, card.GetProperty("findings").GetProperty("openNow").GetInt32());
        await _api.Deliver(raised, dequeueCount: 3);
        Assert.Equal(1, (await (await _authority.GetAsync($"/api/supervision/scorecards/{dept}/2026")).ShouldBe(HttpStatusCode.OK)).GetProperty("findings").GetProperty("openNow").GetInt32());
    }

    [Fact]
    public async Task An_event_redelivered_after_later_events_moved_its_id_out_of_the_month_document_counts_nothing_and_the_document_stays_small()
    {
        var dept = SupervisionApi.NewDepartment();
        var at = new DateTimeOffset(2026, 10, 10, 9, 0, 0, China);
        var first = SupervisionApi.Event(dept, SupervisionEventKinds.ShareRequestReceived, at, id: $"share-request:first-{dept}:received");
        await _api.Deliver(first);
        // Later events of the month: every 16 ids the pending ones get their markers and move into the document's filter.
        for (var i = 0; i < 30; i++) await _api.Deliver(SupervisionApi.Event(dept, SupervisionEventKinds.ShareRequestReceived, at.AddHours(i)));
        var redelivered = await _api.Deliver(first, dequeueCount: 2);
        Assert.StartsWith(first.Id + " was already counted", redelivered, StringComparison.Ordinal);

        var card = await (await _authority.GetAsync($"/api/supervision/scorecards/{dept}/2026-Q4")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(31, card.GetProperty("sharing").GetProperty("received").GetInt32());
        // The month document does not carry the month's event ids: only the last few wait for their markers.
        var month = (await app.Services.GetRequiredService<Database>().GetContainer(StorageNames.Cosmos.Supervision)
            .ReadItemAsync<ScorecardMonthDocument>(ScorecardStore.ScorecardId(dept, new Domain.Supervision.ScorecardPeriod(Domain.Supervision.PeriodKind.Month, 2026, 10)), new PartitionKey("350800"))).Resource;
        Assert.Equal(31 - AppliedIds.MaxPending, month.Applied.Pending.Count);
        Assert.Equal(AppliedIds.FilterBits / 8, month.Applied.Seen.Length);
        Assert.Equal(AppliedCheck.Maybe, month.Applied.Check(first.Id));
        Assert.Equal(31, month.Counters.ShareRequestsReceived);
    }

    [Fact]
    public async Task A_quarter_and_a_year_are_the_sums_of_their_months_with_the_median_from_the_summed_answer_times()
    {
        var dept = SupervisionApi.NewDepartment();
        // October: 1, 1, 1 working days; November: 8, 9; December: 10. Medians of the months are 1, 8.5 and 10, but the
        // quarter's median is that of all six answers (1, 1, 1, 8, 9, 10): 4.5.
        var answers = new (int Month, int Days)[] { (10, 1), (10, 1), (10, 1), (11, 8), (11, 9), (12, 10) };
        foreach (var (m, days) in answers)
            await _api.Deliver(SupervisionApi.Event(dept, SupervisionEventKinds.ShareRequestAnswered, new DateTimeOffset(2025, m, 15, 9, 0, 0, China), Answer("Approved", days <= 5, days)));
        await _api.Deliver(SupervisionApi.Event(dept, SupervisionEventKinds.ShareRequestAnswered, new DateTimeOffset(2025, 2, 3, 9, 0, 0, China), Answer("Refused", true, 3)));

        var quarter = await (await _authority.GetAsync($"/api/supervision/scorecards/{dept}/2025-Q4")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(6, quarter.GetProperty("sharing").GetProperty("answered").GetInt32());
        Assert.Equal(4.5, quarter.GetProperty("sharing").GetProperty("medianAnswerWorkingDays").GetDouble());
        Assert.Equal(0.5, quarter.GetProperty("sharing").GetProperty("onTimeRate").GetDouble());
        var year = await (await _authority.GetAsync($"/api/supervision/scorecards/{dept}/2025")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(7, year.GetProperty("sharing").GetProperty("answered").GetInt32());
        Assert.Equal(3, year.GetProperty("sharing").GetProperty("medianAnswerWorkingDays").GetDouble());
        Assert.Equal(1, year.GetProperty("sharing").GetProperty("refused").GetInt32());
        var ranking = await (await _authority.GetAsync("/api/supervision/scorecards?period=2025-Q4")).ShouldBe(HttpStatusCode.OK);
        var row = ranking.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("department").GetString() == dept);
        Assert.Equal(4.5, row.GetProperty("sharing").GetProperty("medianAnswerWorkingDays").GetDouble());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"id":"x","jurisdiction":"350800","department":"nonsense","kind":"sharing.requestReceived","at":"2026-11-01T00:00:00+08:00"}""")]
    [InlineData("""{"id":"","jurisdiction":"350800","department":"11350800MB0001003K","kind":"sharing.requestReceived","at":"2026-11-01T00:00:00+08:00"}""")]
    [InlineData("""{"id":"x","jurisdiction":"35080","department":"11350800MB0001003K","kind":"sharing.requestReceived","at":"2026-11-01T00:00:00+08:00"}""")]
    public async Task A_message_that_is_not_a_valid_event_fails_so_the_host_retries_and_then_poisons_it(string text) =>
        await Assert.ThrowsAsync<InvalidDataException>(() => _api.DeliverText(text));

    [Fact]
    public async Task A_department_sees_its_own_scorecard_and_everyone_s_only_after_the_authority_publishes_the_ranking()
    {
        var police = app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        var market = DemoJurisdiction.MarketRegulation.Code;
        var at = new DateTimeOffset(2024, 5, 6, 9, 0, 0, China);
        await _api.Deliver(SupervisionApi.Event(market, SupervisionEventKinds.ShareRequestAnswered, at, Answer("Approved", true, 1)));
        await _api.Deliver(SupervisionApi.Event(DemoJurisdiction.PublicSecurity.Code, SupervisionEventKinds.ShareRequestAnswered, at, Answer("Approved", false, 9)));

        await (await police.GetAsync($"/api/supervision/scorecards/{DemoJurisdiction.PublicSecurity.Code}/2024-05")).ShouldBe(HttpStatusCode.OK);
        await (await police.GetAsync($"/api/supervision/scorecards/{market}/2024-05")).ShouldBeProblem(HttpStatusCode.NotFound);
        var ownOnly = await (await police.GetAsync("/api/supervision/scorecards?period=2024-05")).ShouldBe(HttpStatusCode.OK);
        Assert.False(ownOnly.GetProperty("published").GetBoolean());
        Assert.Equal([DemoJurisdiction.PublicSecurity.Code], ownOnly.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("department").GetString()));

        var ranking = await (await _auditor.GetAsync("/api/supervision/scorecards?period=2024-05")).ShouldBe(HttpStatusCode.OK);
        var items = ranking.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(market, items[0].GetProperty("department").GetString());
        Assert.Equal(1, items[0].GetProperty("rank").GetInt32());
        Assert.Equal("龙岩市市场监督管理局", items[0].GetProperty("name").GetString());
        Assert.Equal(DemoJurisdiction.PublicSecurity.Code, items[1].GetProperty("department").GetString());
        // Every department of the jurisdiction is listed, those with nothing to score last and unranked.
        Assert.Equal(DemoJurisdiction.Units.Count, items.Count(i => DemoJurisdiction.Units.Any(u => u.Code == i.GetProperty("department").GetString())));
        Assert.False(items[^1].TryGetProperty("rank", out _));

        await (await police.PostAsync("/api/supervision/rankings/2024-05/publication", null)).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await _auditor.PostAsync("/api/supervision/rankings/2024-05/publication", null)).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await _authority.PostAsync("/api/supervision/rankings/2024-5/publication", null)).ShouldNameField("period");
        await (await _authority.PostAsync("/api/supervision/rankings/2024-05/publication", null)).ShouldBe(HttpStatusCode.Created);
        await (await _authority.PostAsync("/api/supervision/rankings/2024-05/publication", null)).ShouldBe(HttpStatusCode.OK);

        await (await police.GetAsync($"/api/supervision/scorecards/{market}/2024-05")).ShouldBe(HttpStatusCode.OK);
        var all = await (await police.GetAsync("/api/supervision/scorecards?period=2024-05")).ShouldBe(HttpStatusCode.OK);
        Assert.True(all.GetProperty("published").GetBoolean());
        Assert.Contains(market, all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("department").GetString()));
        // Publishing May does not publish the rest of the year.
        await (await police.GetAsync($"/api/supervision/scorecards/{market}/2024")).ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Contains(await _api.AuditAsync("supervision/350800/rankings/2024-05"), r => r.Action == "supervision.ranking.publish");
    }
}

/// <summary>The fixed-size record of counted event ids: pending ids verbatim, settled ones in a filter without false negatives.</summary>
public sealed class AppliedIdsTests
{
    [Fact]
    public void Settled_ids_are_never_reported_as_not_counted_and_unknown_ids_rarely_need_a_marker_read()
    {
        var ids = new AppliedIds();
        var counted = Enumerable.Range(0, 1000).Select(i => $"share-request:{i}:answered").ToList();
        foreach (var id in counted)
        {
            if (ids.Full) ids.Settle();
            ids.Pending.Add(id);
        }
        Assert.True(ids.Pending.Count <= AppliedIds.MaxPending);
        Assert.All(counted, id => Assert.NotEqual(AppliedCheck.No, ids.Check(id)));
        Assert.Equal(AppliedCheck.Yes, ids.Check(counted[^1]));
        var falseHits = Enumerable.Range(0, 10_000).Count(i => ids.Check($"share-request:{i}:received") != AppliedCheck.No);
        Assert.True(falseHits < 200, $"{falseHits} of 10,000 unknown ids hit the filter");
    }
}
