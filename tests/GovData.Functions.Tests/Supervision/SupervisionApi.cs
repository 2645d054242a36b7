using System.Text.Json;
using Azure.Storage.Queues;
using GovData.Domain.Audit;
using GovData.Domain.Identifiers;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Storage;
using GovData.Functions.Supervision;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Supervision;

/// <summary>Helpers for the supervision tests: fresh departments, events through the queue function, draining the real queue, audit reads.</summary>
internal sealed class SupervisionApi(GovDataApp app)
{
    public const string Jur = "350800";

    /// <summary>A new valid unified social credit code in Longyan, so each test counts for departments of its own.</summary>
    public static string NewDepartment()
    {
        var first17 = "11350800MB" + Random.Shared.Next(2_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
    }

    public static SupervisionEvent Event(string department, string kind, DateTimeOffset at, Dictionary<string, string>? data = null, string? id = null) => new()
    {
        Id = id ?? $"test:{Guid.NewGuid():N}",
        Jurisdiction = Jur,
        Department = department,
        Kind = kind,
        At = at,
        Data = data ?? [],
    };

    /// <summary>Delivers an event to the queue function as the host would (the message text as sent to the queue).</summary>
    public Task<string> Deliver(SupervisionEvent e, int dequeueCount = 1) => DeliverText(JsonSerializer.Serialize(e, JsonDefaults.Storage), dequeueCount);

    // The handler behind the SupervisionEventReceived function, for the line saying whether this delivery counted (the
    // function itself is driven in DrainAsync and by the end-to-end tests).
    public Task<string> DeliverText(string text, int dequeueCount = 1) =>
        app.Services.GetRequiredService<SupervisionEventReceived>().HandleAsync(new QueueDelivery(text, Guid.NewGuid().ToString("N"), dequeueCount), CancellationToken.None);

    /// <summary>
    /// Takes the events about <paramref name="token"/> off the real <c>supervision</c> queue and delivers them to the queue
    /// function; other tests' messages (the queue is shared by the emulator) are left for a second and then show again.
    /// </summary>
    public async Task<int> DrainAsync(string token, int expected)
    {
        var queue = app.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(StorageNames.Queues.Supervision);
        var handled = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (handled < expected && DateTime.UtcNow < deadline)
        {
            var messages = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value;
            foreach (var m in messages)
            {
                var text = m.Body.ToString();
                if (!text.Contains(token, StringComparison.Ordinal)) continue;
                await DeliverText(text, (int)m.DequeueCount);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                handled++;
            }
            if (messages.Length == 0) await Task.Delay(100);
        }
        return handled;
    }

    public async Task<List<AuditRecord>> AuditAsync(string resourcePrefix)
    {
        var list = new List<AuditRecord>();
        var now = app.Time.GetUtcNow();
        await foreach (var r in app.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(Jur, now.AddDays(-1), now.AddDays(1)) { ResourcePrefix = resourcePrefix }, CancellationToken.None))
            list.Add(r);
        return list;
    }
}
