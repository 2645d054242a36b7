using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Aggregation;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;
using GovData.Functions.Workflow;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using static GovData.Functions.Tests.Aggregation.SubmissionFiles;

namespace GovData.Functions.Tests.Aggregation;

/// <summary>Record push by batch (idempotent by batch id), processing that keeps failing, and update-cycle monitoring.</summary>
public sealed class AggregationPushAndCycleApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private readonly AggregationApi _api = new(app);

    private static object Record(int n, string? id = null) => new Dictionary<string, string>
    {
        ["公民身份号码"] = id ?? Id(n), ["姓名"] = "赵六", ["性别"] = "女", ["单位统一社会信用代码"] = CreditCode(n), ["登记日期"] = "20240105", ["联系电话"] = "13912345678",
    };

    [Fact]
    public async Task A_pushed_batch_is_checked_like_a_file_and_idempotent_by_its_batch_id()
    {
        var entryId = await _api.PublishPeopleAsync("RealTime");
        var records = Enumerable.Range(0, 30).Select(n => Record(n)).ToArray();
        var first = await (await _api.Steward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/batches/2026-11-24T10.b1", new { records })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Accepted", first.GetProperty("state").GetString());
        Assert.Equal("Batch", first.GetProperty("channel").GetString());
        Assert.Equal(30, first.GetProperty("rowsAccepted").GetInt64());
        Assert.Equal(1, first.GetProperty("version").GetInt32());

        // The same batch again (a retry after a lost answer): the first result, no second version.
        var again = await (await _api.Steward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/batches/2026-11-24T10.b1", new { records })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Equal(1, again.GetProperty("version").GetInt32());
        Assert.Single(await _api.VersionsAsync(entryId));

        // The same batch id with other records is refused.
        var changed = records.Take(29).ToArray();
        var conflict = await (await _api.Steward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/batches/2026-11-24T10.b1", new { records = changed })).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Contains("batch", conflict.GetProperty("detail").GetString()!, StringComparison.Ordinal);

        // A batch with bad records is judged by the same rules and threshold.
        var bad = Enumerable.Range(0, 10).Select(n => Record(n, n < 3 ? BadId(n) : null)).Append(new Dictionary<string, string> { ["未知字段"] = "x" }).ToArray();
        var rejected = await (await _api.Steward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/batches/b2", new { records = bad })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Rejected", rejected.GetProperty("state").GetString());

        var next = await (await _api.Steward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/batches/b3", new { records = records.Take(5).ToArray() })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(2, next.GetProperty("version").GetInt32());
        var raw = _api.Container("incoming").GetBlobClient(next.GetProperty("sourceBlob").GetString()!["incoming/".Length..]);
        Assert.Equal(5, (await raw.DownloadContentAsync()).Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        await (await _api.Steward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/batches/has%20space", new { records })).ShouldNameField("batchId");
        await (await _api.Steward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/batches/b4", new { records = Array.Empty<object>() })).ShouldNameField("records");
    }

    [Fact]
    public async Task Processing_that_keeps_failing_is_marked_failed_with_the_reason_after_the_set_attempts()
    {
        var entryId = await _api.PublishPeopleAsync();
        var id = await _api.PostFileAsync(entryId, Encoding.UTF8.GetBytes(Csv(5)));
        // The blob vanishes before it is read: every attempt fails the same way.
        await _api.Container("incoming").GetBlobClient($"350800/{entryId}/{id}/source.csv").DeleteAsync();
        for (var attempt = 1; attempt < 5; attempt++)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => _api.ArriveAsync(id, entryId));
            var status = await _api.StatusAsync(id);
            Assert.Equal("Processing", status.GetProperty("state").GetString());
            Assert.Equal(attempt, status.GetProperty("attempts").GetInt32());
            Assert.False(string.IsNullOrEmpty(status.GetProperty("lastError").GetString()));
        }
        var last = await _api.ProcessAsync(id, entryId);
        Assert.Contains("failed after 5 attempts", last, StringComparison.Ordinal);
        var failed = await _api.StatusAsync(id);
        Assert.Equal("Failed", failed.GetProperty("state").GetString());
        Assert.Contains("5 times", failed.GetProperty("failureReason").GetString()!, StringComparison.Ordinal);
        await _api.ArriveAsync(id, entryId);
        Assert.Equal(5, (await _api.StatusAsync(id)).GetProperty("attempts").GetInt32());
        Assert.Empty(await _api.VersionsAsync(entryId));
    }

    [Fact]
    public async Task Progress_shows_at_the_status_url_and_a_delivery_while_another_holds_the_lease_does_nothing()
    {
        var entryId = await _api.PublishPeopleAsync();
        var id = await _api.PostFileAsync(entryId, Encoding.UTF8.GetBytes(Csv(5)));
        var store = app.Services.GetRequiredService<AggregationStore>();
        var claimed = await app.Services.GetRequiredService<AggregationService>().ClaimAsync((await store.FindSubmissionAsync("350800", id, CancellationToken.None))!, CancellationToken.None);
        Assert.NotNull(claimed);
        // What the processor's progress writer sends every ProgressEveryRows rows.
        await store.PatchProgressAsync("350800", id, new SubmissionProgressView(10_000, 1_000_000, 4_000_000, 40_000, app.Time.GetUtcNow()), CancellationToken.None);
        var status = await _api.StatusAsync(id);
        Assert.Equal("Processing", status.GetProperty("state").GetString());
        Assert.Equal(10_000, status.GetProperty("progress").GetProperty("rowsDone").GetInt64());
        Assert.Equal(40_000, status.GetProperty("progress").GetProperty("estimatedTotalRows").GetInt64());

        var skipped = await _api.ProcessAsync(id, entryId);
        Assert.Contains("skipped", skipped, StringComparison.Ordinal);
        Assert.Equal(1, (await _api.StatusAsync(id)).GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task The_sweep_processes_a_file_whose_trigger_never_came_takes_back_a_dead_attempt_and_closes_an_unused_link()
    {
        var entryId = await _api.PublishPeopleAsync();
        var missed = await _api.PostFileAsync(entryId, Encoding.UTF8.GetBytes(Csv(5)));
        var dead = await _api.PostFileAsync(entryId, Encoding.UTF8.GetBytes(Csv(6)));
        var store = app.Services.GetRequiredService<AggregationStore>();
        // An attempt that died (process killed) while holding its lease.
        Assert.NotNull(await app.Services.GetRequiredService<AggregationService>().ClaimAsync((await store.FindSubmissionAsync("350800", dead, CancellationToken.None))!, CancellationToken.None));
        var unused = (await (await _api.Steward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/uploads", new { fileName = "a.csv" })).ShouldBe(HttpStatusCode.Created))
            .GetProperty("submissionId").GetString()!;

        await Sweep();
        Assert.Equal("AwaitingUpload", (await _api.StatusAsync(missed)).GetProperty("state").GetString());
        Assert.Equal("Processing", (await _api.StatusAsync(dead)).GetProperty("state").GetString());

        app.Time.Advance(TimeSpan.FromMinutes(11));
        await Sweep();
        var api = new AggregationApi(app);
        Assert.Equal("Accepted", (await api.StatusAsync(missed)).GetProperty("state").GetString());
        var retaken = await api.StatusAsync(dead);
        Assert.Equal("Accepted", retaken.GetProperty("state").GetString());
        Assert.Equal(2, retaken.GetProperty("attempts").GetInt32());
        Assert.Equal("AwaitingUpload", (await api.StatusAsync(unused)).GetProperty("state").GetString());

        app.Time.Advance(TimeSpan.FromMinutes(2));
        await Sweep();
        var expired = await new AggregationApi(app).StatusAsync(unused);
        Assert.Equal("Failed", expired.GetProperty("state").GetString());
        Assert.Contains("link expired", expired.GetProperty("failureReason").GetString()!, StringComparison.Ordinal);
    }

    private Task Sweep() =>
        app.Triggers.InvokeTimerAsync("AggregationSweep");

    [Fact]
    public async Task A_direct_post_over_the_size_limit_is_refused_and_a_file_over_the_file_limit_is_rejected()
    {
        using var small = new GovDataApp
        {
            Settings = { ["Aggregation:MaxDirectPostBytes"] = "2000", ["Aggregation:MaxFileBytes"] = "3000", ["Aggregation:UploadLinkLifetime"] = "00:00:03" },
        };
        var api = new AggregationApi(small);
        var entryId = await api.PublishPeopleAsync();
        var big = Encoding.UTF8.GetBytes(Csv(60));
        await (await api.Steward.PostAsync($"/api/aggregation/entries/{entryId}/submissions?format=csv", new ByteArrayContent(big))).ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge);
        await (await api.Steward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/uploads", new { fileName = "a.csv", length = 3001 })).ShouldNameField("length");

        // Through an upload link the declared size is not trusted: the file itself is measured.
        var link = await (await api.Steward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/uploads", new { fileName = "a.csv" })).ShouldBe(HttpStatusCode.Created);
        var id = link.GetProperty("submissionId").GetString()!;
        await new Azure.Storage.Blobs.BlobClient(new Uri(link.GetProperty("uploadUrl").GetString()!)).UploadAsync(new BinaryData(big));
        await api.ArriveAsync(id, entryId);
        var status = await api.StatusAsync(id);
        Assert.Equal("Rejected", status.GetProperty("state").GetString());
        Assert.Equal("TooLarge", status.GetProperty("rejection").GetProperty("reason").GetString());
        Assert.Empty(await api.VersionsAsync(entryId));

        // A link is short-lived: once expired it creates nothing.
        var stale = await (await api.Steward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/uploads", new { fileName = "b.csv" })).ShouldBe(HttpStatusCode.Created);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var refused = await Assert.ThrowsAsync<Azure.RequestFailedException>(() =>
            new Azure.Storage.Blobs.BlobClient(new Uri(stale.GetProperty("uploadUrl").GetString()!)).UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(Csv(1)))));
        Assert.Equal(403, refused.Status);
    }

    [Fact]
    public async Task The_next_submission_is_due_per_the_update_cycle_and_a_late_one_raises_a_reminder_and_a_finding()
    {
        var entryId = await _api.PublishPeopleAsync("Weekly");
        // Accepted on Tuesday 2026-11-24: the next is due a week later, Tuesday 2026-12-01, with a reminder the working day before.
        var first = await _api.SubmitAsync(entryId, Encoding.UTF8.GetBytes(Csv(5)));
        Assert.True(first.GetProperty("onTime").GetBoolean());
        var timer = await app.DeadlineAsync("350800", AggregationDeadlines.DueTimerId(entryId, 1));
        Assert.NotNull(timer);
        Assert.Equal(new DateOnly(2026, 12, 1), timer.Deadline.DueDate);
        Assert.Equal(TimerState.Pending, timer.State);
        Assert.Contains("002 第十七条", timer.Rule, StringComparison.Ordinal);

        // Tuesday morning, the last day: the reminder (due at the end of Monday) goes out.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(8)));
        await Fire(timer.Id);
        // Tokens are issued on the app's clock, so a week later the department signs in again.
        var monday = new AggregationApi(app);
        var reminders = await (await monday.Steward.GetAsync("/api/aggregation/reminders")).ShouldBe(HttpStatusCode.OK);
        var due = reminders.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("entryId").GetString() == entryId);
        Assert.False(due.GetProperty("overdue").GetBoolean());
        Assert.Equal("2026-12-01", due.GetProperty("dueDate").GetString());

        // Wednesday: overdue. The department sees it and supervision gets a finding citing the articles.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.FromHours(8)));
        await Fire(timer.Id);
        await Fire(timer.Id);
        var api = new AggregationApi(app);
        reminders = await (await api.Steward.GetAsync("/api/aggregation/reminders")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(reminders.GetProperty("items").EnumerateArray(), r => r.GetProperty("entryId").GetString() == entryId && r.GetProperty("overdue").GetBoolean());
        var other = await (await api.OtherSteward.GetAsync("/api/aggregation/reminders")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(other.GetProperty("items").EnumerateArray(), r => r.GetProperty("entryId").GetString() == entryId);
        var supervision = app.Services.GetRequiredService<Database>().GetContainer(StorageNames.Cosmos.Supervision);
        var finding = (await supervision.ReadItemAsync<JsonElement>("finding:" + timer.Id, new PartitionKey("350800"))).Resource;
        Assert.Equal(DemoJurisdiction.PublicSecurity.Code, finding.GetProperty("department").GetString());
        Assert.Equal("aggregation.updateCycle", finding.GetProperty("rule").GetString());
        Assert.Contains("000 第四十二条", finding.GetProperty("citation").GetString()!, StringComparison.Ordinal);

        // The late submission is accepted but counted late; the old timer is closed and the next one runs from now.
        var late = await api.SubmitAsync(entryId, Encoding.UTF8.GetBytes(Csv(6)));
        Assert.Equal("Accepted", late.GetProperty("state").GetString());
        Assert.False(late.GetProperty("onTime").GetBoolean());
        await app.DeadlineInStateAsync("350800", timer.Id, TimerState.Fired);
        var next = await app.DeadlineAsync("350800", AggregationDeadlines.DueTimerId(entryId, 2));
        Assert.Equal(new DateOnly(2026, 12, 9), next!.Deadline.DueDate);

        // The scorecard fact went to the supervision queue.
        var lateId = "aggregation-submission:" + late.GetProperty("id").GetString();
        var fact = await FindSupervisionEventAsync(lateId);
        Assert.Equal("aggregation.submitted", fact.GetProperty("kind").GetString());
        Assert.Equal("true", fact.GetProperty("data").GetProperty("accepted").GetString());
        Assert.Equal("false", fact.GetProperty("data").GetProperty("onTime").GetString());
        Assert.Equal("6", fact.GetProperty("data").GetProperty("rows").GetString());
        Assert.Equal("0", fact.GetProperty("data").GetProperty("failedRows").GetString());
    }

    private Task Fire(string id) =>
        app.SettleDeadlinesAsync();

    private async Task<JsonElement> FindSupervisionEventAsync(string id)
    {
        var queue = app.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(StorageNames.Queues.Supervision);
        for (var round = 0; round < 50; round++)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;
            if (batch.Length == 0) break;
            foreach (var m in batch)
            {
                var e = JsonDocument.Parse(m.Body.ToString()).RootElement.Clone();
                if (e.GetProperty("id").GetString() == id) return e;
            }
        }
        throw new Xunit.Sdk.XunitException($"no supervision event {id}");
    }
}
