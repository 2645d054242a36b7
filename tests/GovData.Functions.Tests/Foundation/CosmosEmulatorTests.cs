using GovData.Functions.Errors;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Tests.Foundation;

/// <summary>The local Cosmos emulator behaves like the service where the app depends on it.</summary>
public sealed class CosmosEmulatorTests
{
    [Fact]
    public async Task Queries_work_in_every_database_whatever_number_the_emulator_gives_it()
    {
        // cosmosdb-server numbers databases with a counter; the 62nd and 63rd of every 64 got resource ids with '+' or '/',
        // and every query in them failed (404 "stale cache") while point reads worked. Every test app has its own database,
        // so the test class whose app drew such a number failed with 500s. 130 databases cover at least two such numbers
        // wherever the shared emulator's counter stands.
        using var client = StorageServiceExtensions.CreateCosmosClient(
            new CosmosOptions { AccountEndpoint = Emulators.Instance.Cosmos, AccountKey = Emulators.CosmosKey, DatabaseName = "unused" }, JsonDefaults.Storage);
        var prefix = "ridprobe-" + Guid.NewGuid().ToString("N")[..8];
        var failures = new List<string>();
        for (var i = 0; i < 130; i++)
        {
            Database database = await client.CreateDatabaseAsync($"{prefix}-{i}");
            try
            {
                Container container = await database.CreateContainerAsync("items", "/pk");
                await container.CreateItemAsync(new { id = "one", pk = "p" }, new PartitionKey("p"));
                try
                {
                    using var query = container.GetItemQueryIterator<dynamic>("SELECT c.id FROM c WHERE c.pk = 'p'",
                        requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey("p") });
                    var page = await query.ReadNextAsync();
                    if (page.Count != 1) failures.Add($"{database.Id}: {page.Count} documents");
                }
                catch (CosmosException e)
                {
                    failures.Add($"{database.Id} ({(await database.ReadAsync()).Resource.SelfLink}): {e.StatusCode}");
                }
            }
            finally
            {
                await database.DeleteAsync();
            }
        }
        Assert.Empty(failures);
    }
}
