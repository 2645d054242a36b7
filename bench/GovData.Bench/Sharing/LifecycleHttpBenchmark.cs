using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace GovData.Bench.Sharing;

/// <summary>
/// Share request lifecycles end to end through a running app's HTTP API (`tools/run.sh`): file, the provider approves, the
/// DataAuthority approves, the requester accepts, then one access check under the grant. Works against any build that
/// serves these routes, so the same figures compare the custom-handler engine with the Durable orchestrations.
/// </summary>
public sealed class LifecycleHttpBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "lifecycles-http";

    /// <inheritdoc />
    public string Description => "share request lifecycles/s through HTTP against a running app (--api http://localhost:7071 [--lifecycles 100] [--parallel 8]); start the app with RateLimits__PerUser=100000000";

    private const string Jur = "350800";
    private const string PublicSecurity = "11350800MB0001003K";
    private const string MarketRegulation = "11350800MB0001004N";
    private const string DataAuthorityUnit = "11350800MB0001001D";

    /// <inheritdoc />
    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var api = new Uri(BenchArgs.Get(args, "--api", "http://localhost:7071/"));
        var lifecycles = BenchArgs.GetInt(args, "--lifecycles", "100");
        var parallel = BenchArgs.GetInt(args, "--parallel", "8");

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        async Task<HttpClient> As(string unit, string role)
        {
            using var anon = new HttpClient(handler, disposeHandler: false) { BaseAddress = api, Timeout = TimeSpan.FromMinutes(3) };
            var response = await anon.PostAsJsonAsync("/api/dev/token", new { userId = $"bench-{role}-{unit[^4..]}", department = unit, jurisdiction = Jur, roles = new[] { role } }, cancellationToken);
            var body = await Expect(response, "dev token", cancellationToken);
            var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = api, Timeout = TimeSpan.FromMinutes(3) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
            return client;
        }

        var steward = await As(PublicSecurity, "DataSteward");
        var reviewer = await As(PublicSecurity, "CatalogReviewer");
        var authority = await As(DataAuthorityUnit, "DataAuthority");
        var requester = await As(MarketRegulation, "DataSteward");

        // One conditional entry of PublicSecurity, published on Longyan's route (department review, then the DataAuthority).
        var code = $"350800-GA-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";
        var entryId = (await Expect(await steward.PostAsJsonAsync("/api/catalog/entries", new
        {
            name = "人口基本信息",
            code,
            summary = "常住人口的基本信息（基准测试）",
            dataItems = new object[] { new { name = "姓名", type = "String", required = true }, new { name = "户籍地区划", type = "String" } },
            format = "数据库",
            sharingType = "Conditional",
            sharingConditions = "仅用于政务服务",
            legalBasis = "《居民身份证法》第十九条",
            sharingMethods = new[] { "Api" },
            openType = "NotOpen",
            updateCycle = "Daily",
        }, cancellationToken), "create entry", cancellationToken)).GetProperty("id").GetString()!;
        await Expect(await steward.PostAsync($"/api/catalog/entries/{entryId}/submit", null, cancellationToken), "submit", cancellationToken);
        await Expect(await reviewer.PostAsJsonAsync($"/api/catalog/entries/{entryId}/review", new { decision = "Approve" }, cancellationToken), "review", cancellationToken);
        await Expect(await authority.PostAsJsonAsync($"/api/catalog/entries/{entryId}/review", new { decision = "Approve" }, cancellationToken), "publish", cancellationToken);

        string[] stepNames = ["file", "provider approves", "authority approves", "accept", "access check"];
        async Task<double[]> Lifecycle(CancellationToken ct)
        {
            var steps = new double[stepNames.Length];
            var sw = Stopwatch.StartNew();
            var filed = await Expect(await requester.PostAsJsonAsync("/api/sharing/requests", new
            {
                entryId, items = new[] { "姓名" }, scope = "企业开办窗口", purpose = "办理企业开办登记", method = "Api", periodMonths = 6,
            }, ct), "file", ct);
            steps[0] = sw.Elapsed.TotalMilliseconds;
            var id = filed.GetProperty("id").GetString()!;
            sw.Restart();
            await Expect(await steward.PostAsJsonAsync($"/api/sharing/requests/{id}/events/approve", new { }, ct), "provider approves", ct);
            steps[1] = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            await Expect(await authority.PostAsJsonAsync($"/api/sharing/requests/{id}/events/approve", new { }, ct), "authority approves", ct);
            steps[2] = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            var granted = await Expect(await requester.PostAsJsonAsync($"/api/sharing/requests/{id}/events/accept", new { dataUseAgreement = true, confidentialityAgreement = true }, ct), "accept", ct);
            if (granted.GetProperty("state").GetString() != "Granted") throw new InvalidOperationException($"{id}: accepted but {granted.GetProperty("state")}");
            steps[3] = sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            await Expect(await requester.PostAsJsonAsync($"/api/sharing/grants/{id}/access-check", new { items = new[] { "姓名" }, method = "Api", purpose = "办理企业开办登记" }, ct), "access check", ct);
            steps[4] = sw.Elapsed.TotalMilliseconds;
            return steps;
        }

        for (var i = 0; i < Math.Min(parallel, 4); i++) await Lifecycle(cancellationToken);

        var results = new List<double[]>();
        var next = 0;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= lifecycles)
            {
                var r = await Lifecycle(cancellationToken);
                lock (results) results.Add(r);
            }
        }));
        total.Stop();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{lifecycles} lifecycles, {parallel} in parallel: {total.Elapsed.TotalSeconds:0.0} s, {lifecycles / total.Elapsed.TotalSeconds:0.00} lifecycles/s"));
        var whole = results.Select(r => r.Sum()).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  whole lifecycle   p50 {Pct(whole, 0.5),7:0} ms  p99 {Pct(whole, 0.99),7:0} ms"));
        for (var s = 0; s < stepNames.Length; s++)
        {
            var values = results.Select(r => r[s]).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {stepNames[s],-18}p50 {Pct(values, 0.5),7:0} ms  p99 {Pct(values, 0.99),7:0} ms"));
        }
    }

    private static double Pct(double[] sorted, double p) => Percentile.OfSorted(sorted, p);

    private static async Task<JsonElement> Expect(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
