using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using GovData.Domain.Identifiers;
using GovData.Domain.Jurisdictions;
using GovData.Domain.Supervision;
using GovData.Functions.Errors;
using GovData.Functions.Reference;
using GovData.Functions.Storage;
using GovData.Functions.Supervision;
using Microsoft.Extensions.Time.Testing;

namespace GovData.Bench.Supervision;

/// <summary>
/// Scorecards at the scale of issue 8 on the local emulators: D departments, E catalog entries published and R share
/// requests received and answered over one year, as supervision events applied by the queue function's core
/// (<see cref="ScorecardStore.ApplyAsync"/>: read of the department's month document and of the event's applied-marker, the previous event's marker, ETag replace);
/// then the yearly evaluation report (ranking, two SVG charts, HTML, CSV, Excel, five blob uploads), and scorecard reads.
/// The queue itself is left out (Azurite sends ~500-700 messages/s, see ARCHITECTURE.md): this measures the consumer.
/// </summary>
public sealed class SupervisionBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "supervision";

    /// <inheritdoc />
    public string Description => "scorecards from events, yearly report, scorecard read (--cosmos URL --blob URL [--departments 100] [--entries 10000] [--requests 50000] [--parallel 16])";

    /// <inheritdoc />
    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string Arg(string name, string fallback) => BenchArgs.Get(args, name, fallback);
        int Int(string name, string fallback) => int.Parse(Arg(name, fallback), CultureInfo.InvariantCulture);
        var cosmos = new Uri(Arg("--cosmos", Environment.GetEnvironmentVariable("GOVDATA_COSMOS") ?? "https://127.0.0.1:8081/"));
        var blob = Arg("--blob", Environment.GetEnvironmentVariable("GOVDATA_BLOB") ?? "http://127.0.0.1:10000/devstoreaccount1");
        var departments = Int("--departments", "100");
        var entries = Int("--entries", "10000");
        var requests = Int("--requests", "50000");
        var parallel = Int("--parallel", "16");
        const string jur = "350800";

        using var client = BenchArgs.EmulatorCosmosClient(cosmos);
        var database = (await client.CreateDatabaseIfNotExistsAsync("bench-supervision-" + Guid.NewGuid().ToString("N")[..8], cancellationToken: cancellationToken)).Database;
        await database.CreateContainerIfNotExistsAsync(StorageNames.Cosmos.Supervision, StorageNames.Cosmos.PartitionKeyPath, cancellationToken: cancellationToken);
        await database.CreateContainerIfNotExistsAsync(StorageNames.Cosmos.SupervisionApplied, StorageNames.Cosmos.PartitionKeyPath, cancellationToken: cancellationToken);
        await database.CreateContainerIfNotExistsAsync(StorageNames.Cosmos.Reference, StorageNames.Cosmos.PartitionKeyPath, cancellationToken: cancellationToken);
        var blobs = new BlobServiceClient($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint={blob.TrimEnd('/')};");
        await blobs.GetBlobContainerClient(StorageNames.Blobs.Reports).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 1, 1, 10, 0, 0, TimeSpan.FromHours(8)));
        var store = new ScorecardStore(database, time);
        var reference = new ReferenceStore(database);
        var reports = new EvaluationReports(store, new CatalogBaselineStore(database), reference, blobs, database, time);

        var codes = Enumerable.Range(0, departments).Select(i =>
        {
            var first17 = "11350800MB" + (1_000_100 + i).ToString(CultureInfo.InvariantCulture);
            return first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
        }).ToArray();
        foreach (var code in codes) await reference.UpsertAsync(new Department(code, "部门" + code[^5..], jur, UnitKind.Department), cancellationToken);

        // A year of facts, spread over the working hours of 2026; a fixed seed so runs compare.
        var random = new Random(20261124);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
        DateTimeOffset Moment() => start.AddMinutes(random.Next(0, 365 * 24 * 60));
        var events = new List<SupervisionEvent>(entries + 2 * requests);
        for (var i = 0; i < entries; i++)
            events.Add(new SupervisionEvent
            {
                Id = $"catalog-entry:{i}:v1:published", Jurisdiction = jur, Department = codes[i % departments], Kind = SupervisionEventKinds.CatalogEntryPublished,
                At = Moment(), Data = new() { ["onTime"] = (random.Next(10) > 0).ToString(), ["firstPublication"] = "true" },
            });
        for (var i = 0; i < requests; i++)
        {
            var dept = codes[random.Next(departments)];
            var received = Moment();
            var days = Math.Min(12, (int)Math.Round(-Math.Log(1 - random.NextDouble()) * 2.5));
            events.Add(new SupervisionEvent { Id = $"share-request:{i}:received", Jurisdiction = jur, Department = dept, Kind = SupervisionEventKinds.ShareRequestReceived, At = received });
            events.Add(new SupervisionEvent
            {
                Id = $"share-request:{i}:answered", Jurisdiction = jur, Department = dept, Kind = SupervisionEventKinds.ShareRequestAnswered, At = received.AddDays(days * 7 / 5.0),
                Data = new() { ["outcome"] = random.Next(5) == 0 ? "Refused" : "Approved", ["onTime"] = (days <= 5).ToString(), ["workingDays"] = days.ToString(CultureInfo.InvariantCulture) },
            });
        }
        // Queue order is close to time order; shuffle lightly so departments interleave as they would.
        events.Sort((a, b) => a.At.CompareTo(b.At));

        Console.WriteLine($"{departments} departments, {entries:N0} catalog entries, {requests:N0} share requests: {events.Count:N0} events; {parallel} in flight");
        var apply = Stopwatch.StartNew();
        var counted = 0;
        var progress = Stopwatch.StartNew();
        await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (e, ct) =>
        {
            if (await store.ApplyAsync(e, ct)) Interlocked.Increment(ref counted);
            if (progress.Elapsed > TimeSpan.FromSeconds(30)) { lock (progress) { if (progress.Elapsed > TimeSpan.FromSeconds(30)) { Console.WriteLine($"  ... {counted:N0} applied, {counted / apply.Elapsed.TotalSeconds:F0}/s"); progress.Restart(); } } }
        });
        apply.Stop();
        Console.WriteLine($"applied {counted:N0} events in {apply.Elapsed.TotalSeconds:F1} s ({counted / apply.Elapsed.TotalSeconds:F0} events/s)");

        var again = Stopwatch.StartNew();
        var recounted = 0;
        await Parallel.ForEachAsync(events.Take(2000), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (e, ct) =>
        {
            if (await store.ApplyAsync(e, ct)) Interlocked.Increment(ref recounted);
        });
        Console.WriteLine($"redelivered 2,000 of them: {recounted} counted again (must be 0), {again.Elapsed.TotalMilliseconds / 2000:F2} ms each");

        var year = new ScorecardPeriod(PeriodKind.Year, 2026, 1);
        for (var round = 1; round <= 3; round++)
        {
            var report = Stopwatch.StartNew();
            var doc = await reports.GenerateAsync(jur, year, "bench", cancellationToken);
            Console.WriteLine($"yearly report round {round}: {doc.Departments} departments ranked, 5 files stored, in {report.Elapsed.TotalMilliseconds:F0} ms");
        }

        var reads = new List<double>();
        foreach (var period in new[] { year, new ScorecardPeriod(PeriodKind.Quarter, 2026, 2), new ScorecardPeriod(PeriodKind.Month, 2026, 11) })
        {
            for (var i = 0; i < 200; i++)
            {
                var read = Stopwatch.StartNew();
                var card = await store.ReadAsync(jur, codes[i % departments], period, cancellationToken);
                _ = EvaluationScore.Score(card);
                _ = await store.OpenFindingsAsync(jur, codes[i % departments], cancellationToken);
                reads.Add(read.Elapsed.TotalMilliseconds);
            }
        }
        reads.Sort();
        Console.WriteLine($"scorecard read (1/3/12 month point reads + standing + score), {reads.Count} reads: p50 {reads[reads.Count / 2]:F1} ms, p99 {reads[reads.Count * 99 / 100]:F1} ms");
        var sample = await store.ReadAsync(jur, codes[0], year, cancellationToken);
        Console.WriteLine($"department {codes[0]} in 2026: {sample.CatalogPublished} published, {sample.ShareRequestsReceived} received, {sample.ShareRequestsAnswered} answered, on time {sample.ShareOnTimeRate:P1}, median {sample.MedianAnswerWorkingDays} working days, score {EvaluationScore.Score(sample)}");
        await client.GetDatabase(database.Id).DeleteAsync(cancellationToken: cancellationToken);
    }
}
