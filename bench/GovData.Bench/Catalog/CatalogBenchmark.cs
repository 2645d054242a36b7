using System.Diagnostics;
using System.Globalization;
using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Domain.RuleSets;
using GovData.Functions.Catalog;
using GovData.Functions.Errors;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Bench.Catalog;

/// <summary>
/// Keyword search over 10,000 published entries of one jurisdiction and the import of a 5,000-row .xlsx, against the
/// local Cosmos emulator, calling the catalog's store and search index directly (no HTTP, no audit): the figures are the
/// change-log read plus the in-memory filter and paging that every search request pays, and the one-off index load.
/// </summary>
public sealed class CatalogBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "catalog";

    /// <inheritdoc />
    public string Description => "catalog keyword search p50/p99 and req/s over N entries, and a 5,000-row xlsx import (--cosmos URL [--entries 10000] [--rows 5000] [--queries 200])";

    private static readonly string[] Words = ["人口", "户籍", "企业", "登记", "社保", "医保", "公积金", "不动产", "车辆", "驾驶证", "学籍", "婚姻", "税务", "环境", "气象", "交通"];

    /// <inheritdoc />
    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string Arg(string name, string fallback) => BenchArgs.Get(args, name, fallback);
        var cosmos = new Uri(Arg("--cosmos", Environment.GetEnvironmentVariable("GOVDATA_COSMOS") ?? "https://127.0.0.1:8081/"));
        var entries = int.Parse(Arg("--entries", "10000"), CultureInfo.InvariantCulture);
        var rows = int.Parse(Arg("--rows", "5000"), CultureInfo.InvariantCulture);
        var queries = int.Parse(Arg("--queries", "200"), CultureInfo.InvariantCulture);

        using var client = BenchArgs.EmulatorCosmosClient(cosmos);
        var database = (await client.CreateDatabaseIfNotExistsAsync("bench-catalog-" + Guid.NewGuid().ToString("N")[..8], cancellationToken: cancellationToken)).Database;
        await database.CreateContainerIfNotExistsAsync(StorageNames.Cosmos.Catalog, StorageNames.Cosmos.PartitionKeyPath, cancellationToken: cancellationToken);
        var store = new CatalogStore(database);
        const string jur = "350800";
        var steward = new Caller("bench-steward", "11350800MB0001003K", jur, new HashSet<Role> { Role.DataSteward });
        var reviewer = new Caller("bench-reviewer", "11350800MB0001003K", jur, new HashSet<Role> { Role.CatalogReviewer });
        var random = new Random(20261124);
        var now = DateTimeOffset.UtcNow;

        // Seed: published entries, written in parallel (the seeding time is not a figure).
        var seed = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, entries), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var content = Content($"350800-BN-{i:D6}", i, new Random(i));
            var e = CatalogWorkflow.Create($"bench{i:D6}", steward, content, now).Entry!;
            e = CatalogWorkflow.Submit(e, steward, CatalogReviewRoute.DepartmentOnly, "bench", now).Entry!;
            e = CatalogWorkflow.Review(e, reviewer, true, null, now).Entry!;
            await store.ReserveAsync(jur, e.Code, e.Id, ct);
            await store.CreateReservedAsync(e, ct);
        });
        Console.WriteLine($"seeded {entries:N0} published entries in {seed.Elapsed.TotalSeconds:F1} s");

        var index = new CatalogSearchIndex(store, TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new CatalogSearchOptions()));
        async Task<int> Search(string keyword, CancellationToken ct) =>
            (await index.SearchAsync(jur, new CatalogSearch(null, null, null, null, keyword, null, false), 20, ct)).Items.Count;
        var cold = Stopwatch.StartNew();
        await Search(Words[0], cancellationToken);
        Console.WriteLine($"first search (loads the index of {entries:N0} listings with one partition query): {cold.Elapsed.TotalMilliseconds:F0} ms");
        for (var i = 1; i < 5; i++) await Search(Words[i], cancellationToken);

        var latencies = new List<double>();
        for (var i = 0; i < queries; i++)
        {
            var keyword = Words[random.Next(Words.Length)] + (i % 2 == 0 ? "" : random.Next(10).ToString(CultureInfo.InvariantCulture));
            var sw = Stopwatch.StartNew();
            await Search(keyword, cancellationToken);
            latencies.Add(sw.Elapsed.TotalMilliseconds);
        }
        latencies.Sort();
        Console.WriteLine($"keyword search over {entries:N0} entries, {queries} sequential queries: p50 {latencies[latencies.Count / 2]:F1} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:F1} ms");

        var concurrent = Stopwatch.StartNew();
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, queries), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            await Search(Words[i % Words.Length], ct);
            Interlocked.Increment(ref done);
        });
        Console.WriteLine($"keyword search, 8 concurrent clients: {done / concurrent.Elapsed.TotalSeconds:F1} requests/s");

        // A publication elsewhere: the next search re-reads just that entry (change log + one point read).
        var changed = CatalogWorkflow.NewVersion((await store.FindAsync(jur, "bench000007", cancellationToken))!.Entry, steward, "bench", now).Entry!;
        var before = (await store.FindAsync(jur, "bench000007", cancellationToken))!;
        changed = CatalogWorkflow.Submit(changed, steward, CatalogReviewRoute.DepartmentOnly, "bench", now).Entry!;
        changed = CatalogWorkflow.Review(changed, reviewer, true, null, now).Entry!;
        await store.ReplaceAsync(before.Entry, changed, before.ETag!, cancellationToken);
        var afterChange = Stopwatch.StartNew();
        await Search(Words[1], cancellationToken);
        Console.WriteLine($"first search after a publication (incremental refresh): {afterChange.Elapsed.TotalMilliseconds:F1} ms; full loads {index.Counters.FullLoads}, refreshes {index.Counters.Refreshes}");

        // Import: the same steps as CatalogFiles.ImportAsync (read, check every row, reserve codes, create drafts).
        var sheet = CatalogSheet.ToXlsx(CatalogSheet.Columns,
            Enumerable.Range(0, rows).Select(i => CatalogSheet.Row(Content($"350800-IM-{i:D6}", i, new Random(-i)))), withHelp: false);
        var import = Stopwatch.StartNew();
        var table = CatalogSheet.Read(sheet);
        CatalogSheet.CheckHeader(table.Header);
        var parsed = table.Rows.Select(r => CatalogSheet.Parse(table.Header, r.Row, r.Cells)).ToList();
        if (parsed.Any(p => p.Errors.Count > 0)) throw new InvalidOperationException("bench rows must be valid: " + parsed.First(p => p.Errors.Count > 0).Errors[0]);
        var parseTime = import.Elapsed;
        var existing = await store.ReservedAmongAsync(jur, parsed.Select(p => p.Content!.Code).ToList(), cancellationToken);
        var checkedAt = import.Elapsed;
        var drafts = parsed.Select((p, i) => CatalogWorkflow.Create($"imp{i:D6}", steward, p.Content!, now).Entry!).Where(e => !existing.Contains(e.Code)).ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(drafts, options, async (e, ct) => await store.ReserveAsync(jur, e.Code, e.Id, ct));
        await Parallel.ForEachAsync(drafts, options, async (e, ct) => await store.CreateReservedAsync(e, ct));
        var all = await index.AllItemsAsync(jur, cancellationToken);
        var warnings = drafts.Sum(e => DuplicateCheck.Find(e.Id, e.Department, DuplicateCheck.KeyOf(e.Working!.Content.DataItems), all).Count);
        Console.WriteLine($"import of a {rows:N0}-row xlsx ({sheet.Length / 1024:N0} KiB): {import.Elapsed.TotalSeconds:F1} s total (read + check rows {parseTime.TotalSeconds:F1} s, codes in use {(checkedAt - parseTime).TotalSeconds:F1} s, reserve + store + duplicate check {(import.Elapsed - checkedAt).TotalSeconds:F1} s; {warnings} warnings)");

        await database.DeleteAsync(cancellationToken: cancellationToken);
    }

    private static CatalogContent Content(string code, int i, Random r)
    {
        var topic = Words[r.Next(Words.Length)];
        var items = Enumerable.Range(0, 3 + r.Next(6)).Select(n => new DataItem { Name = $"{Words[r.Next(Words.Length)]}字段{n}", Type = DataItemType.String }).DistinctBy(x => x.Name).ToArray();
        return new CatalogContent
        {
            Code = code,
            Name = $"{topic}{i % 10}信息{i}",
            Summary = $"{topic}相关的政务数据资源，第{i}号",
            DataItems = items,
            Format = "数据库",
            SharingType = SharingType.Unconditional,
            SharingMethods = [SharingMethod.Api],
            OpenType = i % 3 == 0 ? OpenType.NotOpen : OpenType.Unconditional,
            UpdateCycle = (UpdateCycle)(i % 8),
        };
    }
}
