using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GovData.Domain.Audit;
using GovData.Domain.Calendar;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Bench.Audit;

/// <summary>
/// Issue 15: the audited API beside the store's own rate. In one run against one set of emulators: an audited read
/// (GET /api/catalog/entries/{id}), an audited write (PUT .../draft) and a share access check (POST
/// /api/sharing/entries/{id}/access-check) beside a bare Kestrel endpoint doing one Cosmos point read, each at 1 and 16
/// connections (wrk, one thread), printing rate, p50, p99 and the ratios to the bare endpoint; then the same after
/// seeding N records into today's trail of the jurisdiction.
/// </summary>
public sealed class AuditBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "audit";

    /// <inheritdoc />
    public string Description => "audited read/write/access check vs a bare Cosmos point-read endpoint and vs the same requests with the trail taken out, at 1 and 16 connections, before and after seeding the day's trail (wrk; [--duration 10] [--seed 1000000] [--connections 1,16] [--only \"audited read,unaudited read\"] [--emulators FILE]; or [--probe-writes N]: only time N audit writes one after another, three rounds)";

    private const string Jur = "350800";

    /// <inheritdoc />
    public async Task RunAsync(string[] args, CancellationToken ct)
    {
        Wrk.EnsureInstalled();
        var duration = BenchArgs.GetInt(args, "--duration", "10");
        var warmup = BenchArgs.GetInt(args, "--warmup", "3");
        var seed = BenchArgs.GetInt(args, "--seed", "1000000");
        var readEntries = BenchArgs.GetInt(args, "--entries", "50");
        var writeEntries = BenchArgs.GetInt(args, "--write-entries", "500");
        var connections = BenchArgs.Get(args, "--connections", "1,16").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        var seedMode = BenchArgs.Get(args, "--seed-mode", "writer");
        // Rows to measure (by name, e.g. "bare point read,audited read,unaudited read"); every row when empty.
        var only = BenchArgs.Get(args, "--only", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        await using var emulators = await BenchEmulators.StartOrReadAsync(BenchArgs.Get(args, "--emulators", ""), ct);
        Console.WriteLine($"emulators: blob {emulators.Blob}, table {emulators.Table}, cosmos {emulators.Cosmos}");
        var database = "bench-audit-" + Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string?>
        {
            ["Storage:BlobServiceUri"] = emulators.Blob.ToString(),
            ["Storage:QueueServiceUri"] = emulators.Queue.ToString(),
            ["Storage:TableServiceUri"] = emulators.Table.ToString(),
            ["Storage:AccountName"] = "devstoreaccount1",
            ["Storage:AccountKey"] = BenchEmulators.StorageKey,
            ["Cosmos:AccountEndpoint"] = emulators.Cosmos.ToString(),
            ["Cosmos:AccountKey"] = BenchArgs.EmulatorCosmosKey,
            ["Cosmos:DatabaseName"] = database,
            ["Cosmos:ProvisionOnStartup"] = "true",
            // No queue, blob or timer polling competing with the measured requests; a task hub of this run's own.
            ["LocalHost:Triggers"] = "false",
            ["LocalHost:Durable:TaskHub"] = "bench" + database[^8..],
            ["Auth:DevTokens:Enabled"] = "true",
            ["Auth:DevTokens:SigningKey"] = "govdata-local-development-signing-key-not-a-secret-0001",
            ["Seed:Demo"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            ["RateLimits:PerUser"] = "100000000",
            ["RateLimits:PerAnonymousClient"] = "100000000",
        };
        var app = await BenchApp.StartAsync(settings, ct);
        Console.WriteLine($"app on {app.BaseUrl}, database {database}");
        using var http = new HttpClient { BaseAddress = app.BaseUrl };
        var owner = await TokenAsync(http, "bench-owner", DemoJurisdiction.PublicSecurity.Code, "DataSteward", ct);
        var reviewer = await TokenAsync(http, "bench-reviewer", DemoJurisdiction.PublicSecurity.Code, "CatalogReviewer", ct);
        var authority = await TokenAsync(http, "bench-authority", DemoJurisdiction.DataAuthority.Code, "DataAuthority", ct);
        var user = await TokenAsync(http, "bench-user", DemoJurisdiction.MarketRegulation.Code, "DataSteward", ct);

        var sw = Stopwatch.StartNew();
        var reads = await CreateDraftsAsync(http, owner, readEntries, ct);
        var writes = await CreateDraftsAsync(http, owner, 1, ct);
        var published = (await CreateDraftsAsync(http, owner, 1, ct, "Unconditional"))[0];
        await SendAsync(http, HttpMethod.Post, $"/api/catalog/entries/{published.Id}/submit", owner, null, ct);
        await SendAsync(http, HttpMethod.Post, $"/api/catalog/entries/{published.Id}/review", reviewer, new { decision = "Approve" }, ct);
        await SendAsync(http, HttpMethod.Post, $"/api/catalog/entries/{published.Id}/review", authority, new { decision = "Approve" }, ct);
        var access = new { items = new[] { "姓名" }, method = "Api", purpose = "办理企业开办登记" };
        await SendAsync(http, HttpMethod.Post, $"/api/sharing/entries/{published.Id}/access-check", user, access, ct);
        // Each scenario once by hand first, so a request the API refuses stops the run instead of measuring errors.
        await SendAsync(http, HttpMethod.Get, $"/api/catalog/entries/{reads[0].Id}", owner, null, ct);
        await SendAsync(http, HttpMethod.Put, $"/api/catalog/entries/{writes[0].Id}/draft", owner, JsonDocument.Parse(writes[0].Body.Replace("SUMMARY", "常住人口的基本信息 0")).RootElement, ct);
        Console.WriteLine($"seeded {reads.Count} read entries and 1 published Unconditional entry in {sw.Elapsed.TotalSeconds:F1} s; each write row gets {writeEntries} new drafts");

        if (BenchArgs.GetInt(args, "--probe-writes", "0") is var probeWrites and > 0)
        {
            await ProbeWritesAsync(app.Services.GetRequiredService<IAuditLog>(), probeWrites, ct);
            return;
        }
        await using var bare = await BareEndpoint.StartAsync(emulators.Cosmos, database, Jur, ct);
        // The draft updates' script is made for each row from new drafts on the app it targets: an entry keeps every edit in
        // its history, so drafts reused from row to row would make each later row update bigger documents than the one before.
        async Task<string> DraftPutsOn(Uri target, CancellationToken token)
        {
            using var client = new HttpClient { BaseAddress = target };
            return DraftPuts(await CreateDraftsAsync(client, owner, writeEntries, token), owner);
        }
        var scripts = new Scenario[]
        {
            new("bare point read", bare.BaseUrl, Fixed(RandomGet("/bare/", reads.Select(e => e.Id), null))),
            new("bare read+create", bare.BaseUrl, Fixed(RandomGet("/bare-recorded/", reads.Select(e => e.Id), null))),
            new("audited read", app.BaseUrl, Fixed(RandomGet("/api/catalog/entries/", reads.Select(e => e.Id), owner))),
            new("audited write", app.BaseUrl, DraftPutsOn),
            new("access check", app.BaseUrl, Fixed(Post($"/api/sharing/entries/{published.Id}/access-check", JsonSerializer.Serialize(access), user))),
        };

        // The same app on the same database with the trail taken out (bench only): what the request costs without its record,
        // the bound any change to the trail can reach. Measured once, before seeding: it does not touch the trail.
        // Its own task hub; no demo seeding (the first app did it on this database), so nothing of its start-up runs into the measurements.
        await using var unaudited = await BenchApp.StartAsync(new Dictionary<string, string?>(settings) { ["LocalHost:Durable:TaskHub"] = "benchref" + database[^8..], ["Seed:Demo"] = "false" }, ct,
            services => services.AddSingleton<IAuditLog, UnwrittenAuditLog>());
        using (var toReference = new HttpClient { BaseAddress = unaudited.BaseUrl })
            await SendAsync(toReference, HttpMethod.Get, $"/api/catalog/entries/{reads[0].Id}", owner, null, ct);
        // Both apps quiet before the first measurement: the first app's archiver has chained what seeding wrote.
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        static bool IsBare(Scenario s) => s.Name.StartsWith("bare ", StringComparison.Ordinal);
        var references = scripts.Where(s => !IsBare(s)).Select(s => s with { Name = Unaudited(s.Name), Target = unaudited.BaseUrl }).ToArray();
        Scenario[] Selected(IEnumerable<Scenario> rows) => [.. rows.Where(r => only.Length == 0 || only.Contains(r.Name) || IsBare(r))];
        var before = await MeasureAsync("day trail as the run left it", Selected([.. scripts.Where(IsBare), .. references, .. scripts.Where(s => !IsBare(s))]), connections, warmup, duration, ct);
        var seeded = Stopwatch.StartNew();
        var count = seedMode == "direct"
            ? await AuditSeeder.DirectAsync(app.Services, Jur, seed, ct)
            : await AuditSeeder.WriterAsync(app.Services, Jur, seed, ct);
        Console.WriteLine($"seeded {count:N0} records into {Jur}'s trail of {ChinaTime.DateOf(DateTimeOffset.UtcNow):yyyy-MM-dd} in {seeded.Elapsed.TotalSeconds:F0} s ({seedMode})");
        if (BenchArgs.Get(args, "--restart", "true") == "true")
        {
            // A new instance on the same storage: it must pick up the day's head without reading the million records.
            await app.DisposeAsync();
            var restart = Stopwatch.StartNew();
            app = await BenchApp.StartAsync(settings, ct);
            await SendAsync(new HttpClient { BaseAddress = app.BaseUrl }, HttpMethod.Get, $"/api/catalog/entries/{reads[0].Id}", owner, null, ct);
            Console.WriteLine($"restarted the app; its first audited read took {restart.Elapsed.TotalSeconds:F1} s (start included)");
            for (var i = 0; i < scripts.Length; i++) if (!IsBare(scripts[i])) scripts[i] = scripts[i] with { Target = app.BaseUrl };
        }
        var after = await MeasureAsync($"after seeding {count:N0} records into the day", Selected(scripts), connections, warmup, duration, ct);
        await QueriesAsync(app.BaseUrl, ct);
        await app.DisposeAsync();

        Console.WriteLine();
        Console.WriteLine("summary (ratio = rate / bare rate at the same connections; p50x = p50 / bare p50)");
        foreach (var (title, results) in new[] { ("as left", before), ("seeded", after) })
            foreach (var r in results)
            {
                var b = results.First(x => x.Name == "bare point read" && x.Connections == r.Connections);
                var reference = before.FirstOrDefault(x => x.Name == Unaudited(r.Name) && x.Connections == r.Connections);
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"{title,-8} {r.Name,-16} c={r.Connections,-3} {r.Rate,9:F0} req/s  p50 {r.P50Ms,7:F2} ms  p99 {r.P99Ms,7:F2} ms  ratio {r.Rate / b.Rate,5:F2}  p50x {r.P50Ms / b.P50Ms,5:F2}  errors {r.Errors}");
                Console.WriteLine(reference is null ? line : line + string.Create(CultureInfo.InvariantCulture, $"  of unaudited {r.Rate / reference.Rate,5:F2}"));
            }
        Console.WriteLine("(of unaudited = rate / the same request's rate with the trail taken out, bench only: the trail's own cost;");
        Console.WriteLine(" bare read+create = the bare read, then one Cosmos create of a record before answering: the floor of a read whose record is stored first)");
    }

    // One writer, no HTTP: what a lone request waits for its record, and how much of that is the archiver working beside it
    // (the time spent in writes slower than 2 ms). The first round warms up.
    private static async Task ProbeWritesAsync(IAuditLog log, int writes, CancellationToken ct)
    {
        for (var round = 1; round <= 3; round++)
        {
            var times = new double[writes];
            var total = Stopwatch.StartNew();
            for (var i = 0; i < writes; i++)
            {
                var one = Stopwatch.StartNew();
                await log.WriteAsync(new AuditRecord
                {
                    Id = Guid.NewGuid().ToString("N"), Jurisdiction = Jur, At = DateTimeOffset.UtcNow, UserId = "probe", Action = "catalog.entry.read",
                    Resource = $"catalog/{Jur}/entries/probe{i}", DataOwner = "11350800MB0001003K", DataContent = "350800-GA-PROBE v1", Outcome = AuditOutcome.Succeeded,
                }, ct);
                times[i] = one.Elapsed.TotalMilliseconds;
            }
            var wall = total.Elapsed.TotalMilliseconds;
            var slow = times.Where(t => t > 2).ToArray();
            Array.Sort(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: {writes} writes one after another, mean {wall / writes:F3} ms, p50 {Percentile.OfSorted(times, 0.5):F3}, p90 {Percentile.OfSorted(times, 0.9):F3}, p99 {Percentile.OfSorted(times, 0.99):F3}, max {times[^1]:F1}; {slow.Length} writes over 2 ms took {slow.Sum():F0} of the {wall:F0} ms"));
        }
    }

    // The reference row of an audited scenario: the same request on the app whose trail is taken out.
    private static string Unaudited(string name) => name switch
    {
        "audited read" => "unaudited read",
        "audited write" => "unaudited write",
        "access check" => "unaudited check",
        _ => "unaudited " + name,
    };

    // One measured request: its wrk script is made just before each row, for the app the row targets.
    private sealed record Scenario(string Name, Uri Target, Func<Uri, CancellationToken, Task<string>> Script);

    private static Func<Uri, CancellationToken, Task<string>> Fixed(string script) => (_, _) => Task.FromResult(script);

    private static async Task<List<LoadResult>> MeasureAsync(string title, Scenario[] scripts, int[] connections, int warmup, int duration, CancellationToken ct)
    {
        Console.WriteLine($"-- {title}");
        var results = new List<LoadResult>();
        foreach (var c in connections)
            foreach (var (name, target, make) in scripts)
            {
                var script = await make(target, ct);
                if (warmup > 0) await Wrk.RunAsync(name, target, script, c, warmup, ct);
                var r = await Wrk.RunAsync(name, target, script, c, duration, ct);
                results.Add(r);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-16} c={c,-3} {r.Rate,9:F0} req/s  p50 {r.P50Ms,7:F2} ms  p99 {r.P99Ms,7:F2} ms  ({r.Requests:N0} requests, {r.Errors} errors)"));
            }
        return results;
    }

    private sealed record Draft(string Id, string Body);

    private static object Content(string code, string sharingType, string summary) => new
    {
        name = "人口基本信息",
        code,
        summary,
        dataItems = new[] { new { name = "姓名", type = "String", required = true }, new { name = "公民身份号码", type = "String", required = true } },
        format = "数据库",
        sharingType,
        sharingConditions = sharingType == "Conditional" ? "仅用于政务服务" : null,
        legalBasis = sharingType == "Unconditional" ? null : "《居民身份证法》第十九条",
        sharingMethods = new[] { "Api" },
        openType = "NotOpen",
        updateCycle = "Daily",
    };

    private static async Task<List<Draft>> CreateDraftsAsync(HttpClient http, string token, int n, CancellationToken ct, string sharingType = "Conditional")
    {
        var drafts = new System.Collections.Concurrent.ConcurrentBag<Draft>();
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (_, token2) =>
        {
            var code = $"{Jur}-BN-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";
            var created = await SendAsync(http, HttpMethod.Post, "/api/catalog/entries", token, Content(code, sharingType, "常住人口的基本信息"), token2);
            drafts.Add(new Draft(created.GetProperty("id").GetString()!, JsonSerializer.Serialize(Content(code, sharingType, "SUMMARY"))));
        });
        return [.. drafts];
    }

    private static async Task<string> TokenAsync(HttpClient http, string userId, string department, string role, CancellationToken ct)
    {
        var body = await SendAsync(http, HttpMethod.Post, "/api/dev/token", null, new { userId, department, jurisdiction = Jur, roles = new[] { role } }, ct);
        return body.GetProperty("accessToken").GetString()!;
    }

    // What the index's layout costs an auditor: the day's first 1,000 records; a user with none that day (the rows' digests
    // rule every row out); a user with records in every row (1,000 of them means reading ~97,000 records).
    private static async Task QueriesAsync(Uri app, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = app, Timeout = TimeSpan.FromMinutes(10) };
        var auditor = await TokenAsync(http, "bench-auditor", DemoJurisdiction.DataAuthority.Code, "Auditor", ct);
        var now = DateTimeOffset.UtcNow;
        var day = ChinaTime.DateOf(now);
        var from = Uri.EscapeDataString(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToString("O", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(now.ToString("O", CultureInfo.InvariantCulture));
        foreach (var (name, query) in new[] { ("the day's first 1,000 records", ""), ("a user with no record that day", "&user=nobody"), ("one of the 97 seeded users (in every row)", "&user=seed-5") })
        {
            var sw = Stopwatch.StartNew();
            var answer = await SendAsync(http, HttpMethod.Get, $"/api/audit/records?from={from}&to={to}{query}", auditor, null, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"audit query, {name}: {answer.GetProperty("count").GetInt32():N0} records in {sw.Elapsed.TotalSeconds:F2} s"));
        }
    }

    private static async Task<JsonElement> SendAsync(HttpClient http, HttpMethod method, string path, string? token, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string Header(string? token) => token is null ? "" : $"wrk.headers[\"Authorization\"] = {Wrk.Lua("Bearer " + token)}\n";

    private static string RandomGet(string prefix, IEnumerable<string> ids, string? token) =>
        $$"""
        {{Header(token)}}
        local ids = { {{string.Join(", ", ids.Select(Wrk.Lua))}} }
        math.randomseed(42)
        request = function()
          return wrk.format("GET", {{Wrk.Lua(prefix)}} .. ids[math.random(#ids)])
        end
        """;

    private static string DraftPuts(IReadOnlyList<Draft> drafts, string token) =>
        $$"""
        {{Header(token)}}
        wrk.headers["Content-Type"] = "application/json"
        local ids = { {{string.Join(", ", drafts.Select(d => Wrk.Lua(d.Id)))}} }
        local bodies = { {{string.Join(", ", drafts.Select(d => Wrk.Lua(d.Body)))}} }
        local n = 0
        math.randomseed(7)
        request = function()
          n = n + 1
          local i = math.random(#ids)
          local body = string.gsub(bodies[i], "SUMMARY", "常住人口的基本信息 " .. n)
          return wrk.format("PUT", "/api/catalog/entries/" .. ids[i] .. "/draft", nil, body)
        end
        {{Wrk.CountStatuses}}
        """;

    private static string Post(string path, string body, string token) =>
        $$"""
        {{Header(token)}}
        wrk.headers["Content-Type"] = "application/json"
        wrk.method = "POST"
        wrk.path = {{Wrk.Lua(path)}}
        wrk.body = {{Wrk.Lua(body)}}
        """;
}
