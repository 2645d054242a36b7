using System.Net;
using System.Text.Json.Serialization;
using GovData.Functions.Sharing.ChangeNotices;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Notifications;

/// <summary>One notification in a department's inbox: a deadline reminder, overdue notice, escalation or feedback event.</summary>
public sealed record NotificationDocument
{
    /// <summary><see cref="NotificationMessage.IdOf"/> of the message, so a redelivery maps to the same document.</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind (the message's own type is <see cref="Kind"/>).</summary>
    public string Type { get; init; } = NotificationStore.DocumentType;
    /// <summary>What happened, e.g. <c>sharing.deadline.reminder</c>.</summary>
    public required string Kind { get; init; }
    /// <summary>The department whose inbox it is (unified social credit code).</summary>
    public required string Department { get; init; }
    /// <summary>The addressee as the sender named it (a code, or a role such as CoordinationOffice).</summary>
    public required string Addressee { get; init; }
    /// <summary>The resource concerned, e.g. <c>sharing/350800/requests/{id}</c>.</summary>
    public required string Subject { get; init; }
    /// <summary>The due date the notification is about, if any.</summary>
    public DateOnly? DueDate { get; init; }
    /// <summary>True when the due date lies in a year whose holiday arrangement was not loaded when the notification arrived; null without a due date.</summary>
    public bool? DueDateProvisional { get; init; }
    /// <summary>The rule applied, as cited.</summary>
    public string? Rule { get; init; }
    /// <summary>Other scalar fields of the message (entry code, outcome).</summary>
    public Dictionary<string, string> Data { get; init; } = [];
    /// <summary>When the message was received into the inbox.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }
    /// <summary>When the department marked it read.</summary>
    public DateTimeOffset? ReadAt { get; init; }
    /// <summary>Delivery to the department's callback URL (NoCallback when it has none: the inbox is the only channel).</summary>
    public DeliveryState Delivery { get; init; }
    /// <summary>The callback attempts so far.</summary>
    public IReadOnlyList<DeliveryAttempt> Attempts { get; init; } = [];
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>Inbox notifications in the <c>sharing</c> container (partitioned by jurisdiction): created once per id, updated under ETags.</summary>
public sealed class NotificationStore(Database database)
{
    /// <summary>Notification documents.</summary>
    public const string DocumentType = "notification";

    /// <summary>The most a list returns; an inbox older than that is not read item by item.</summary>
    public const int MaxList = 500;

    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Sharing);

    /// <summary>Reads a notification, or null (also for ids that cannot be notification ids).</summary>
    public async Task<NotificationDocument?> FindAsync(string jurisdiction, string id, CancellationToken ct)
    {
        if (!NotificationMessage.IsId(id)) return null;
        var doc = await _container.ReadOrNullAsync<NotificationDocument>(id, jurisdiction, ct);
        return doc?.Type == DocumentType ? doc : null;
    }

    /// <summary>Creates the notification unless it exists (create-only: a redelivery changes nothing); true if this call created it.</summary>
    public async Task<bool> TryCreateAsync(NotificationDocument doc, CancellationToken ct)
    {
        try
        {
            await _container.CreateItemAsync(doc, new PartitionKey(doc.Jurisdiction), cancellationToken: ct);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict) { return false; }
    }

    /// <summary>Applies <paramref name="change"/> under the ETag, rereading and retrying when someone else wrote in between; null if it is gone.</summary>
    public Task<NotificationDocument?> UpdateAsync(string jurisdiction, string id, Func<NotificationDocument, NotificationDocument?> change, CancellationToken ct)
        => _container.ReplaceWithRetryAsync(jurisdiction, id, "notification", c => FindAsync(jurisdiction, id, c), d => d.ETag,
            d => change(d) is { } next ? next with { ETag = null } : null, ct);

    /// <summary>A department's notifications, newest first, at most <see cref="MaxList"/>.</summary>
    public async Task<List<NotificationDocument>> OfDepartmentAsync(string jurisdiction, string department, bool unreadOnly, CancellationToken ct)
    {
        var where = "c.type = @t AND c.department = @d" + (unreadOnly ? " AND (NOT IS_DEFINED(c.readAt) OR IS_NULL(c.readAt))" : "");
        var docs = await _container.ListAsync<NotificationDocument>(jurisdiction, where,
            new Dictionary<string, object?> { ["@t"] = DocumentType, ["@d"] = department }, ct);
        return docs.OrderByDescending(d => d.ReceivedAt).ThenBy(d => d.Id, StringComparer.Ordinal).Take(MaxList).ToList();
    }
}
