using System.Diagnostics;
using System.Globalization;
using GovData.Bench.Sharing;
using GovData.Domain.Calendar;
using GovData.Domain.RuleSets;
using GovData.Domain.Sharing;
using GovData.Functions.Errors;
using GovData.Functions.Sharing;
using GovData.Functions.Storage;
using GovData.Functions.Workflow;
using Microsoft.Extensions.Time.Testing;

namespace GovData.Bench.Workflow;

/// <summary>
/// The deadline sweep with N open share requests (each with its decision timer) on a freshly started cosmosdb-server:
/// bulk seeding through the stores, then at two moments (A due, then B more due) the old query (capped) and the indexed
/// sweep (cursor + bucket point reads) finding the due timers, and firing them: read timer and request, escalate the
/// request, close the timer, each under its ETag. Also: an idle sweep (nothing due) and single schedules into populated
/// buckets. Open requests spread their due dates over 22 working days, as a steady stream of filings would.
/// </summary>
public sealed class ShareSweepBenchmark : IBenchmark
{
    private const string Jur = "350800";

    /// <inheritdoc />
    public string Name => "sweep";

    /// <inheritdoc />
    public string Description => "indexed deadline sweep over N open share requests with timers: seed, then find + fire A and B due, old query vs index (--cosmos URL [--open 100000] [--due-a 100] [--due-b 1000] [--parallel 32] [--old-cap-seconds 90] [--skip-old])";

    /// <inheritdoc />
    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string Arg(string name, string fallback) => BenchArgs.Get(args, name, fallback);
        int IntArg(string name, string fallback) => BenchArgs.GetInt(args, name, fallback);
        var cosmos = new Uri(Arg("--cosmos", Environment.GetEnvironmentVariable("GOVDATA_COSMOS") ?? "https://127.0.0.1:8081/"));
        var open = IntArg("--open", "100000");
        var dueA = IntArg("--due-a", "100");
        var dueB = IntArg("--due-b", "1000");
        var parallel = IntArg("--parallel", "32");
        var oldCap = TimeSpan.FromSeconds(IntArg("--old-cap-seconds", "90"));
        var skipOld = args.Contains("--skip-old");
        // --database NAME: reuse a database a previous run seeded (same --open, --due-a, --due-b) on the same emulator.
        var reuse = Arg("--database", "");

        using var client = BenchArgs.EmulatorCosmosClient(cosmos);
        var database = (await client.CreateDatabaseIfNotExistsAsync(reuse is { Length: > 0 } ? reuse : "bench-sweep-" + Guid.NewGuid().ToString("N")[..8], cancellationToken: cancellationToken)).Database;
        Console.WriteLine($"database {database.Id}");
        await database.CreateContainerIfNotExistsAsync(StorageNames.Cosmos.Sharing, StorageNames.Cosmos.PartitionKeyPath, cancellationToken: cancellationToken);
        await database.CreateContainerIfNotExistsAsync(StorageNames.Cosmos.Timers, StorageNames.Cosmos.PartitionKeyPath, cancellationToken: cancellationToken);

