using System.Runtime.CompilerServices;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Storage;

/// <summary>
/// Builds the only kind of query GovData runs: scoped to one jurisdiction's partition, parameterized, with a
/// WHERE clause that names the partition key. Cosmos serves these from one partition; the local emulator
/// refuses any query whose text does not name the partition key, so every query goes through here.
/// </summary>
public static class PartitionQuery
{
    /// <summary>
    /// Runs <c>SELECT {select} FROM c WHERE c.jurisdiction = @jurisdiction AND ({where})</c> in the partition of
    /// <paramref name="jurisdiction"/>; <paramref name="where"/> may only refer to values through parameters.
    /// </summary>
    public static async IAsyncEnumerable<T> QueryAsync<T>(
        this Container container, string jurisdiction, string where, IReadOnlyDictionary<string, object?>? parameters = null,
        string select = "*", int pageSize = 500, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var text = $"SELECT {select} FROM c WHERE c.jurisdiction = @jurisdiction AND ({where})";
        var query = new QueryDefinition(text).WithParameter("@jurisdiction", jurisdiction);
        foreach (var (name, value) in parameters ?? new Dictionary<string, object?>())
            query = query.WithParameter(name, value);
        var options = new QueryRequestOptions { PartitionKey = new PartitionKey(jurisdiction), MaxItemCount = pageSize };
        using var iterator = container.GetItemQueryIterator<T>(query, requestOptions: options);
        while (iterator.HasMoreResults)
            foreach (var item in await iterator.ReadNextAsync(cancellationToken))
                yield return item;
    }

    /// <summary>Collects a partition query into a list.</summary>
    public static async Task<List<T>> ListAsync<T>(this Container container, string jurisdiction, string where,
        IReadOnlyDictionary<string, object?>? parameters = null, CancellationToken cancellationToken = default)
    {
        var list = new List<T>();
        await foreach (var item in container.QueryAsync<T>(jurisdiction, where, parameters, cancellationToken: cancellationToken))
            list.Add(item);
        return list;
    }
}
