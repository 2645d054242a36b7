using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Sharing.Callbacks;
using GovData.Functions.Sharing.ChangeNotices;
using GovData.Functions.Errors;
using GovData.Functions.Storage;
using GovData.Functions.Supervision;
using GovData.Functions.Tests.Aggregation;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Sharing;

/// <summary>
/// Change notices end to end: a real receiver on loopback (Development), signed deliveries off the real queue with backoff,
/// inbox per department, only Active grant holders, timeliness against the rule set with supervision facts and findings, and
/// service change announcements refused without the lead time.
/// </summary>
public sealed class ChangeNoticeApiTests : IDisposable
{
    private const string Secret = "a-secret-the-receiver-shares-with-govdata-0123456789";
    private readonly GovDataApp _app = new()
    {
        ExtraServices = RecordingSupervisionEvents.Register,
        Settings =
        {
            ["Callbacks:RetryBaseDelay"] = "00:00:01",
            ["Callbacks:MaxAttempts"] = "3",
            ["Callbacks:Timeout"] = "00:00:05",
        },
    };
    private readonly SharingApi _api;

    public ChangeNoticeApiTests() => _api = new SharingApi(_app);

    public void Dispose() => _app.Dispose();

    private async Task<JsonElement> RegisterAsync(HttpClient client, string url, string? secret = Secret) =>
        await (await client.PostAsJsonAsync("/api/sharing/callback", new { url, secret })).ShouldBe(HttpStatusCode.OK);

    private async Task<JsonElement> DeclareAsync(string entryId, string key, DateTimeOffset? changedAt = null) =>
        await (await _api.Provider.PostAsJsonAsync($"/api/sharing/entries/{entryId}/changes", new { description = "户籍地区划 corrected for 2026", key, changedAt }))
            .ShouldBe(HttpStatusCode.OK);

    private async Task<List<JsonElement>> InboxAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/sharing/notices")).ShouldBe(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();

    private Task<JsonElement> NoticeAsync(string id) => _api.Requester.GetAsync($"/api/sharing/notices/{id}").ContinueWith(t => t.Result.ShouldBe(HttpStatusCode.OK)).Unwrap();

