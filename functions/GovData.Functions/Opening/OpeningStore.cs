using System.Net;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Opening;

/// <summary>Someone else changed the document between our read and our write.</summary>
public sealed class OpeningChangedException(string id) : Exception($"{id} was changed by someone else at the same time; read it again and retry");

/// <summary>Open datasets, publish requests, download counters, applicants, applications, grants and demands in the <c>opening</c> container.</summary>
public sealed class OpeningStore(Database database)
{
    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Opening);

    /// <summary>Reads a document, or null.</summary>
    public async Task<T?> FindAsync<T>(string jurisdiction, string id, CancellationToken ct) where T : class
    {
        try
        {
            return (await _container.ReadItemAsync<T>(id, new PartitionKey(jurisdiction), cancellationToken: ct)).Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>Creates a document; false when one with the id exists.</summary>
    public async Task<bool> TryCreateAsync<T>(string jurisdiction, T doc, CancellationToken ct)
    {
        try
        {
            await _container.CreateItemAsync(doc, new PartitionKey(jurisdiction), cancellationToken: ct);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict) { return false; }
    }

    /// <summary>Creates or replaces a document unconditionally (registrations, grants: the latest wins by design).</summary>
    public Task UpsertAsync<T>(string jurisdiction, T doc, CancellationToken ct) =>
        _container.UpsertItemAsync(doc, new PartitionKey(jurisdiction), cancellationToken: ct);

    /// <summary>Replaces a document if it still has <paramref name="etag"/>; <see cref="OpeningChangedException"/> when someone else won.</summary>
    public async Task<T> ReplaceAsync<T>(string jurisdiction, string id, T doc, string etag, CancellationToken ct)
    {
        try
        {
            return (await _container.ReplaceItemAsync(doc, id, new PartitionKey(jurisdiction), new ItemRequestOptions { IfMatchEtag = etag }, ct)).Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed) { throw new OpeningChangedException(id); }
    }

    /// <summary>
    /// Reads, changes and writes back under the ETag, retrying when someone else wrote in between, so no update is lost.
    /// <paramref name="change"/> returns null to leave the document as it is.
    /// </summary>
    public async Task<T?> UpdateAsync<T>(string jurisdiction, string id, Func<T, T?> change, Func<T, string?> etagOf, CancellationToken ct, int attempts = 50) where T : class
    {
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var current = await FindAsync<T>(jurisdiction, id, ct);
            if (current is null) return null;
            var next = change(current);
            if (next is null) return current;
            try { return await ReplaceAsync(jurisdiction, id, next, etagOf(current)!, ct); }
            catch (OpeningChangedException) when (attempt < attempts - 1)
            {
                await Task.Delay(Random.Shared.Next(1, 5 + attempt * 4), ct);
            }
        }
        throw new OpeningChangedException(id);
    }

    /// <summary>Documents of one kind matching a filter that names its values through parameters.</summary>
    public Task<List<T>> ListAsync<T>(string jurisdiction, string docType, string? where, Dictionary<string, object?>? parameters, CancellationToken ct)
    {
        var p = parameters is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(parameters);
        p["@docType"] = docType;
        return _container.ListAsync<T>(jurisdiction, "c.type = @docType" + (where is null ? "" : " AND " + where), p, ct);
    }
}
