using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GovData.Domain.Audit;
using GovData.Functions.Aggregation;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Hosting;
using GovData.Functions.Sharing;
using GovData.Functions.Storage;
using GovData.Functions.Supervision;
using GovData.Functions.Tests.Aggregation;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Tests.Sharing;
using GovData.Functions.Triggers;
using GovData.Functions.Workflow;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Resilience;

/// <summary>
/// Stops the handler at the <paramref name="nth"/> time it reaches <paramref name="point"/> as if its process died there: the
/// operation freezes and never resumes, so nothing after the point runs (not even catch or finally blocks); the test then
/// throws the instance away.
/// </summary>
internal sealed class CrashAt(string point, int nth = 1) : ICrashPoints
{
    private int _hits;

    /// <summary>Completes when the crash happened.</summary>
    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask HitAsync(string name, CancellationToken cancellationToken)
    {
        if (name != point || Interlocked.Increment(ref _hits) != nth) return;
        Reached.TrySetResult();
        await new TaskCompletionSource().Task; // never completes, whatever the token says: a dead process does not unwind
    }
}

/// <summary>Keeps every supervision event either instance sent (and forwards it to the real queue).</summary>
internal sealed class SentEvents(ISupervisionEvents inner, ConcurrentQueue<SupervisionEvent> sent) : ISupervisionEvents
{
    public async Task RecordAsync(SupervisionEvent e, CancellationToken ct)
    {
        await inner.RecordAsync(e, ct);
        sent.Enqueue(e);
    }
}

/// <summary>
/// Crash tests (issue 7): stop the handler at each named point of a share request, of a share decision and acceptance, of a
/// deadline timer firing and of an aggregation job; start a fresh instance on the same database and storage; let the normal
/// recovery run (the client retries with the same Idempotency-Key or event id, the queue message or blob trigger is delivered
/// again, the sweep takes back an expired lease); and show the work is done exactly once with nothing lost.
/// </summary>
public sealed class CrashTests
{
    private const string Jur = "350800";
    private static readonly TimeSpan CrashWait = TimeSpan.FromSeconds(90);

    /// <summary>One row per crash point: the scenario, the point, and which hit of it crashes.</summary>
    public static TheoryData<string, string, int> Points => new()
    {
        { "file", "sharing.file.timer-scheduled", 1 },
        { "file", "sharing.file.stored", 1 },
        { "file", "sharing.file.supervision-sent", 1 },
        { "file", "sharing.file.audited", 1 },
        // Hits of the event points: 1 the provider's approval, 2 the DataAuthority's (the answer), 3 the acceptance (the grant).
        { "decide", "sharing.event.stored", 2 },
        { "decide", "sharing.event.followed-up", 2 },
        { "decide", "sharing.event.audited", 2 },
        { "decide", "sharing.event.stored", 3 },
        { "decide", "sharing.event.followed-up", 3 },
        { "decide", "sharing.event.audited", 3 },
        // No retry at all: the restarted orchestration completes the commit by itself.
        { "decide-unretried", "sharing.event.stored", 1 },
        // Inside the deadline orchestration's reminder and due activities (the engine records what follows them).
        { "remind", "deadline.handled", 1 },
        { "remind", "deadline.audited", 1 },
        { "escalate", "deadline.handled", 1 },
        { "escalate", "deadline.audited", 1 },
        { "aggregate", "aggregation.version-taken", 1 },
        { "aggregate", "aggregation.data-written", 1 },
        { "aggregate", "aggregation.lineage-written", 1 },
        { "aggregate", "aggregation.curated", 1 },
        { "aggregate", "aggregation.timers-scheduled", 1 },
        { "aggregate", "aggregation.supervision-sent", 1 },
        { "aggregate", "aggregation.audited", 1 },
        { "aggregate", "aggregation.state-written", 1 },
        // Aggregation accepts the version a share request waits for (002 第二十三条): the process dies once the met
        // availability deadline is stored, before its timer is cancelled, the provider counted and the step audited.
        { "available", "sharing.availability.stored", 1 },
    };

