using System.Diagnostics;
using System.Globalization;
using GovData.Domain.Calendar;
using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Domain.RuleSets;
using GovData.Domain.Sharing;
using GovData.Functions.Errors;
using GovData.Functions.Sharing;
using GovData.Functions.Storage;
using GovData.Functions.Workflow;
using Microsoft.Extensions.Time.Testing;

namespace GovData.Bench.Sharing;

/// <summary>
/// Share request lifecycles on the local Cosmos emulator through the sharing feature's own classes (domain workflow and
/// ShareStore; no HTTP, no audit, no queues, no deadline orchestrations): file, provider approves, DataAuthority approves,
/// requester accepts, as Longyan's route runs them; then the access check a data call pays.
/// </summary>
public sealed class SharingBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "sharing";

    /// <inheritdoc />
    public string Description => "share request lifecycles/s through the stores (file, decide x2, accept), access check p50/p99 (--cosmos URL [--lifecycles 200] [--parallel 8] [--blob URL [--query-rows 100000]] for the data query)";

    private const string Jur = "350800";
    internal static readonly Caller Requester = new("bench-requester", "11350800MB0001004N", Jur, new HashSet<Role> { Role.DataSteward });
    private static readonly Caller Provider = new("bench-provider", "11350800MB0001003K", Jur, new HashSet<Role> { Role.DataSteward });
    private static readonly Caller Authority = new("bench-authority", "11350800MB0001001D", Jur, new HashSet<Role> { Role.DataAuthority });

    /// <inheritdoc />
    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string Arg(string name, string fallback) => BenchArgs.Get(args, name, fallback);
        int IntArg(string name, string fallback) => BenchArgs.GetInt(args, name, fallback);
        var cosmos = new Uri(Arg("--cosmos", Environment.GetEnvironmentVariable("GOVDATA_COSMOS") ?? "https://127.0.0.1:8081/"));
        var lifecycles = IntArg("--lifecycles", "200");
        var parallel = IntArg("--parallel", "8");

        using var client = BenchArgs.EmulatorCosmosClient(cosmos);
        var database = (await client.CreateDatabaseIfNotExistsAsync("bench-sharing-" + Guid.NewGuid().ToString("N")[..8], cancellationToken: cancellationToken)).Database;
        await database.CreateContainerIfNotExistsAsync(StorageNames.Cosmos.Sharing, StorageNames.Cosmos.PartitionKeyPath, cancellationToken: cancellationToken);

        var filedAt = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(8));
        var time = new FakeTimeProvider(filedAt);
        var store = new ShareStore(database);
        var calendar = BuiltInCalendar.Create();
        var rules = RuleSetRegistry.BuiltIn().Resolve(Jur, DateOnly.FromDateTime(filedAt.Date));
        var entry = Entry(filedAt);

        // Lifecycles: each one is four store writes, strictly in order (the deadline orchestrations are measured by `workflows`).
        async Task Lifecycle(int i, CancellationToken ct)
        {
            var at = filedAt;
            var r = ShareWorkflow.File($"life{i:D6}", Requester, entry, Input(), rules, calendar, at).Request!;
            var doc = await store.CreateAsync(r, ct);
            doc = await store.ReplaceAsync(ShareWorkflow.Decide(doc.Request, Provider, true, null, null, null, rules, at).Request!, doc.ETag!, ct);
            doc = await store.ReplaceAsync(ShareWorkflow.Decide(doc.Request, Authority, true, null, null, null, rules, at).Request!, doc.ETag!, ct);
            await store.ReplaceAsync(ShareWorkflow.Accept(doc.Request, Requester, true, true, at).Request!, doc.ETag!, ct);
        }
        for (var i = 0; i < 10; i++) await Lifecycle(-1 - i + 1000000, cancellationToken);
        var run = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, lifecycles), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
            async (i, ct) => await Lifecycle(i, ct));
        run.Stop();
        Console.WriteLine($"lifecycles (file, provider approves, DataAuthority approves, accept): {lifecycles:N0} with {parallel} in parallel in {run.Elapsed.TotalSeconds:F1} s = {lifecycles / run.Elapsed.TotalSeconds:F1} lifecycles/s");

        // The access check of one use under a grant: read the request by id, check the grant's terms (what every data call pays).
        var ask = new AccessAsk(["姓名"], SharingMethod.Api, "办理登记");
        var random = new Random(20261202);
        var latencies = new List<double>();
        for (var i = 0; i < 500; i++)
        {
            var sw = Stopwatch.StartNew();
            var doc = await store.FindAsync(Jur, $"life{random.Next(lifecycles):D6}", cancellationToken);
            if (doc is null || ShareAccess.CheckGrant(doc.Request, Requester, ask, filedAt.AddDays(1)) is not null) throw new InvalidOperationException("the grant should allow the use");
            latencies.Add(sw.Elapsed.TotalMilliseconds);
        }
        latencies.Sort();
        Console.WriteLine($"access check (read + check) x500 sequential: p50 {latencies[250]:F2} ms, p99 {latencies[495]:F2} ms");
        if (Arg("--blob", "") is { Length: > 0 } blob)
            await SharingQueryBenchmark.RunAsync(new Uri(blob), IntArg("--query-rows", "100000"), database, async ct =>
            {
                var doc = await store.FindAsync(Jur, $"life{random.Next(lifecycles):D6}", ct);
                if (doc is null || ShareAccess.CheckGrant(doc.Request, Requester, ask, filedAt.AddDays(1)) is not null) throw new InvalidOperationException("the grant should allow the use");
            }, cancellationToken);
    }

    internal static FileShareInput Input() => new("bench-entry", ["姓名", "户籍地区划"], "窗口", "办理登记", SharingMethod.Api, 6);

    internal static CatalogEntry Entry(DateTimeOffset at) => new()
    {
        Id = "bench-entry",
        Jurisdiction = Jur,
        Department = Provider.Department,
        CreatedAt = at.AddDays(-30),
        Published = new CatalogVersion
        {
            Number = 1,
            State = CatalogEntryState.Published,
            CreatedBy = "bench",
            CreatedAt = at.AddDays(-30),
            PublishedAt = at.AddDays(-29),
            Content = new CatalogContent
            {
                Name = "人口基本信息",
                Code = "350800-GA-BENCH",
                Summary = "常住人口",
                DataItems =
                [
                    new DataItem { Name = "姓名", Type = DataItemType.String, IsPersonal = true },
                    new DataItem { Name = "户籍地区划", Type = DataItemType.String },
                ],
                SharingType = SharingType.Conditional,
                SharingConditions = "仅用于政务服务",
                LegalBasis = "《中华人民共和国居民身份证法》第十九条",
                SharingMethods = [SharingMethod.Api],
                OpenType = OpenType.NotOpen,
                UpdateCycle = UpdateCycle.Daily,
            },
        },
    };
}
