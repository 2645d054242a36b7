using System.Net;
using System.Text.Json.Serialization;
using GovData.Domain.Aggregation;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Aggregation;

/// <summary>A department's request to remove one curated version, and the data authority's decision; in the <c>aggregation</c> container.</summary>
public sealed record RemovalRequestDocument
{
    /// <summary>The request id.</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = VersionRemovalStore.RemovalType;
    /// <summary>The catalog entry.</summary>
    public required string EntryId { get; init; }
    /// <summary>The entry's code.</summary>
    public required string EntryCode { get; init; }
    /// <summary>The version to remove.</summary>
    public required int Version { get; init; }
    /// <summary>The owning department, which asked.</summary>
    public required string Department { get; init; }
    /// <summary>Who asked.</summary>
    public required string RequestedBy { get; init; }
    /// <summary>When.</summary>
    public required DateTimeOffset RequestedAt { get; init; }
    /// <summary>Why the version should go.</summary>
    public required string Reason { get; init; }
    /// <summary>Pending, approved or refused.</summary>
    public VersionRemovalState State { get; init; } = VersionRemovalState.Pending;
    /// <summary>Who decided.</summary>
    public string? DecidedBy { get; init; }
    /// <summary>When.</summary>
    public DateTimeOffset? DecidedAt { get; init; }
    /// <summary>The decision's reason.</summary>
    public string? DecisionReason { get; init; }
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>Version removal requests in the <c>aggregation</c> container.</summary>
public sealed class VersionRemovalStore(Database database)
{
    /// <summary>Removal request documents.</summary>
    public const string RemovalType = "aggregation-version-removal";

    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Aggregation);

    /// <summary>Stores a new request.</summary>
    public async Task<RemovalRequestDocument> CreateAsync(RemovalRequestDocument doc, CancellationToken ct) =>
        (await _container.CreateItemAsync(doc with { ETag = null }, new PartitionKey(doc.Jurisdiction), cancellationToken: ct)).Resource;

    /// <summary>Reads a request, or null.</summary>
    public async Task<RemovalRequestDocument?> FindAsync(string jurisdiction, string id, CancellationToken ct)
    {
        if (!AggregationStore.IsPlausibleId(id)) return null;
        try { return (await _container.ReadItemAsync<RemovalRequestDocument>(id, new PartitionKey(jurisdiction), cancellationToken: ct)).Resource; }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>Replaces a request under its ETag; null when someone else changed it first.</summary>
    public async Task<RemovalRequestDocument?> TryReplaceAsync(RemovalRequestDocument doc, string etag, CancellationToken ct)
    {
        try
        {
            return (await _container.ReplaceItemAsync(doc with { ETag = null }, doc.Id, new PartitionKey(doc.Jurisdiction), new ItemRequestOptions { IfMatchEtag = etag }, ct)).Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed) { return null; }
    }

    /// <summary>Pending requests of the jurisdiction, oldest first, for the data authority.</summary>
    public async Task<List<RemovalRequestDocument>> PendingAsync(string jurisdiction, CancellationToken ct)
    {
        var list = await _container.ListAsync<RemovalRequestDocument>(jurisdiction, "c.type = @t AND c.state = @s",
            new Dictionary<string, object?> { ["@t"] = RemovalType, ["@s"] = nameof(VersionRemovalState.Pending) }, ct);
        return list.OrderBy(r => r.RequestedAt).ToList();
    }
}