        var firstFiling = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(8));
        var time = new FakeTimeProvider(firstFiling);
        var store = new ShareStore(database);
        var timers = new DeadlineTimerStore(database, time);
        var calendar = BuiltInCalendar.Create();
        var rules = RuleSetRegistry.BuiltIn().Resolve(Jur, DateOnly.FromDateTime(firstFiling.Date));
        var entry = SharingBenchmark.Entry(firstFiling);

        // The platform's sweep has been running since before the requests: its cursor exists (a first sweep on an empty
        // store bootstraps it; the bootstrap's query over every pending timer is a one-off for stores from before the index).
        async Task<IReadOnlyList<TimerBucketEntry>> Sweep(DateTimeOffset now) =>
            await timers.Index.SweepAsync(Jur, now, (_, _) => Task.CompletedTask,
                async ct => (await timers.PendingAsync(Jur, ct)).Select(t => new TimerBucketEntry(t.Id, t.NextFireMs)).ToList(), cancellationToken);
        if (reuse.Length == 0) await Sweep(firstFiling.AddDays(-1));
        async Task CatchUp(DateTimeOffset until)
        {
            while ((await timers.Index.CursorAsync(Jur, cancellationToken))!.SweptThroughMs < until.ToUnixTimeMilliseconds()) await Sweep(until);
        }

        // Filing day 0: the A group; day 1: the B group; days 2..21: the rest, evenly.
        var filingDays = Enumerable.Range(0, 22).Select(d => calendar.AddWorkingDays(firstFiling, d + 1).DueAt.AddHours(-14)).ToArray();
        int DayOf(int i) => i < dueA ? 0 : i < dueA + dueB ? 1 : 2 + (i - dueA - dueB) % 20;

        var build = Stopwatch.StartNew();
        var requests = new ShareRequest[open];
        var timerDocs = new DeadlineTimer[open];
        Parallel.For(0, open, i =>
        {
            var at = filingDays[DayOf(i)].AddMinutes(i % 300);
            var r = ShareWorkflow.File($"open{i:D6}", SharingBenchmark.Requester, entry, SharingBenchmark.Input(), rules, calendar, at).Request!;
            requests[i] = r;
            var deadline = calendar.AddWorkingDays(r.Deadline!.StartedAt, r.Deadline.WorkingDays);
            timerDocs[i] = DeadlineTimerStore.Build(r.Deadline.TimerId, Jur, ShareFollowUp.DecisionKind, ShareFollowUp.Subject(Jur, r.Id), r.Provider, deadline,
                r.Deadline.Rule, calendar, 0, new Dictionary<string, string> { ["requestId"] = r.Id });
        });
        if (reuse.Length == 0)
        {
            var seed = Stopwatch.StartNew();
            await timers.ScheduleManyAsync(Jur, timerDocs, parallel, cancellationToken);
            var timersSeeded = seed.Elapsed;
            var done = 0;
            await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (r, ct) =>
            {
                await store.CreateAsync(r, ct);
                if (Interlocked.Increment(ref done) % 20000 == 0) Console.WriteLine($"  ... {done:N0} requests stored ({seed.Elapsed.TotalSeconds:F0} s)");
            });
            Console.WriteLine($"seeded {open:N0} open requests with their timers in {seed.Elapsed.TotalSeconds:F1} s (timers + index {timersSeeded.TotalSeconds:F1} s, {parallel} in parallel; building them {build.Elapsed.TotalSeconds - seed.Elapsed.TotalSeconds:F1} s)");

            // One-by-one scheduling into populated buckets (what filing a request pays for its timer now).
            var single = new List<double>();
            for (var i = 0; i < 200; i++)
            {
                var sw = Stopwatch.StartNew();
                var t = timerDocs[dueA + dueB + i];
                await timers.ScheduleAsync("extra-" + t.Id, Jur, t.Kind, t.Subject, t.Department, t.Deadline, t.Rule, calendar, 0, null, cancellationToken);
                single.Add(sw.Elapsed.TotalMilliseconds);
            }
            single.Sort();
            Console.WriteLine($"single ScheduleAsync into populated buckets x200: p50 {single[100]:F1} ms, p99 {single[198]:F1} ms");
        }

        var dueAt = new[] { timerDocs[0].Deadline.DueAt, timerDocs[dueA].Deadline.DueAt };
        var expected = new[] { dueA, dueB };
        for (var round = 0; round < 2; round++)
        {
            var now = dueAt[round].AddMinutes(1);
            time.SetUtcNow(now);
            await CatchUp(dueAt[round].AddMinutes(-2));
            // The sweep ran a minute earlier too (it runs every minute): time one idle run, which only reads.
            var idle = Stopwatch.StartNew();
            var none = await Sweep(dueAt[round].AddMinutes(-1));
            idle.Stop();
            Console.WriteLine($"[{expected[round]:N0} due] idle sweep a minute before (cursor + {DeadlineTimerIndex.Shards} bucket point reads per slot): {none.Count} queued in {idle.Elapsed.TotalMilliseconds:F0} ms");

            var find = Stopwatch.StartNew();
            var due = await Sweep(now);
            find.Stop();
            var fire = Stopwatch.StartNew();
            var escalated = 0;
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (e, ct) =>
            {
                var t = await timers.FindAsync(Jur, e.Id, ct);
                if (t is not { State: TimerState.Pending } || t.NextFireMs > now.ToUnixTimeMilliseconds()) return;
                var doc = await store.FindAsync(Jur, t.Data["requestId"], ct);
                if (doc is null || ShareWorkflow.Escalate(doc.Request, t.Id, now) is not { } next) return;
                await store.ReplaceAsync(next, doc.ETag!, ct);
                if (await timers.TryRescheduleAsync(t with { State = TimerState.Fired, ClosedAt = now }, t.ETag!, ct) is not null) Interlocked.Increment(ref escalated);
            });
            fire.Stop();
            Console.WriteLine($"[{expected[round]:N0} due] indexed sweep found {due.Count:N0} in {find.Elapsed.TotalMilliseconds:F0} ms; fired (escalated request + closed timer) {escalated:N0} in {fire.Elapsed.TotalMilliseconds:F0} ms; find + fire = {(find.Elapsed + fire.Elapsed).TotalMilliseconds:F0} ms");
            if (escalated != expected[round]) Console.WriteLine($"  !! expected {expected[round]:N0} escalations");
        }
    
        // Last, because the emulator evaluates a query in its one thread: a scan that does not answer blocks every later call.
        if (!skipOld)
        {
            var now = dueAt[1].AddMinutes(1);
            var old = Stopwatch.StartNew();
            try
            {
                using var cap = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                cap.CancelAfter(oldCap);
                var found = await timers.DueAsync(Jur, now, cap.Token);
                Console.WriteLine($"old query (state = Pending AND nextFireMs <= now) over the same store, after the firing above (so it finds what is left): {found.Count:N0} in {old.Elapsed.TotalMilliseconds:F0} ms");
            }
            catch (Exception e) when (e is OperationCanceledException or Microsoft.Azure.Cosmos.CosmosException)
            {
                Console.WriteLine($"old query: no answer after {old.Elapsed.TotalSeconds:F0} s ({e.GetType().Name})");
            }
        }
    }
}