    private readonly ConcurrentQueue<SupervisionEvent> _sent = new();
    private readonly string _database = "govdata-" + Guid.NewGuid().ToString("N")[..12];

    private GovDataApp Instance(ICrashPoints? crash) => new()
    {
        Database = _database,
        ExtraServices = s =>
        {
            if (crash is not null) s.AddSingleton(crash);
            s.AddSingleton<ISupervisionEvents>(sp => new SentEvents(ActivatorUtilities.CreateInstance<QueuedSupervisionEvents>(sp), _sent));
        },
    };

    [Theory]
    [MemberData(nameof(Points))]
    public async Task The_work_completes_once_after_a_crash_at(string scenario, string point, int nth)
    {
        var crash = new CrashAt(point, nth);
        // Only the aggregation job still crashes in-process (it holds nothing a restart must wait for); the others die in a
        // local-host process of their own (see ChildHost), where the crash point kills the process.
        var first = Instance(scenario is "aggregate" or "available" ? crash : null);
        var second = Instance(null);
        try
        {
            switch (scenario)
            {
                case "file": await FileAsync(first, second, point); break;
                case "decide": await DecideAsync(first, second, point, nth); break;
                case "decide-unretried": await DecideUnretriedAsync(first, second, point); break;
                case "remind": await FireAsync(first, second, point, due: false); break;
                case "escalate": await FireAsync(first, second, point, due: true); break;
                case "aggregate": await AggregateAsync(first, second, crash); break;
                case "available": await MakeAvailableAsync(first, second, crash); break;
                default: throw new ArgumentOutOfRangeException(nameof(scenario));
            }
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_malformed_Idempotency_Key_is_refused_and_files_nothing()
    {
        await using var app = Instance(null);
        var api = new SharingApi(app);
        var entryId = await api.PublishAsync();
        var response = await api.Requester.SendAsync(Filing(entryId, new string('k', 101)));
        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains(GovData.Functions.Sharing.Requests.ShareRequests.IdempotencyKeyHeader, problem.ToString(), StringComparison.Ordinal);
        var filed = await app.Services.GetRequiredService<ShareStore>().OfDepartmentAsync(Jur, Domain.Jurisdictions.DemoJurisdiction.MarketRegulation.Code, false, CancellationToken.None);
        Assert.DoesNotContain(filed, d => d.Request.Terms.EntryId == entryId);
    }

    // Runs the work on the first instance until it crashes, then throws that instance away and starts the second at the same time.
    private static async Task CrashThenRestartAsync(GovDataApp first, GovDataApp second, CrashAt crash, Func<Task> work)
    {
        _ = Task.Run(work);
        await crash.Reached.Task.WaitAsync(CrashWait);
        var at = first.Time.GetUtcNow();
        await first.DisposeAsync();
        second.Time.SetUtcNow(at);
        _ = second.Services; // start it
    }

    private static HttpRequestMessage Filing(string entryId, string key) => new(HttpMethod.Post, "/api/sharing/requests")
    {
        Content = JsonContent.Create(SharingApi.RequestBody(entryId)),
        Headers = { { GovData.Functions.Sharing.Requests.ShareRequests.IdempotencyKeyHeader, key } },
    };

    // The filing's orchestration records it in an activity; the process dies inside it. The client retries with the same key.
    private async Task FileAsync(GovDataApp first, GovDataApp second, string point)
    {
        var entryId = await new SharingApi(first).PublishAsync();
        var key = "filing-" + Guid.NewGuid().ToString("N");
        await first.DisposeAsync();
        await using (var child = await ChildHost.StartAsync(first, GovDataApp.DefaultNow, point))
        {
            var requester = await child.ClientForAsync(Domain.Jurisdictions.DemoJurisdiction.MarketRegulation, Domain.Identity.Role.DataSteward);
            await Assert.ThrowsAnyAsync<Exception>(() => requester.SendAsync(Filing(entryId, key)));
            Assert.NotEqual(0, await child.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        }

        // The client never got its answer, so it sends the same filing again with the same key.
        var api = new SharingApi(second);
        var retried = await (await api.Requester.SendAsync(Filing(entryId, key))).ShouldBe(HttpStatusCode.Accepted);
        var id = retried.GetProperty("id").GetString()!;
        var again = await (await api.Requester.SendAsync(Filing(entryId, key))).ShouldBe(HttpStatusCode.Accepted);
        Assert.Equal(id, again.GetProperty("id").GetString());

        var store = second.Services.GetRequiredService<ShareStore>();
        var mine = (await store.OfDepartmentAsync(Jur, Domain.Jurisdictions.DemoJurisdiction.MarketRegulation.Code, false, CancellationToken.None))
            .Where(d => d.Request.Terms.EntryId == entryId).ToList();
        Assert.Equal(id, Assert.Single(mine).Id);
        var timer = await Timer(second, $"share:{id}:decision");
        Assert.Equal(TimerState.Pending, timer.State);
        await AssertCountedOnceAsync(second, $"share-request:{id}:received");
        Assert.Single(await AuditAsync(second, ShareFollowUp.Subject(Jur, id)), a => a.Action == GovData.Functions.Sharing.Requests.ShareRequests.FileAction && a.Reason is null);
    }

    // The decision is applied by the request's orchestration (plan, then commit with its follow-ups); the process dies inside
    // the commit. The client retries the event it never heard back about (same event id), then the workflow goes on.
    private async Task DecideAsync(GovDataApp first, GovDataApp second, string point, int nth)
    {
        var api = new SharingApi(first);
        var entryId = await api.PublishAsync();
        var id = (await api.FileAsync(entryId)).GetProperty("id").GetString()!;
        var steps = new (Domain.Jurisdictions.Department Unit, Domain.Identity.Role Role, string Event, object Body)[]
        {
            (Domain.Jurisdictions.DemoJurisdiction.PublicSecurity, Domain.Identity.Role.DataSteward, "approve", new { eventId = "provider-approves" }),
            (Domain.Jurisdictions.DemoJurisdiction.DataAuthority, Domain.Identity.Role.DataAuthority, "approve", new { eventId = "authority-approves" }),
            (Domain.Jurisdictions.DemoJurisdiction.MarketRegulation, Domain.Identity.Role.DataSteward, "accept", new { eventId = "requester-accepts", dataUseAgreement = true, confidentialityAgreement = true }),
        };
        await first.DisposeAsync();
        await using (var child = await ChildHost.StartAsync(first, GovDataApp.DefaultNow, point, crashAtHit: nth))
        {
            for (var i = 0; i < nth - 1; i++)
                await (await SharingApi.Event(await child.ClientForAsync(steps[i].Unit, steps[i].Role), id, steps[i].Event, steps[i].Body)).ShouldBe(HttpStatusCode.OK);
            var last = steps[nth - 1];
            var client = await child.ClientForAsync(last.Unit, last.Role);
            await Assert.ThrowsAnyAsync<Exception>(() => SharingApi.Event(client, id, last.Event, last.Body));
            Assert.NotEqual(0, await child.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        }

        var next = new SharingApi(second);
        for (var i = nth - 1; i < steps.Length; i++)
            await (await SharingApi.Event(second.ClientFor(steps[i].Unit, steps[i].Role), id, steps[i].Event, steps[i].Body)).ShouldBe(HttpStatusCode.OK);

        var doc = (await second.Services.GetRequiredService<ShareStore>().FindAsync(Jur, id, CancellationToken.None))!;
        Assert.Equal("Granted", doc.State);
        Assert.NotNull(doc.Request.Grant);
        Assert.Single(doc.Request.Timeline, s => s.Action == "accept");
        await second.DeadlineInStateAsync(Jur, $"share:{id}:decision", TimerState.Cancelled);
        await CollectSentAsync(second, id);
        await AssertCountedOnceAsync(second, $"share-request:{id}:received");
        await Eventually.TrueAsync(async () => { await CollectSentAsync(second, id); return _sent.Any(e => e.Id == $"share-request:{id}:answered"); });
        await AssertCountedOnceAsync(second, $"share-request:{id}:answered");
        // The retried commit writes the operation's record; wait for the orchestration to have finished it.
        var audit = await Eventually.ValueAsync(async () => await AuditAsync(second, ShareFollowUp.Subject(Jur, id)) is var a
            && a.Count(x => x.Action == "sharing.request.approve" && x.Outcome == AuditOutcome.Succeeded && x.Reason is null) >= 2
            && a.Any(x => x.Action == "sharing.request.accept" && x.Outcome == AuditOutcome.Succeeded && x.Reason is null) ? a : null);
        Assert.Equal(2, audit.Count(a => a.Action == "sharing.request.approve" && a.Outcome == AuditOutcome.Succeeded && a.Reason is null));
        Assert.Single(audit, a => a.Action == "sharing.request.accept" && a.Outcome == AuditOutcome.Succeeded && a.Reason is null);
    }

    // No retry at all: the process dies after the answer is stored; the restarted orchestration finishes the commit by itself
    // (the decision deadline cancelled, the answer counted), no clock and no caller needed.
    private async Task DecideUnretriedAsync(GovDataApp first, GovDataApp second, string point)
    {
        var api = new SharingApi(first);
        var id = (await api.FileAsync(await api.PublishAsync())).GetProperty("id").GetString()!;
        var timerId = $"share:{id}:decision";
        await (await SharingApi.Event(api.Provider, id, "approve")).ShouldBe(HttpStatusCode.OK);
        await first.DisposeAsync();
        await using (var child = await ChildHost.StartAsync(first, GovDataApp.DefaultNow, point))
        {
            var authority = await child.ClientForAsync(Domain.Jurisdictions.DemoJurisdiction.DataAuthority, Domain.Identity.Role.DataAuthority);
            await Assert.ThrowsAnyAsync<Exception>(() => SharingApi.Event(authority, id, "approve"));
            Assert.NotEqual(0, await child.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        }

        _ = second.Services; // the restarted app; nobody calls
        await second.DeadlineInStateAsync(Jur, timerId, TimerState.Cancelled);
        await Eventually.TrueAsync(async () => { await CollectSentAsync(second, id); return _sent.Any(e => e.Id == $"share-request:{id}:answered"); });
        await AssertCountedOnceAsync(second, $"share-request:{id}:answered");
        var answered = _sent.First(e => e.Id == $"share-request:{id}:answered");
        Assert.Equal("true", answered.Data["onTime"]);
        var request = (await second.Services.GetRequiredService<ShareStore>().FindAsync(Jur, id, CancellationToken.None))!.Request;
        Assert.Equal("Approved", request.State.ToString());
        Assert.DoesNotContain(request.Timeline, s => s.Action == "deadline.reminder");
    }

    // The deadline orchestration's activity dies with its process: the local host runs in a process of its own, which kills
    // itself at the crash point (nothing renews the work item it held); the restarted app (same task hub and worker id)
    // runs the activity again once the item's visibility lapses.
    private async Task FireAsync(GovDataApp first, GovDataApp second, string point, bool due)
    {
        var api = new SharingApi(first);
        var id = (await api.FileAsync(await api.PublishAsync())).GetProperty("id").GetString()!;
        var timerId = $"share:{id}:decision";
        var timer = await Timer(first, timerId);
        var at = (due ? timer.Deadline.DueAt : timer.RemindAt!.Value).AddMinutes(1);
        var storage = first.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value;
        await first.DisposeAsync();

        await using (var child = await ChildHost.StartAsync(first, at, point))
        {
            // On the child's clock the reminder (or the due time) has passed: once the deadline recomputes, it fires.
            var client = LocalHost.Durable.DurableTaskHost.ClientOnly(storage, first.TaskHub, JsonDefaults.Storage);
            await client.RaiseEventAsync(StatutoryDeadlines.InstanceId(Jur, timerId), DeadlineWorkflow.Recompute, DateTimeOffset.UtcNow.UtcTicks);
            Assert.NotEqual(0, await child.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        }

        second.Time.SetUtcNow(at.AddMinutes(1));
        await second.SettleDeadlinesAsync(TimeSpan.FromSeconds(90));

        var fired = await Timer(second, timerId);
        Assert.True(fired.Reminded);
        Assert.Equal(due ? TimerState.Fired : TimerState.Pending, fired.State);
        var request = (await second.Services.GetRequiredService<ShareStore>().FindAsync(Jur, id, CancellationToken.None))!.Request;
        var audit = await AuditAsync(second, ShareFollowUp.Subject(Jur, id));
        if (due)
        {
            Assert.Single(request.Timeline, s => s.Action == "escalate");
            Assert.Single(audit, a => a.Action == "sharing.deadline.escalate");
            Assert.Single(audit, a => a.Action == "deadline.due");
            var findings = second.Services.GetRequiredService<Database>().GetContainer(StorageNames.Cosmos.Supervision);
            Assert.Equal("Open", (await findings.ReadItemAsync<JsonElement>("finding:" + timerId, new PartitionKey(Jur))).Resource.GetProperty("state").GetString());
        }
        else
        {
            Assert.Single(request.Timeline, s => s.Action == "deadline.reminder");
            Assert.Single(audit, a => a.Action == "sharing.deadline.remind");
            Assert.Single(audit, a => a.Action == "deadline.remind");
        }
    }

    private async Task AggregateAsync(GovDataApp first, GovDataApp second, CrashAt crash)
    {
        var api = new AggregationApi(first);
        var entryId = await api.PublishPeopleAsync();
        var id = await api.PostFileAsync(entryId, Encoding.UTF8.GetBytes(SubmissionFiles.Csv(20)));
        await CrashThenRestartAsync(first, second, crash, () => api.ArriveAsync(id, entryId));

        // The blob trigger delivers again (the receipt was never written); an attempt that died holding the lease is taken
        // back by the sweep once the lease runs out.
        var next = new AggregationApi(second);
        await next.ArriveAsync(id, entryId);
        second.Time.Advance(TimeSpan.FromMinutes(11));
        await second.Triggers.InvokeTimerAsync("AggregationSweep");
        await next.ArriveAsync(id, entryId);

        var status = await next.StatusAsync(id);
        Assert.Equal("Accepted", status.GetProperty("state").GetString());
        Assert.Equal(1, status.GetProperty("version").GetInt32());
        var versions = await next.VersionsAsync(entryId);
        Assert.Equal(1, Assert.Single(versions).GetProperty("version").GetInt32());
        var curated = new List<string>();
        await foreach (var blob in next.Curated.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{Jur}/{entryId}/", CancellationToken.None)) curated.Add(blob.Name);
        Assert.Equal(3, curated.Count);
        Assert.All(curated, n => Assert.Contains("000001", n, StringComparison.Ordinal));
        await AssertCountedOnceAsync(second, "aggregation-submission:" + id);
        var audit = await AuditAsync(second, AggregationService.Resource(Jur, id));
        Assert.Single(audit, a => a.Action is "aggregation.submission.accept" or "aggregation.submission.reject");
    }

    // A request marked not aggregated waits for the entry's data; the aggregation job that accepts version 1 meets its
    // availability deadline and dies just after storing that. The blob trigger delivers again on the restarted app.
    private async Task MakeAvailableAsync(GovDataApp first, GovDataApp second, CrashAt crash)
    {
        var data = new SharedDataApi(first);
        var entryId = await data.Aggregation.Catalog.PublishAsync(SharedDataApi.EntryBody("Conditional"));
        var filed = await (await data.Sharing.Requester.PostAsJsonAsync("/api/sharing/requests", SharingApi.RequestBody(entryId, ["姓名"]))).ShouldBe(HttpStatusCode.Accepted);
        var id = filed.GetProperty("id").GetString()!;
        await (await SharingApi.Event(data.Sharing.Provider, id, "not-aggregated")).ShouldBe(HttpStatusCode.OK);
        var timerId = $"share:{id}:availability";
        Assert.Equal(TimerState.Pending, (await Timer(first, timerId)).State);
        var submission = await data.Aggregation.PostFileAsync(entryId, Encoding.UTF8.GetBytes(SharedDataApi.Csv(5)));
        await CrashThenRestartAsync(first, second, crash, () => data.Aggregation.ArriveAsync(submission, entryId));

        var next = new AggregationApi(second);
        await next.ArriveAsync(submission, entryId);
        second.Time.Advance(TimeSpan.FromMinutes(11));
        await second.Triggers.InvokeTimerAsync("AggregationSweep");
        await next.ArriveAsync(submission, entryId);

        Assert.Equal("Accepted", (await next.StatusAsync(submission)).GetProperty("state").GetString());
        await second.DeadlineInStateAsync(Jur, timerId, TimerState.Cancelled);
        var request = (await second.Services.GetRequiredService<ShareStore>().FindAsync(Jur, id, CancellationToken.None))!.Request;
        Assert.Equal((1, true), (request.Availability!.Version, request.Availability.OnTime));
        Assert.Single(request.Timeline, s => s.Action == "availability.met");
        await AssertCountedOnceAsync(second, $"share-request:{id}:available");
        var audit = await AuditAsync(second, ShareFollowUp.Subject(Jur, id));
        Assert.Single(audit, a => a.Action == "sharing.availability.met");
    }

    private static async Task<DeadlineTimer> Timer(GovDataApp app, string id) =>
        (await app.DeadlineAsync(Jur, id))
        ?? throw new Xunit.Sdk.XunitException($"timer {id} is missing");

    private static async Task<List<AuditRecord>> AuditAsync(GovDataApp app, string resource)
    {
        var now = app.Time.GetUtcNow();
        var list = new List<AuditRecord>();
        await foreach (var r in app.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(Jur, now.AddDays(-30), now.AddDays(1)) { ResourcePrefix = resource }, CancellationToken.None))
            if (r.Resource == resource) list.Add(r);
        return list;
    }

    // A local-host process sent its supervision events to the real queue, out of the test's reach: take this request's off the
    // queue (shared by every test app; the others' show again a second later) into the sent list.
    private async Task CollectSentAsync(GovDataApp app, string id)
    {
        var queue = app.Services.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient(StorageNames.Queues.Supervision);
        while (true)
        {
            var messages = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value;
            if (messages.Length == 0) return;
            foreach (var m in messages)
            {
                var text = m.Body.ToString();
                if (!text.Contains(id, StringComparison.Ordinal)) continue;
                var e = JsonSerializer.Deserialize<SupervisionEvent>(text, JsonDefaults.Storage)!;
                _sent.Enqueue(e);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
            }
        }
    }

    // Every copy either instance sent goes to the supervision queue function: the event must have been sent, and counts once.
    private async Task AssertCountedOnceAsync(GovDataApp app, string eventId)
    {
        var copies = _sent.Where(e => e.Id == eventId).ToList();
        Assert.NotEmpty(copies);
        var counted = 0;
        foreach (var e in copies)
        {
            // The handler behind the SupervisionEventReceived function, for the line that says whether this copy counted.
            var result = await app.Services.GetRequiredService<SupervisionEventReceived>().HandleAsync(new QueueDelivery(JsonSerializer.Serialize(e, JsonDefaults.Storage), Guid.NewGuid().ToString("N"), 1), CancellationToken.None);
            if (result.StartsWith("counted ", StringComparison.Ordinal)) counted++;
        }
        Assert.Equal(1, counted);
    }
}
