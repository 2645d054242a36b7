using System.Net;
using System.Text.Json.Serialization;
using GovData.Domain.Sharing.ChangeNotices;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Sharing.ChangeNotices;

/// <summary>Where a notice's callback delivery stands.</summary>
public enum DeliveryState
{
    /// <summary>The department has no callback URL: the inbox is the only channel.</summary>
    NoCallback,
    /// <summary>Waiting for its next attempt.</summary>
    Pending,
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,
    /// <summary>Every attempt failed; the notice stays in the inbox.</summary>
    DeliveryFailed,
}

/// <summary>One delivery attempt: when, to where, the answer, and the wait before the next one.</summary>
public sealed record DeliveryAttempt(int Attempt, DateTimeOffset At, string Url, int? Status, string? Error, TimeSpan? NextDelay);

/// <summary>One change notice to one department holding an active grant on the entry: its inbox item and its delivery.</summary>
public sealed record ChangeNoticeDocument
{
    /// <summary><see cref="ChangeNoticeRules.NoticeId"/> of the change and holder.</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = ChangeNoticeStore.DocumentType;
    /// <summary>The change (entry and version, or entry, kind and the provider's key).</summary>
    public required string ChangeId { get; init; }
    /// <summary>What changed.</summary>
    public required ChangeKind Kind { get; init; }
    /// <summary>The department notified (the grant holder).</summary>
    public required string Holder { get; init; }
    /// <summary>The providing department.</summary>
    public required string Provider { get; init; }
    /// <summary>The entry.</summary>
    public required string EntryId { get; init; }
    /// <summary>The entry's code.</summary>
    public required string EntryCode { get; init; }
    /// <summary>The grant (request id) that makes the holder a consumer.</summary>
    public required string GrantId { get; init; }
    /// <summary>The new curated version, for <see cref="ChangeKind.NewVersion"/>.</summary>
    public int? Version { get; init; }
    /// <summary>When the change happened (acceptance of the version, or the declared time); for a service change, when it was announced.</summary>
    public required DateTimeOffset ChangedAt { get; init; }
    /// <summary>The date a service change takes effect.</summary>
    public DateOnly? EffectiveDate { get; init; }
    /// <summary>The provider's description.</summary>
    public string? Description { get; init; }
    /// <summary>When the notice was created (sent to the inbox).</summary>
    public required DateTimeOffset NoticeAt { get; init; }
    /// <summary>Whether the notice beat the rule set's deadline (null where no deadline applies).</summary>
    public bool? OnTime { get; init; }
    /// <summary>The rule applied, as cited.</summary>
    public string? Rule { get; init; }
    /// <summary>When the holder read it.</summary>
    public DateTimeOffset? ReadAt { get; init; }
    /// <summary>The callback delivery state.</summary>
    public DeliveryState Delivery { get; init; }
    /// <summary>The attempts so far.</summary>
    public IReadOnlyList<DeliveryAttempt> Attempts { get; init; } = [];
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>Change notices in the <c>sharing</c> container: created once per id, updated under ETags.</summary>
public sealed class ChangeNoticeStore(Database database)
{
    /// <summary>Notice documents.</summary>
    public const string DocumentType = "change-notice";

    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Sharing);

    /// <summary>Reads a notice, or null (also for ids that cannot be notice ids).</summary>
    public async Task<ChangeNoticeDocument?> FindAsync(string jurisdiction, string id, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) return null;
        var doc = await _container.ReadOrNullAsync<ChangeNoticeDocument>(id, jurisdiction, ct);
        return doc?.Type == DocumentType ? doc : null;
    }

    /// <summary>Creates the notice unless it exists; returns the stored one and whether this call created it.</summary>
    public async Task<(ChangeNoticeDocument Notice, bool Created)> TryCreateAsync(ChangeNoticeDocument doc, CancellationToken ct)
    {
        try
        {
            return ((await _container.CreateItemAsync(doc, new PartitionKey(doc.Jurisdiction), cancellationToken: ct)).Resource, true);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return ((await FindAsync(doc.Jurisdiction, doc.Id, ct))!, false);
        }
    }

    /// <summary>Applies <paramref name="change"/> under the ETag, rereading and retrying when someone else wrote in between; null if it is gone.</summary>
    public Task<ChangeNoticeDocument?> UpdateAsync(string jurisdiction, string id, Func<ChangeNoticeDocument, ChangeNoticeDocument?> change, CancellationToken ct)
        => _container.ReplaceWithRetryAsync(jurisdiction, id, "change notice", c => FindAsync(jurisdiction, id, c), d => d.ETag,
            d => change(d) is { } next ? next with { ETag = null } : null, ct);

    /// <summary>A department's notices, newest first.</summary>
    public async Task<List<ChangeNoticeDocument>> OfHolderAsync(string jurisdiction, string holder, CancellationToken ct)
    {
        var docs = await _container.ListAsync<ChangeNoticeDocument>(jurisdiction, "c.type = @t AND c.holder = @h",
            new Dictionary<string, object?> { ["@t"] = DocumentType, ["@h"] = holder }, ct);
        return docs.OrderByDescending(d => d.NoticeAt).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The notices of one change (every holder).</summary>
    public Task<List<ChangeNoticeDocument>> OfChangeAsync(string jurisdiction, string changeId, CancellationToken ct) =>
        _container.ListAsync<ChangeNoticeDocument>(jurisdiction, "c.type = @t AND c.changeId = @c",
            new Dictionary<string, object?> { ["@t"] = DocumentType, ["@c"] = changeId }, ct);
}
