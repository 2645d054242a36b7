using System.Net;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Storage;

/// <summary>Point reads that answer null for a missing document, and the read-change-replace loop under the document's ETag.</summary>
public static class ConcurrentUpdate
{
    /// <summary>Reads a document of the jurisdiction's partition, or null when there is none.</summary>
    public static async Task<T?> ReadOrNullAsync<T>(this Container container, string id, string jurisdiction, CancellationToken ct) where T : class
    {
        try
        {
            return (await container.ReadItemAsync<T>(id, new PartitionKey(jurisdiction), cancellationToken: ct)).Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the document <paramref name="read"/> returns and replaces it if its ETag is still the
    /// one read, rereading and retrying when someone else wrote in between. Null if the document is gone; the current
    /// document when <paramref name="change"/> returns null (nothing to do).
    /// </summary>
    public static async Task<T?> ReplaceWithRetryAsync<T>(this Container container, string jurisdiction, string id, string what,
        Func<CancellationToken, Task<T?>> read, Func<T, string?> etagOf, Func<T, T?> change, CancellationToken ct) where T : class
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await read(ct);
            if (current is null) return null;
            var next = change(current);
            if (next is null) return current;
            try
            {
                return (await container.ReplaceItemAsync(next, id, new PartitionKey(jurisdiction), new ItemRequestOptions { IfMatchEtag = etagOf(current) }, ct)).Resource;
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed) { }
        }
        throw new InvalidOperationException($"{what} {id} kept changing; try again");
    }
}
