using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage;
using Azure.Storage.Queues;
using GovData.Functions.Errors;
using GovData.Functions.Sharing.Requests;
using GovData.Functions.Storage;
using GovData.Functions.Workflow;
using GovData.LocalHost.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace GovData.Bench.Sharing;

/// <summary>
/// Statutory deadlines as Durable orchestrations on a running app (`tools/run.sh`): what N waiting deadline orchestrations
/// hold (Azurite's data folder and memory, the app's memory), and, with them waiting, how long 1,000 share decision
/// deadlines due at the same instant take until every request is escalated to the CoordinationOffice.
/// </summary>
public sealed class DurableDeadlinesBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "durable-deadlines";

    /// <inheritdoc />
    public string Description => "N waiting deadline orchestrations (storage, memory) and 1,000 due at once until escalated (--api URL --emulators .emulators/run-PORT [--waiting 10000] [--due 1000] [--parallel 32])";

    private const string Jur = "350800";

    /// <inheritdoc />
    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var api = new Uri(BenchArgs.Get(args, "--api", "http://localhost:7071/"));
        var emulators = BenchArgs.Get(args, "--emulators", ".emulators/run-7071");
        var waiting = BenchArgs.GetInt(args, "--waiting", "10000");
        var due = BenchArgs.GetInt(args, "--due", "1000");
        var parallel = BenchArgs.GetInt(args, "--parallel", "32");
        var hub = BenchArgs.Get(args, "--hub", "GovData");

        using var endpoints = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(emulators, "endpoints.json"), cancellationToken));
        var storage = new StorageOptions
        {
            BlobServiceUri = new Uri(endpoints.RootElement.GetProperty("blob").GetString()!),
            QueueServiceUri = new Uri(endpoints.RootElement.GetProperty("queue").GetString()!),
            TableServiceUri = new Uri(endpoints.RootElement.GetProperty("table").GetString()!),
            AccountName = "devstoreaccount1",
            AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        };
        await using var client = DurableTaskHost.ClientOnly(storage, hub, JsonDefaults.Storage);
        var appPid = Pid("GovData.LocalHost.dll", api.Port.ToString(CultureInfo.InvariantCulture));
        // start.mjs names Azurite's process in endpoints.json (in memory, its command line names no data folder to find it by).
        var azuritePid = endpoints.RootElement.GetProperty("azuritePid").GetInt32();
        void Footprint(string when) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {when,-34} Azurite data {FolderMb(emulators),8:0.0} MB, Azurite RSS {RssMb(azuritePid),7:0} MB, app RSS {RssMb(appPid),7:0} MB"));

        // The share requests whose decision deadlines will be due: filed through HTTP like any other.
        var (requester, requests) = await FileAsync(api, due, parallel, cancellationToken);
        var template = await TimerAsync(client, requests[0], cancellationToken);
        Footprint($"{due} requests filed");

        // N more deadline orchestrations waiting on durable timers a month away (requests that do not exist: they never fire here).
        var sw = Stopwatch.StartNew();
        var far = DateTimeOffset.UtcNow.AddDays(30);
        await ForEachAsync(Enumerable.Range(0, waiting), parallel, (i, ct) => client.ScheduleNewOrchestrationInstanceAsync(DeadlineWorkflow.Name,
            template with { Id = $"bench-wait-{i:D6}", Subject = $"sharing/{Jur}/requests/bench-wait-{i:D6}", Data = new Dictionary<string, string> { ["requestId"] = $"bench-wait-{i:D6}" }, EngineDueAt = far, EngineRemindAt = null, Reminded = true },
            new StartOrchestrationOptions($"bench-wait:{i:D6}"), ct), cancellationToken);
        var scheduled = sw.Elapsed;
        await UntilStartedAsync(client, "bench-wait:", waiting, parallel, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{waiting} waiting deadline orchestrations: scheduled in {scheduled.TotalSeconds:0.0} s ({waiting / scheduled.TotalSeconds:0}/s), all running on their timers after {sw.Elapsed.TotalSeconds:0.0} s"));
        Footprint($"+{waiting} waiting");
        await HeldAsync(storage, hub, "waiting deadline orchestration", Enumerable.Range(0, waiting).Select(i => $"bench-wait:{i:D6}").ToList(), 1, waiting, cancellationToken);
        // A real open share request: its orchestration waiting for the decision, and its decision deadline's orchestration.
        await HeldAsync(storage, hub, "open share request, its two orchestrations", requests.SelectMany(r => new[] { ShareRequestWorkflow.InstanceId(Jur, r), $"deadline:{Jur}:share:{r}:decision" }).ToList(), 2, 100_000, cancellationToken);

        // The due ones: each request's own decision deadline, copied into a second instance whose due instant is the same
        // for all (the timer id is the request's, so the handler escalates the request exactly as its own deadline would).
        var timers = new DeadlineTimer[requests.Count];
        await ForEachAsync(Enumerable.Range(0, requests.Count), parallel, async (i, ct) => timers[i] = await TimerAsync(client, requests[i], ct), cancellationToken);
        var dueAt = DateTimeOffset.UtcNow.AddSeconds(Math.Max(60, requests.Count / 10));
        sw.Restart();
        await ForEachAsync(Enumerable.Range(0, requests.Count), parallel, (i, ct) => client.ScheduleNewOrchestrationInstanceAsync(DeadlineWorkflow.Name,
            timers[i] with { EngineDueAt = dueAt, EngineRemindAt = null, Reminded = true }, new StartOrchestrationOptions($"bench-due:{i:D6}"), ct), cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{requests.Count} due deadlines scheduled in {sw.Elapsed.TotalSeconds:0.0} s, all due at {dueAt:HH:mm:ss}Z"));
        if (DateTimeOffset.UtcNow > dueAt) Console.WriteLine("  (scheduling took longer than the lead time: the figure below includes the late starts)");

        var escalatedAt = new DateTimeOffset[requests.Count];
        var left = new HashSet<int>(Enumerable.Range(0, requests.Count));
        while (left.Count > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var now = DateTimeOffset.UtcNow;
            await ForEachAsync(left.ToArray(), parallel, async (i, ct) =>
            {
                var m = await client.GetInstanceAsync($"bench-due:{i:D6}", getInputsAndOutputs: false, ct);
                if (m?.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
                    lock (left) { left.Remove(i); escalatedAt[i] = now; }
            }, cancellationToken);
            if (now - dueAt > TimeSpan.FromMinutes(20)) { Console.WriteLine($"  gave up: {left.Count} not escalated 20 minutes after the due instant"); break; }
        }
        var times = escalatedAt.Where(t => t != default).Select(t => Math.Max(0, (t - dueAt).TotalSeconds)).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{times.Length} of {requests.Count} escalated: last {times[^1]:0.0} s after the due instant, half by {times[times.Length / 2]:0.0} s (checked every ~1 s)"));
        Footprint("after the escalations");

        // What a person sees: the request escalated to the CoordinationOffice (a sample read through HTTP).
        foreach (var id in requests.Take(3))
        {
            var r = JsonDocument.Parse(await requester.GetStringAsync($"/api/sharing/requests/{id}", cancellationToken)).RootElement;
            var escalated = r.GetProperty("timeline").EnumerateArray().Any(s => s.GetProperty("action").GetString() == "escalate");
            Console.WriteLine($"  {id}: escalated in its timeline: {escalated}");
        }
    }

    private static async Task<(HttpClient Requester, List<string> Ids)> FileAsync(Uri api, int count, int parallel, CancellationToken ct)
    {
        var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(3) };
        async Task<HttpClient> As(string unit, string role)
        {
            var token = JsonDocument.Parse(await (await http.PostAsJsonAsync("/api/dev/token", new { userId = $"bench-{role}", department = unit, jurisdiction = Jur, roles = new[] { role } }, ct)).EnsureSuccessStatusCode().Content.ReadAsStringAsync(ct));
            var c = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(3) };
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("accessToken").GetString());
            return c;
        }
        var steward = await As("11350800MB0001003K", "DataSteward");
        var reviewer = await As("11350800MB0001003K", "CatalogReviewer");
        var authority = await As("11350800MB0001001D", "DataAuthority");
        var requester = await As("11350800MB0001004N", "DataSteward");
        var created = JsonDocument.Parse(await (await steward.PostAsJsonAsync("/api/catalog/entries", new
        {
            name = "人口基本信息", code = $"350800-GA-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}", summary = "基准测试",
            dataItems = new object[] { new { name = "姓名", type = "String", required = true } }, format = "数据库",
            sharingType = "Conditional", sharingConditions = "仅用于政务服务", legalBasis = "《居民身份证法》第十九条",
            sharingMethods = new[] { "Api" }, openType = "NotOpen", updateCycle = "Daily",
        }, ct)).EnsureSuccessStatusCode().Content.ReadAsStringAsync(ct)).RootElement.GetProperty("id").GetString()!;
        (await steward.PostAsync($"/api/catalog/entries/{created}/submit", null, ct)).EnsureSuccessStatusCode();
        (await reviewer.PostAsJsonAsync($"/api/catalog/entries/{created}/review", new { decision = "Approve" }, ct)).EnsureSuccessStatusCode();
        (await authority.PostAsJsonAsync($"/api/catalog/entries/{created}/review", new { decision = "Approve" }, ct)).EnsureSuccessStatusCode();

        var ids = new string[count];
        var retried = 0;
        var sw = Stopwatch.StartNew();
        await ForEachAsync(Enumerable.Range(0, count), parallel, async (i, c) =>
        {
            // As a client would: a 503 (the workflow did not answer in time) is retried with the same Idempotency-Key.
            var key = Guid.NewGuid().ToString("N");
            for (var attempt = 1; ; attempt++)
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, "/api/sharing/requests")
                {
                    Content = JsonContent.Create(new { entryId = created, items = new[] { "姓名" }, scope = "窗口", purpose = "办理企业开办登记", method = "Api", periodMonths = 6 }),
                };
                message.Headers.Add("Idempotency-Key", key);
                var response = await requester.SendAsync(message, c);
                var text = await response.Content.ReadAsStringAsync(c);
                if (response.IsSuccessStatusCode) { ids[i] = JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!; break; }
                if ((int)response.StatusCode != 503 || attempt == 5) throw new InvalidOperationException($"file: {(int)response.StatusCode} {text}");
                Interlocked.Increment(ref retried);
            }
        }, ct);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} share requests filed through HTTP in {sw.Elapsed.TotalSeconds:0.0} s ({count / sw.Elapsed.TotalSeconds:0.0}/s, {parallel} in parallel; {retried} answers were 503 and retried with their Idempotency-Key)"));
        return (requester, ids.ToList());
    }

    private static async Task<DeadlineTimer> TimerAsync(DurableTaskClient client, string requestId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var m = await client.GetInstanceAsync($"deadline:{Jur}:share:{requestId}:decision", getInputsAndOutputs: false, ct);
            if (m?.ReadCustomStatusAs<DeadlineTimer>() is { } timer) return timer;
            if (attempt > 300) throw new InvalidOperationException($"the decision deadline of {requestId} did not start");
            await Task.Delay(200, ct);
        }
    }

    private static async Task UntilStartedAsync(DurableTaskClient client, string prefix, int count, int parallel, CancellationToken ct)
    {
        // Each instance read by its id (a point read): listing the pending ones would page through a query over the whole
        // Instances table every time, and that query's cost on Azurite would be the benchmark's, not the orchestrations'.
        await ForEachAsync(Enumerable.Range(0, count), parallel, async (i, c) =>
        {
            while ((await client.GetInstanceAsync($"{prefix}{i:D6}", getInputsAndOutputs: false, c))?.RuntimeStatus is null or OrchestrationRuntimeStatus.Pending)
                await Task.Delay(TimeSpan.FromSeconds(1), c);
        }, ct);
    }

    /// <summary>
    /// What the waiting orchestrations hold in the task hub: their Instances and History rows, sampled and sized by Table
    /// Storage's billing formula (4 bytes + 2 per key character + each property's 8 bytes, 2 per name character and its
    /// value), and the messages in the hub's queues (a durable timer is a control-queue message, invisible until due).
    /// </summary>
    private static async Task HeldAsync(StorageOptions storage, string hub, string what, IReadOnlyList<string> ids, int idsPerUnit, int count, CancellationToken ct)
    {
        var credential = new TableSharedKeyCredential(storage.AccountName, storage.AccountKey);
        var instances = new TableClient(storage.TableServiceUri, hub + "Instances", credential);
        var history = new TableClient(storage.TableServiceUri, hub + "History", credential);
        var units = Math.Min(ids.Count, 200) / idsPerUnit;
        if (units == 0) return;
        long instanceBytes = 0, historyBytes = 0, historyRows = 0;
        foreach (var id in ids.Take(units * idsPerUnit))
        {
            await foreach (var e in instances.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}"), cancellationToken: ct))
                instanceBytes += EntityBytes(e);
            await foreach (var e in history.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}"), cancellationToken: ct))
            {
                historyBytes += EntityBytes(e);
                historyRows++;
            }
        }
        var queues = new QueueServiceClient(storage.QueueServiceUri, new StorageSharedKeyCredential(storage.AccountName, storage.AccountKey));
        var messages = new List<string>();
        await foreach (var q in queues.GetQueuesAsync(prefix: hub.ToLowerInvariant(), cancellationToken: ct))
            messages.Add($"{q.Name} {(await queues.GetQueueClient(q.Name).GetPropertiesAsync(ct)).Value.ApproximateMessagesCount}");
        double sample = units, perInstance = (instanceBytes + historyBytes) / sample;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  held per {what} ({sample} sampled): Instances rows {instanceBytes / (double)sample:0} B, History {historyRows / (double)sample:0.0} rows {historyBytes / (double)sample:0} B; {count} of them: {perInstance * count / 1024 / 1024:0.0} MB of table data; queue messages: {string.Join(", ", messages)}"));
    }

    private static long EntityBytes(TableEntity e)
    {
        long bytes = 4 + 2L * (e.PartitionKey.Length + e.RowKey.Length);
        foreach (var (name, value) in e)
        {
            if (name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag" || name.EndsWith("@odata.type", StringComparison.Ordinal)) continue;
            bytes += 8 + 2L * name.Length + value switch
            {
                string text => 4 + 2L * text.Length,
                byte[] binary => 4 + binary.Length,
                bool => 1,
                int => 4,
                Guid => 16,
                _ => 8, // long, double, DateTimeOffset
            };
        }
        return bytes + 8 + 2 * "Timestamp".Length + 8;
    }

    private static Task ForEachAsync<T>(IEnumerable<T> items, int parallel, Func<T, CancellationToken, Task> body, CancellationToken ct) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (x, c) => await body(x, c));

    private static int? Pid(string program, string marker)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmd.Contains(program, StringComparison.Ordinal) && cmd.Contains(marker, StringComparison.Ordinal)) return int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return null;
    }

    private static double RssMb(int? pid)
    {
        if (pid is null) return double.NaN;
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    private static double FolderMb(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1024.0 / 1024.0;
}