    /// <summary>
    /// Takes this test's delivery messages off the shared <c>change-notices</c> queue and hands them to the queue function, as the
    /// host does, until <paramref name="done"/> holds (hidden messages of a backoff show up when their delay is over).
    /// </summary>
    private async Task<int> DeliverUntilAsync(string noticeId, Func<JsonElement, bool> done, TimeSpan? timeout = null)
    {
        var queue = _app.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(StorageNames.Queues.ChangeNotices);
        var handled = 0;
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < until)
        {
            if (done(await NoticeAsync(noticeId))) return handled;
            var messages = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value;
            foreach (var m in messages)
            {
                var text = m.Body.ToString();
                if (!text.Contains(noticeId, StringComparison.Ordinal)) continue;
                await _app.Triggers.InvokeQueueAsync("ChangeNoticeDelivery", m);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                handled++;
            }
            if (messages.Length == 0) await Task.Delay(50);
        }
        Assert.Fail($"notice {noticeId} did not reach the expected delivery state: {await NoticeAsync(noticeId)}");
        return handled;
    }

    private static string Delivery(JsonElement n) => n.GetProperty("delivery").GetString()!;

    [Fact]
    public async Task A_declared_change_reaches_the_holder_inbox_and_its_receiver_signed_once()
    {
        using var receiver = new CallbackReceiver();
        var entryId = await _api.PublishAsync();
        var grantId = await _api.GrantAsync(entryId);
        var registered = await RegisterAsync(_api.Requester, receiver.Url);
        Assert.Equal(receiver.Url, registered.GetProperty("url").GetString());
        Assert.False(registered.GetProperty("secretGenerated").GetBoolean());
        Assert.False(registered.TryGetProperty("secret", out _));

        var answer = await DeclareAsync(entryId, "fix-2026-11");
        Assert.Equal(1, answer.GetProperty("notified").GetInt32());
        Assert.Equal(DemoJurisdiction.MarketRegulation.Code, answer.GetProperty("holders")[0].GetString());
        Assert.True(answer.GetProperty("onTime").GetBoolean());

        var inbox = await InboxAsync(_api.Requester);
        var notice = Assert.Single(inbox);
        var id = notice.GetProperty("id").GetString()!;
        Assert.Equal("DataChanged", notice.GetProperty("kind").GetString());
        Assert.Equal(grantId, notice.GetProperty("grantId").GetString());
        Assert.False(notice.GetProperty("read").GetBoolean());
        Assert.Equal("Pending", Delivery(notice));

        await DeliverUntilAsync(id, n => Delivery(n) == "Delivered");
        var got = Assert.Single(receiver.Requests);
        Assert.Equal(id, got.Headers["X-GovData-Notice-Id"]);
        Assert.Equal("1", got.Headers["X-GovData-Delivery-Attempt"]);
        var unix = _app.Time.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(CallbackSender.Sign(Secret, unix, Encoding.UTF8.GetBytes(got.Body)), got.Headers["X-GovData-Signature"]);
        Assert.NotEqual(CallbackSender.Sign("another secret of the same length as the first one!", unix, Encoding.UTF8.GetBytes(got.Body)), got.Headers["X-GovData-Signature"]);
        using (var payload = JsonDocument.Parse(got.Body))
        {
            Assert.Equal(id, payload.RootElement.GetProperty("id").GetString());
            Assert.Equal(entryId, payload.RootElement.GetProperty("entryId").GetString());
        }

        // The same declaration again, and a redelivered message, notify nobody twice.
        Assert.Equal(1, (await DeclareAsync(entryId, "fix-2026-11")).GetProperty("notified").GetInt32());
        Assert.Single(await InboxAsync(_api.Requester));
        await _app.Triggers.InvokeQueueAsync("ChangeNoticeDelivery", JsonSerializer.Serialize(new DeliveryMessage("350800", id, 1), JsonDefaults.Storage));
        await Task.Delay(300);
        Assert.Single(receiver.Requests);
        // The resend records the same fact again under the same id; the scorecard counts an id once.
        var sent = RecordingSupervisionEvents.All.Where(e => e.Id == $"change-notice:{answer.GetProperty("changeId").GetString()}:sent").ToList();
        Assert.NotEmpty(sent);
        Assert.All(sent, e => Assert.True(e.Data["onTime"] == "true" && e.Department == DemoJurisdiction.PublicSecurity.Code && e.Kind == SupervisionEventKinds.ChangeNoticeSent));

        // Inbox: read one, mark read (twice is harmless); nobody else sees it.
        Assert.Equal(id, (await NoticeAsync(id)).GetProperty("id").GetString());
        var read = await (await _api.Requester.PostAsync($"/api/sharing/notices/{id}/read", null)).ShouldBe(HttpStatusCode.OK);
        Assert.True(read.GetProperty("read").GetBoolean());
        await (await _api.Requester.PostAsync($"/api/sharing/notices/{id}/read", null)).ShouldBe(HttpStatusCode.OK);
        await (await _api.Outsider.GetAsync($"/api/sharing/notices/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _api.Provider.GetAsync($"/api/sharing/notices/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _api.Outsider.PostAsync($"/api/sharing/notices/{id}/read", null)).ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Empty(await InboxAsync(_api.Outsider));

        // Only the entry's own department may declare its changes.
        await (await _api.Requester.PostAsJsonAsync($"/api/sharing/entries/{entryId}/changes", new { description = "x" })).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _api.Provider.PostAsJsonAsync($"/api/sharing/entries/{entryId}/changes", new { description = "x", changedAt = _app.Time.GetUtcNow().AddHours(1) }))
            .ShouldNameField("changedAt");
        await (await _api.Provider.PostAsJsonAsync($"/api/sharing/entries/{entryId}/changes", new { description = " " })).ShouldNameField("description");
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_notice_on_the_third_try_after_growing_delays()
    {
        using var receiver = new CallbackReceiver(n => n <= 2 ? 500 : 204);
        var entryId = await _api.PublishAsync();
        await _api.GrantAsync(entryId);
        await RegisterAsync(_api.Requester, receiver.Url);
        await DeclareAsync(entryId, "retry");
        var id = Assert.Single(await InboxAsync(_api.Requester)).GetProperty("id").GetString()!;

        await DeliverUntilAsync(id, n => Delivery(n) == "Delivered");
        var attempts = (await NoticeAsync(id)).GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal([500, 500, 204], attempts.Select(a => a.GetProperty("status").GetInt32()));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], attempts.Take(2).Select(a => TimeSpan.Parse(a.GetProperty("nextDelay").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        var times = receiver.Requests.Select(r => r.At).ToList();
        Assert.Equal(3, times.Count);
        Assert.Equal(["1", "2", "3"], receiver.Requests.Select(r => r.Headers["X-GovData-Delivery-Attempt"]));
        // The queue hid each retry for its delay: the gaps at the receiver grow.
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(900), $"first gap {times[1] - times[0]}");
        Assert.True(times[2] - times[1] >= TimeSpan.FromMilliseconds(1900), $"second gap {times[2] - times[1]}");
        Assert.True(times[2] - times[1] > times[1] - times[0]);
    }

    [Fact]
    public async Task A_dead_receiver_leaves_the_notice_delivery_failed_after_the_last_attempt_and_in_the_inbox()
    {
        var deadUrl = $"http://127.0.0.1:{CallbackReceiver.FreePort()}/nobody-listens/";
        var entryId = await _api.PublishAsync();
        await _api.GrantAsync(entryId);
        await RegisterAsync(_api.Requester, deadUrl);
        await DeclareAsync(entryId, "dead");
        var id = Assert.Single(await InboxAsync(_api.Requester)).GetProperty("id").GetString()!;

        await DeliverUntilAsync(id, n => Delivery(n) == "DeliveryFailed");
        var notice = await NoticeAsync(id);
        var attempts = notice.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, a => Assert.False(string.IsNullOrEmpty(a.GetProperty("error").GetString())));
        Assert.False(attempts[^1].TryGetProperty("nextDelay", out _));
        Assert.Single(await InboxAsync(_api.Requester));
    }

    [Fact]
    public async Task Holders_of_revoked_or_expired_grants_get_nothing()
    {
        using var receiver = new CallbackReceiver();
        await RegisterAsync(_api.Requester, receiver.Url);

        var revokedEntry = await _api.PublishAsync();
        var revoked = await _api.GrantAsync(revokedEntry);
        await (await _api.Provider.PostAsJsonAsync($"/api/sharing/grants/{revoked}/revoke", new { reasons = new[] { "no longer needed" } })).ShouldBe(HttpStatusCode.OK);

        var expiringEntry = await _api.PublishAsync();
        var id = (await (await _api.Requester.PostAsJsonAsync("/api/sharing/requests", SharingApi.RequestBody(expiringEntry, period: 1))).ShouldBe(HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
        await (await SharingApi.Event(_api.Provider, id, "approve")).ShouldBe(HttpStatusCode.OK);
        await (await SharingApi.Event(_api.Authority, id, "approve")).ShouldBe(HttpStatusCode.OK);
        await (await SharingApi.Event(_api.Requester, id, "accept", new { dataUseAgreement = true, confidentialityAgreement = true })).ShouldBe(HttpStatusCode.OK);
        _app.Time.Advance(TimeSpan.FromDays(32));

        Assert.Equal(0, (await DeclareAsync(revokedEntry, "after-revoke")).GetProperty("notified").GetInt32());
        Assert.Equal(0, (await DeclareAsync(expiringEntry, "after-expiry")).GetProperty("notified").GetInt32());
        Assert.Empty(await InboxAsync(_api.Requester));
        await Task.Delay(500);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    [Trait("Rule", "dataChange.updateDeadline")]
    [Trait("Rule", "dataChange.notifyConsumers")]
    public async Task A_late_notice_counts_as_late_and_raises_a_finding_against_the_provider()
    {
        var entryId = await _api.PublishAsync();
        await _api.GrantAsync(entryId);
        // Changed two weeks ago (Tuesday 2026-11-10); Longyan allows 5 working days (dataChange.updateDeadline).
        var answer = await DeclareAsync(entryId, "late", GovDataApp.DefaultNow.AddDays(-14));
        Assert.False(answer.GetProperty("onTime").GetBoolean());
        Assert.Contains("dataChange.updateDeadline", answer.GetProperty("rule").GetString());
        var changeId = answer.GetProperty("changeId").GetString()!;

        Assert.Equal("NoCallback", Delivery(Assert.Single(await InboxAsync(_api.Requester))));
        Assert.Single(RecordingSupervisionEvents.All, e => e.Id == $"change-notice:{changeId}:sent" && e.Data["onTime"] == "false");
        var finding = await _app.Services.GetRequiredService<FindingStore>().FindAsync("350800", $"finding:change-notice:{changeId}", CancellationToken.None);
        Assert.NotNull(finding);
        Assert.Equal(DemoJurisdiction.PublicSecurity.Code, finding.Department);
        Assert.Equal("dataChange.updateDeadline", finding.Rule);
        Assert.Equal(new DateTimeOffset(2026, 11, 18, 0, 0, 0, TimeSpan.FromHours(8)), finding.DueAt);
    }

    [Fact]
    [Trait("Rule", "dataChange.serviceChangeNotice")]
    public async Task A_service_change_announced_too_late_is_refused_and_one_with_the_lead_time_notifies_the_holders()
    {
        var entryId = await _api.PublishAsync();
        await _api.GrantAsync(entryId);
        // Tuesday 2026-11-24: 10 working days (11-25 … 12-08) must pass first, so 12-09 is the earliest effective date.
        var tooSoon = await (await _api.Provider.PostAsJsonAsync($"/api/sharing/entries/{entryId}/service-changes",
            new { kind = "Stop", effectiveDate = "2026-12-08", description = "接口停用" })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("dataChange.serviceChangeNotice", tooSoon.GetProperty("ruleKey").GetString());
        Assert.Equal("2026-12-09", tooSoon.GetProperty("earliestEffectiveDate").GetString());
        Assert.Contains("10 working days", tooSoon.GetProperty("detail").GetString());
        Assert.Empty(await InboxAsync(_api.Requester));

        var ok = await (await _api.Provider.PostAsJsonAsync($"/api/sharing/entries/{entryId}/service-changes",
            new { kind = "Upgrade", effectiveDate = "2026-12-09", description = "接口升级到 v2", key = "v2" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, ok.GetProperty("notified").GetInt32());
        var notice = Assert.Single(await InboxAsync(_api.Requester));
        Assert.Equal("ServiceUpgrade", notice.GetProperty("kind").GetString());
        Assert.Equal("2026-12-09", notice.GetProperty("effectiveDate").GetString());

        await (await _api.Provider.PostAsJsonAsync($"/api/sharing/entries/{entryId}/service-changes",
            new { kind = "Pause", effectiveDate = "2027-01-10", description = "x" })).ShouldBeProblem(HttpStatusCode.BadRequest);
        await (await _api.Outsider.PostAsJsonAsync($"/api/sharing/entries/{entryId}/service-changes",
            new { kind = "Stop", effectiveDate = "2027-01-10", description = "x" })).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_new_curated_version_notifies_the_holders_with_its_version()
    {
        var aggregation = new AggregationApi(_app);
        var entryId = await aggregation.PublishPeopleAsync();
        var id = (await _api.FileAsync(entryId, ["姓名", "性别"])).GetProperty("id").GetString()!;
        await (await SharingApi.Event(_api.Provider, id, "approve")).ShouldBe(HttpStatusCode.OK);
        await (await SharingApi.Event(_api.Authority, id, "approve")).ShouldBe(HttpStatusCode.OK);
        await (await SharingApi.Event(_api.Requester, id, "accept", new { dataUseAgreement = true, confidentialityAgreement = true })).ShouldBe(HttpStatusCode.OK);

        var status = await aggregation.SubmitAsync(entryId, Encoding.UTF8.GetBytes(SubmissionFiles.Csv(5)));
        Assert.Equal("Accepted", status.GetProperty("state").GetString());
        var notice = Assert.Single(await InboxAsync(_api.Requester));
        Assert.Equal("NewVersion", notice.GetProperty("kind").GetString());
        Assert.Equal(1, notice.GetProperty("version").GetInt32());
        Assert.Equal(entryId, notice.GetProperty("entryId").GetString());
    }
}
