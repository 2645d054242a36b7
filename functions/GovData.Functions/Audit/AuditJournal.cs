using System.Net;
using System.Text.Json.Serialization;
using GovData.Domain.Audit;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Audit;

/// <summary>
/// A group of records made durable in one Cosmos write (group commit) before their operations answer; the writer then
/// chains them into the day files and deletes the document. One logical partition (<see cref="AuditJournal.Partition"/>),
/// holding only the few groups not chained yet.
/// </summary>
public sealed record AuditJournalDocument
{
    /// <summary>The instance that wrote it and its sequence number there.</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }
    /// <summary>Always <see cref="AuditJournal.Partition"/>.</summary>
    [JsonPropertyName("jurisdiction")] public string Jurisdiction { get; init; } = AuditJournal.Partition;
    /// <summary>Always <c>audit-journal</c>.</summary>
    [JsonPropertyName("type")] public string Type { get; init; } = "audit-journal";
    /// <summary>The writing instance.</summary>
    [JsonPropertyName("owner")] public required string Owner { get; init; }
    /// <summary>The records, each in its canonical JSON (exactly what will be hashed).</summary>
    [JsonPropertyName("records")] public required List<string> Records { get; init; }
}

/// <summary>
/// The signed head of one jurisdiction's day (id <c>audit-head:yyyyMMdd</c> in the jurisdiction's partition of the
/// Cosmos <c>audit</c> container, apart from the trail in Blob storage): the latest signed checkpoint. Only moves forward.
/// </summary>
public sealed record AuditHeadDocument
{
    /// <summary><c>audit-head:yyyyMMdd</c>.</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }
    /// <summary>The jurisdiction.</summary>
    [JsonPropertyName("jurisdiction")] public required string Jurisdiction { get; init; }
    /// <summary>Always <c>audit-head</c>.</summary>
    [JsonPropertyName("type")] public string Type { get; init; } = "audit-head";
    /// <summary>The latest signed checkpoint.</summary>
    [JsonPropertyName("checkpoint")] public AuditCheckpoint? Checkpoint { get; init; }
    /// <summary>Its signature.</summary>
    [JsonPropertyName("signature")] public string? Signature { get; init; }
    /// <summary>The Cosmos ETag.</summary>
    [JsonPropertyName("_etag"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ETag { get; init; }

    /// <summary>The signed checkpoint, when there is one.</summary>
    [JsonIgnore] public SignedAuditCheckpoint? Signed => Checkpoint is null || Signature is null ? null : new(Checkpoint, Signature);
}

/// <summary>A position in a day's trail: the segment, the byte offset in it, the records before it and the last hash.</summary>
public sealed record AuditCursor(int Segment, long Offset, long Count, string Hash);

/// <summary>The journal and head documents in the Cosmos <c>audit</c> container.</summary>
public sealed class AuditJournal(Database database)
{
    /// <summary>The logical partition of every journal document.</summary>
    public const string Partition = "~audit-journal";

    private static readonly ItemRequestOptions NoEcho = new() { EnableContentResponseOnWrite = false };
    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Audit);

    /// <summary>Writes a group; throws when Cosmos cannot take it.</summary>
    public Task CreateAsync(AuditJournalDocument doc, CancellationToken ct) =>
        _container.CreateItemAsync(doc, new PartitionKey(Partition), NoEcho, ct);

    /// <summary>Deletes a group that is chained (a missing one is fine).</summary>
    public async Task DeleteAsync(string id, CancellationToken ct)
    {
        using var response = await _container.DeleteItemStreamAsync(id, new PartitionKey(Partition), cancellationToken: ct);
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
            throw new CosmosException($"could not delete audit journal document {id}", response.StatusCode, 0, response.Headers.ActivityId, 0);
    }

    /// <summary>Every group not chained yet (a small partition: groups leave it within moments).</summary>
    public Task<List<AuditJournalDocument>> PendingAsync(CancellationToken ct) =>
        _container.ListAsync<AuditJournalDocument>(Partition, "c.type = 'audit-journal'", cancellationToken: ct);

    /// <summary>The head of a day, or null.</summary>
    public async Task<AuditHeadDocument?> HeadAsync(string jurisdiction, DateOnly day, CancellationToken ct)
    {
        try { return (await _container.ReadItemAsync<AuditHeadDocument>(HeadId(day), new PartitionKey(jurisdiction), cancellationToken: ct)).Resource; }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>Moves a day's signed head forward to <paramref name="checkpoint"/> (never back), under the document's ETag.</summary>
    public async Task AdvanceHeadAsync(string jurisdiction, DateOnly day, SignedAuditCheckpoint checkpoint, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var current = await HeadAsync(jurisdiction, day, ct);
            if (current?.Checkpoint is { } c && c.Count >= checkpoint.Checkpoint.Count) return;
            var next = new AuditHeadDocument { Id = HeadId(day), Jurisdiction = jurisdiction, Checkpoint = checkpoint.Checkpoint, Signature = checkpoint.Signature };
            try
            {
                if (current is null) await _container.CreateItemAsync(next, new PartitionKey(jurisdiction), NoEcho, ct);
                else await _container.ReplaceItemAsync(next with { ETag = null }, next.Id, new PartitionKey(jurisdiction),
                    new ItemRequestOptions { IfMatchEtag = current.ETag, EnableContentResponseOnWrite = false }, ct);
                return;
            }
            catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict) { }
        }
    }

    private static string HeadId(DateOnly day) => $"audit-head:{day:yyyyMMdd}";
}
