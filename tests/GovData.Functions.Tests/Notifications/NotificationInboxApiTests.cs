using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Sharing.ChangeNotices;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Tests.Sharing;
using GovData.Functions.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Notifications;

/// <summary>
/// The notification inbox end to end: a share request's decision deadline fires its reminder and escalation onto the real
/// <c>notifications</c> queue, the queue function files them in the right department's inbox (once, however often delivered),
/// and each department reads and marks only its own. Each test has its own app because it moves the clock.
/// </summary>
public sealed class NotificationInboxApiTests : IDisposable
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly GovDataApp _app = new();
    private readonly SharingApi _api;

    public NotificationInboxApiTests() => _api = new SharingApi(_app);

    public void Dispose() => _app.Dispose();

    private HttpClient Client(Department unit, Role role = Role.DataSteward) => _app.ClientFor(unit, role);

    private Task Deliver(string text, int dequeueCount = 1) =>
        _app.Triggers.InvokeQueueAsync("NotificationReceived", text, dequeueCount: dequeueCount);

    /// <summary>
    /// Takes the messages mentioning <paramref name="token"/> off the shared <c>notifications</c> queue and hands them to the
    /// queue function as the host does; returns their texts.
    /// </summary>
    private async Task<List<string>> DrainAsync(string token, int expected)
    {
        var queue = _app.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(StorageNames.Queues.Notifications);
        var texts = new List<string>();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (texts.Count < expected && DateTime.UtcNow < until)
        {
            var messages = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value;
            foreach (var m in messages)
            {
                var text = m.Body.ToString();
                if (!text.Contains(token, StringComparison.Ordinal)) continue;
                await Deliver(text);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                texts.Add(text);
            }
            if (messages.Length == 0) await Task.Delay(100);
        }
        Assert.Equal(expected, texts.Count);
        return texts;
    }

    private static async Task<List<JsonElement>> InboxAsync(HttpClient client, string query = "") =>
        (await (await client.GetAsync("/api/notifications" + query)).ShouldBe(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task A_missed_decision_deadline_reaches_the_providers_inbox_then_the_CoordinationOffices_once_each_and_only_theirs()
    {
        var entry = await _api.PublishAsync();
        var id = (await _api.FileAsync(entry)).GetProperty("id").GetString()!;
        var timerId = $"share:{id}:decision";

        // Monday 11-30 ended with one working day left: the reminder goes to the provider.
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 9, 0, 0, China));
        await _app.SettleDeadlinesAsync();
        var reminder = Assert.Single(await DrainAsync(id, 1));

        var provider = Client(DemoJurisdiction.PublicSecurity);
        var item = Assert.Single(await InboxAsync(provider));
        Assert.Equal("sharing.deadline.reminder", item.GetProperty("kind").GetString());
        Assert.Contains(id, item.GetProperty("subject").GetString());
        Assert.Equal("2026-12-01", item.GetProperty("dueDate").GetString());
        Assert.Contains("shareDecision.deadline = 5 working days (004 第十二条)", item.GetProperty("rule").GetString());
        Assert.False(item.GetProperty("read").GetBoolean());
        var itemId = item.GetProperty("id").GetString()!;

        // The host redelivers the same message: still one item, unchanged.
        await Deliver(reminder);
        await Deliver(reminder);
        var again = Assert.Single(await InboxAsync(provider));
        Assert.Equal(itemId, again.GetProperty("id").GetString());
        Assert.Equal(item.GetProperty("receivedAt").GetString(), again.GetProperty("receivedAt").GetString());

        // Another department neither sees nor marks it.
        var requester = Client(DemoJurisdiction.MarketRegulation);
        Assert.Empty(await InboxAsync(requester));
        await (await requester.PostAsync($"/api/notifications/{itemId}/read", null)).ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Single(await InboxAsync(provider, "?unread=true"));

        // The provider marks it read; marking again changes nothing.
        var read = await (await provider.PostAsync($"/api/notifications/{itemId}/read", null)).ShouldBe(HttpStatusCode.OK);
        Assert.True(read.GetProperty("read").GetBoolean());
        var readAt = read.GetProperty("readAt").GetString();
        _app.Time.Advance(TimeSpan.FromMinutes(5));
        var reread = await (await _app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward).PostAsync($"/api/notifications/{itemId}/read", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(readAt, reread.GetProperty("readAt").GetString());
        Assert.Empty(await InboxAsync(provider, "?unread=true"));
        Assert.Single(await InboxAsync(provider, "?unread=false"));

        // Missed: the escalation names the CoordinationOffice by role and lands in its unit's inbox, not the provider's.
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 0, 0, 1, China));
        await _app.SettleDeadlinesAsync();
        await DrainAsync(id, 1);
        var coordination = Client(DemoJurisdiction.CoordinationOffice, Role.CoordinationOffice);
        var escalation = Assert.Single(await InboxAsync(coordination));
        Assert.Equal("sharing.deadline.escalated", escalation.GetProperty("kind").GetString());
        Assert.Equal("CoordinationOffice", escalation.GetProperty("addressee").GetString());
        Assert.Equal("2026-12-01", escalation.GetProperty("dueDate").GetString());
        Assert.Contains(id, escalation.GetProperty("subject").GetString());
        var providerItems = await InboxAsync(Client(DemoJurisdiction.PublicSecurity));
        Assert.Equal(itemId, Assert.Single(providerItems).GetProperty("id").GetString());
        await (await Client(DemoJurisdiction.PublicSecurity).PostAsync($"/api/notifications/{escalation.GetProperty("id").GetString()}/read", null))
            .ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Newest_first_and_other_shapes_on_the_queue_are_filed_with_their_details()
    {
        var provider = DemoJurisdiction.PublicSecurity.Code;
        await Deliver(JsonSerializer.Serialize(new { type = "aggregation.feedback.reported", jurisdiction = "350800", department = provider,
            subject = "aggregation/350800/feedback/f1", entryCode = "350800-ABC-0001", dueDate = "2026-12-04", outcome = (string?)null }));
        _app.Time.Advance(TimeSpan.FromMinutes(1));
        await Deliver(JsonSerializer.Serialize(new { type = "catalog.deadline.reminder", jurisdiction = "350800", department = provider,
            subject = "catalog/350800/entries/e1", dueDate = "2026-12-10", rule = "catalog.updateDeadline" }));
        var items = await InboxAsync(Client(DemoJurisdiction.PublicSecurity));
        Assert.Equal(["catalog.deadline.reminder", "aggregation.feedback.reported"], items.Select(i => i.GetProperty("kind").GetString()));
        Assert.Equal("350800-ABC-0001", items[1].GetProperty("data").GetProperty("entryCode").GetString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"jurisdiction":"350800","department":"11350800MB0001003K","subject":"s"}""")]
    [InlineData("""{"type":"x","jurisdiction":"350800","department":"somebody","subject":"s"}""")]
    [InlineData("""{"type":"x","jurisdiction":"12","department":"11350800MB0001003K","subject":"s"}""")]
    [InlineData("""{"type":"x","jurisdiction":"350800","department":"11350800MB0001003K","subject":"s","dueDate":"next week"}""")]
    public async Task A_malformed_message_is_rejected_so_it_ends_in_the_poison_queue(string text)
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => Deliver(text));
        Assert.Empty(await InboxAsync(Client(DemoJurisdiction.PublicSecurity)));
    }

    [Fact]
    public async Task The_inbox_needs_a_token_and_refuses_a_bad_filter()
    {
        using var anonymous = _app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/notifications")).StatusCode);
        var problem = await (await Client(DemoJurisdiction.PublicSecurity).GetAsync("/api/notifications?unread=maybe")).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("unread", problem.GetRawText());
    }

    private const string Secret = "a-secret-the-receiver-shares-with-govdata-0123456789";

    private static string Reminder(string subject) => JsonSerializer.Serialize(new { type = "catalog.deadline.reminder", jurisdiction = "350800",
        department = DemoJurisdiction.PublicSecurity.Code, subject, dueDate = "2026-12-10", rule = "catalog.updateDeadline" });

    [Fact]
    public async Task A_department_with_a_callback_gets_each_notification_posted_once_signed()
    {
        using var receiver = new CallbackReceiver();
        var provider = Client(DemoJurisdiction.PublicSecurity);
        await (await provider.PostAsJsonAsync("/api/sharing/callback", new { url = receiver.Url, secret = Secret })).ShouldBe(HttpStatusCode.OK);

        var text = Reminder("catalog/350800/entries/cb1");
        await Deliver(text);
        await Deliver(text, 2);
        var item = Assert.Single(await InboxAsync(provider));
        Assert.Equal("Delivered", item.GetProperty("delivery").GetString());
        var got = Assert.Single(receiver.Requests);
        Assert.Equal(item.GetProperty("id").GetString(), got.Headers[CallbackSender.NoticeHeader]);
        var t = long.Parse(got.Headers[CallbackSender.SignatureHeader]!.Split(',')[0][2..]);
        Assert.Equal(CallbackSender.Sign(Secret, t, System.Text.Encoding.UTF8.GetBytes(got.Body)), got.Headers[CallbackSender.SignatureHeader]);
        using var body = JsonDocument.Parse(got.Body);
        Assert.Equal("catalog.deadline.reminder", body.RootElement.GetProperty("kind").GetString());
        Assert.Equal("2026-12-10", body.RootElement.GetProperty("dueDate").GetString());

        // Another department without a callback: the inbox is its only channel.
        await Deliver(JsonSerializer.Serialize(new { type = "x.y", jurisdiction = "350800", department = DemoJurisdiction.MarketRegulation.Code, subject = "s/cb1" }));
        Assert.Equal("NoCallback", Assert.Single(await InboxAsync(Client(DemoJurisdiction.MarketRegulation))).GetProperty("delivery").GetString());
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_failing_callback_is_retried_by_redelivery_and_the_inbox_keeps_the_item_when_it_never_answers()
    {
        using var receiver = new CallbackReceiver(n => n == 1 ? 503 : 200);
        var provider = Client(DemoJurisdiction.PublicSecurity);
        await (await provider.PostAsJsonAsync("/api/sharing/callback", new { url = receiver.Url, secret = Secret })).ShouldBe(HttpStatusCode.OK);

        var text = Reminder("catalog/350800/entries/cb2");
        await Assert.ThrowsAsync<HttpRequestException>(() => Deliver(text));
        Assert.Equal("Pending", Assert.Single(await InboxAsync(provider)).GetProperty("delivery").GetString());
        await Deliver(text, 2);
        var item = Assert.Single(await InboxAsync(provider));
        Assert.Equal("Delivered", item.GetProperty("delivery").GetString());
        Assert.Equal([503, 200], item.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("status").GetInt32()));

        using var dead = new CallbackReceiver(_ => 500);
        await (await provider.PostAsJsonAsync("/api/sharing/callback", new { url = dead.Url, secret = Secret })).ShouldBe(HttpStatusCode.OK);
        var other = Reminder("catalog/350800/entries/cb3");
        for (var n = 1; n < 5; n++) await Assert.ThrowsAsync<HttpRequestException>(() => Deliver(other, n));
        await Deliver(other, 5);
        var failed = (await InboxAsync(provider)).Single(i => i.GetProperty("subject").GetString() == "catalog/350800/entries/cb3");
        Assert.Equal("DeliveryFailed", failed.GetProperty("delivery").GetString());
        Assert.Equal(5, dead.Requests.Count);
    }
}
