using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using GovData.Bench.Audit;

namespace GovData.Bench.Storage;

/// <summary>
/// What one partition's query costs on the project's Azurite as its table grows: the shape of the Durable Task
/// Framework's history read (`PartitionKey eq '&lt;instance&gt;'`, ~10 rows per instance) and, for comparison, a point read.
/// Run once as is and once with AZURITE_AS_PUBLISHED=1 (Azurite without tools/emulators/azurite-at-scale.cjs).
/// </summary>
public sealed class AzuritePartitionQueryBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "azurite-partitions";

    /// <inheritdoc />
    public string Description => "a one-partition table query and a point read on Azurite at growing table sizes (--rows 10000,100000,1000000 [--per-partition 10] [--queries 200] [--emulators FILE])";

    /// <inheritdoc />
    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var sizes = BenchArgs.Get(args, "--rows", "10000,100000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var perPartition = BenchArgs.GetInt(args, "--per-partition", "10");
        var queries = BenchArgs.GetInt(args, "--queries", "200");
        await using var emulators = await BenchEmulators.StartOrReadAsync(BenchArgs.Get(args, "--emulators", ""), cancellationToken);
        var table = new TableClient(emulators.Table, "BenchHistory", new TableSharedKeyCredential("devstoreaccount1", BenchEmulators.StorageKey));
        await table.CreateIfNotExistsAsync(cancellationToken);
        Console.WriteLine($"Azurite {(Environment.GetEnvironmentVariable("AZURITE_AS_PUBLISHED") is { Length: > 0 } ? "as published (every query scans the table)" : "with tools/emulators/azurite-at-scale.cjs (partition queries narrowed by its PartitionKey index)")}");

        var rows = 0;
        var random = new Random(1);
        foreach (var size in sizes)
        {
            var sw = Stopwatch.StartNew();
            var partitions = Enumerable.Range(rows / perPartition, (size - rows) / perPartition).ToArray();
            await Parallel.ForEachAsync(partitions, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (p, ct) =>
            {
                var batch = Enumerable.Range(0, perPartition).Select(r => new TableTransactionAction(TableTransactionActionType.Add,
                    new TableEntity(Key(p), r.ToString("D4", CultureInfo.InvariantCulture)) { ["EventType"] = "TimerCreated", ["Payload"] = new string('x', 200) })).ToList();
                await table.SubmitTransactionAsync(batch, ct);
            });
            rows = size;
            var seeded = sw.Elapsed;

            var query = new List<double>(queries);
            var point = new List<double>(queries);
            for (var i = 0; i < queries; i++)
            {
                var p = random.Next(rows / perPartition);
                sw.Restart();
                var n = 0;
                await foreach (var _ in table.QueryAsync<TableEntity>($"PartitionKey eq '{Key(p)}'", cancellationToken: cancellationToken)) n++;
                query.Add(sw.Elapsed.TotalMilliseconds);
                if (n != perPartition) throw new InvalidOperationException($"partition {Key(p)}: {n} rows, {perPartition} expected");
                sw.Restart();
                await table.GetEntityAsync<TableEntity>(Key(p), "0000", cancellationToken: cancellationToken);
                point.Add(sw.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rows,9:N0} rows: partition query p50 {Pct(query, 0.5),7:0.00} ms p99 {Pct(query, 0.99),7:0.00} ms; point read p50 {Pct(point, 0.5),6:0.00} ms p99 {Pct(point, 0.99),6:0.00} ms (seeded in {seeded.TotalSeconds:0.0} s)"));
        }
    }

    private static string Key(int p) => $"deadline:350800:share:{p:D8}:decision";

    private static double Pct(List<double> xs, double q) => Percentile.OfSorted(xs.Order().ToArray(), q);
}
