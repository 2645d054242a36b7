using System.Net;
using System.Text.Json.Serialization;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Sharing.Callbacks;

/// <summary>A department's callback registration: where change notices are delivered and the secret they are signed with.</summary>
public sealed record CallbackDocument
{
    /// <summary><see cref="CallbackStore.IdOf"/> of the department: one callback per department.</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = CallbackStore.DocumentType;
    /// <summary>The department.</summary>
    public required string Department { get; init; }
    /// <summary>The https URL notices are posted to.</summary>
    public required string Url { get; init; }
    /// <summary>
    /// The HMAC-SHA256 key of the signature header. Kept in the store because signing needs it; it is never returned after
    /// registration (in Azure the Cosmos account is reachable by the app's managed identity only).
    /// </summary>
    public required string Secret { get; init; }
    /// <summary>Who registered it.</summary>
    public required string RegisteredBy { get; init; }
    /// <summary>When.</summary>
    public required DateTimeOffset RegisteredAt { get; init; }
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>Callback registrations in the <c>sharing</c> container (point reads by department).</summary>
public sealed class CallbackStore(Database database)
{
    /// <summary>Callback documents.</summary>
    public const string DocumentType = "callback";

    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Sharing);

    /// <summary>The id of a department's callback.</summary>
    public static string IdOf(string department) => "callback-" + department;

    /// <summary>The department's callback, or null.</summary>
    public async Task<CallbackDocument?> FindAsync(string jurisdiction, string department, CancellationToken ct)
    {
        try
        {
            var doc = (await _container.ReadItemAsync<CallbackDocument>(IdOf(department), new PartitionKey(jurisdiction), cancellationToken: ct)).Resource;
            return doc.Type == DocumentType ? doc : null;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>Registers or replaces the department's callback (the last registration wins; it is the department's own setting).</summary>
    public async Task<CallbackDocument> UpsertAsync(CallbackDocument doc, CancellationToken ct) =>
        (await _container.UpsertItemAsync(doc, new PartitionKey(doc.Jurisdiction), cancellationToken: ct)).Resource;

    /// <summary>Removes the department's callback; false when there was none.</summary>
    public async Task<bool> RemoveAsync(string jurisdiction, string department, CancellationToken ct)
    {
        try
        {
            await _container.DeleteItemAsync<CallbackDocument>(IdOf(department), new PartitionKey(jurisdiction), cancellationToken: ct);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return false; }
    }
}
