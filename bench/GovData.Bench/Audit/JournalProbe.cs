using System.Diagnostics;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Bench.Audit;

/// <summary>
/// Raw latency of the Cosmos calls behind the audit journal on the local cosmosdb-server, one at a time: a point read (what
/// the bare endpoint does), a create of a journal-sized document, an upsert over an existing one, and a delete.
/// </summary>
public sealed class JournalProbe : IBenchmark
{
    public string Name => "audit-journal";
    public string Description => "raw cosmosdb-server latency, one call at a time: point read, journal create, upsert, delete ([--calls 3000] [--emulators FILE])";

    public async Task RunAsync(string[] args, CancellationToken ct)
    {
        var calls = BenchArgs.GetInt(args, "--calls", "3000");
        await using var emulators = await BenchEmulators.StartOrReadAsync(BenchArgs.Get(args, "--emulators", ""), ct);
        using var client = StorageServiceExtensions.CreateCosmosClient(new CosmosOptions { AccountEndpoint = emulators.Cosmos, AccountKey = BenchArgs.EmulatorCosmosKey }, JsonDefaults.Storage);
        var db = (await client.CreateDatabaseIfNotExistsAsync("probe-" + Guid.NewGuid().ToString("N")[..8], cancellationToken: ct)).Database;
        var container = (await db.CreateContainerIfNotExistsAsync(new ContainerProperties(StorageNames.Cosmos.Audit, StorageNames.Cosmos.PartitionKeyPath), cancellationToken: ct)).Container;
        // The app's own journal calls and document, one record of a typical size per group (a lone request's group).
        var journal = new AuditJournal(db);
        var pk = new PartitionKey(AuditJournal.Partition);
        var record = new string('x', 600);
        AuditJournalDocument Make(string id) => new() { Id = id, Owner = "probe", Records = [record] };
        await journal.CreateAsync(Make("read-me"), ct);
        for (var i = 0; i < 200; i++) { using var _ = await container.ReadItemStreamAsync("read-me", pk, cancellationToken: ct); }

        // Interleaved, so warm-up and background noise fall on every kind of call alike.
        var kinds = new (string Name, Func<int, Task> Call)[]
        {
            ("point read", async _ => { using var r = await container.ReadItemStreamAsync("read-me", pk, cancellationToken: ct); }),
            ("create (journal)", i => journal.CreateAsync(Make($"c{i}"), ct)),
            ("upsert over existing", i => container.UpsertItemAsync(Make($"c{i}"), pk, new ItemRequestOptions { EnableContentResponseOnWrite = false }, ct)),
            ("delete", i => journal.DeleteAsync($"c{i}", ct)),
        };
        for (var round = 1; round <= 2; round++)
        {
            var times = kinds.Select(_ => new double[calls]).ToArray();
            for (var i = 0; i < calls; i++)
                for (var k = 0; k < kinds.Length; k++)
                {
                    var sw = Stopwatch.StartNew();
                    await kinds[k].Call(round * calls + i);
                    times[k][i] = sw.Elapsed.TotalMilliseconds;
                }
            Console.WriteLine($"-- round {round} ({calls} of each, interleaved)");
            for (var k = 0; k < kinds.Length; k++)
            {
                Array.Sort(times[k]);
                Console.WriteLine($"{kinds[k].Name,-22} p50 {Percentile.OfSorted(times[k], 0.5),6:F3} ms  p90 {Percentile.OfSorted(times[k], 0.9),6:F3} ms  p99 {Percentile.OfSorted(times[k], 0.99),6:F3} ms");
            }
        }
        await db.DeleteAsync(cancellationToken: ct);
    }
}
