using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Domain.RuleSets;
using GovData.Domain.Sharing;
using GovData.Functions.Sharing.Requests;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace GovData.Functions.Tests.Workflow.InProcess;

/// <summary>
/// The <see cref="ShareRequestWorkflow"/> orchestrator (the app's own method) on the in-memory engine, with stand-in filing,
/// plan and commit activities under the real names over a request kept in memory: the order events are applied in, what its
/// custom status reports, the plan retried when the commit finds the request changed, the finished request's grace timer and
/// the continue-as-new (a burst across it on the app's engine over Azurite, <see cref="AzureStorageDurable"/>, which the
/// in-memory host cannot run). The real activities (ShareOperations on Cosmos) are covered end to end.
/// </summary>
public sealed class ShareRequestOrchestrationTests : IAsyncLifetime
{
    private const string Jurisdiction = "350800";
    /// <summary>What each stand-in activity was called for, in order: <c>filing</c>, <c>plan:{eventId}</c>, <c>commit:{eventId}</c>.</summary>
    private readonly ConcurrentQueue<string> _calls = new();
    /// <summary>How many more times the commit of an event returns false (the request changed since its plan).</summary>
    private readonly ConcurrentDictionary<string, int> _commitConflicts = new();
    /// <summary>The stored request's state, as the stand-in commit leaves it.</summary>
    private ShareRequestState _stored = ShareRequestState.PendingDecision;
    private DurableTaskTestHost _host = null!;

    public async Task InitializeAsync() => _host = await InProcessDurable.StartAsync(Register);

    /// <summary>The orchestrator and the stand-in activities, for either engine.</summary>
    private void Register(DurableTaskRegistry tasks)
    {
        tasks.AddOrchestratorFunc<ShareWorkflowInput, string>(ShareRequestWorkflow.Name, ShareRequestWorkflow.RunAsync);
        tasks.AddActivityFunc<ShareFiling, string>(ShareRequestSteps.RecordFilingStep, (_, filing) =>
        {
            _calls.Enqueue("filing");
            return filing.Request.State.ToString();
        });
        tasks.AddActivityFunc<SharePlanInput, SharePlan>(ShareRequestSteps.PlanStep, (_, input) => Plan(input));
        tasks.AddActivityFunc<SharePlan, bool>(ShareRequestSteps.CommitStep, (_, plan) => Commit(plan));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private DurableTaskClient Client => _host.Client;

    /// <summary>
    /// The stand-in plan: <c>note</c> keeps the state, <c>approve</c>, <c>accept</c> and <c>withdraw</c> move it, <c>again</c>
    /// is an event found applied already; anything else, or anything once the request is finished, is refused.
    /// </summary>
    private SharePlan Plan(SharePlanInput input)
    {
        var e = input.Event;
        _calls.Enqueue($"plan:{e.EventId}");
        Assert.Equal((Jurisdiction, "r1"), (input.Jurisdiction, input.RequestId));
        var before = Request(_stored);
        if (e.Name == "again") return new SharePlan(e, before, before, "etag", null, Duplicate: true);
        ShareRequestState? after = ShareRequestWorkflow.IsFinished(_stored.ToString()) ? null : e.Name switch
        {
            "note" => _stored,
            "approve" => ShareRequestState.Approved,
            "accept" => ShareRequestState.Granted,
            "withdraw" => ShareRequestState.Withdrawn,
            _ => null,
        };
        return after is { } a
            ? new SharePlan(e, before, Request(a), "etag", null, Duplicate: false)
            : new SharePlan(e, before, null, null, ShareRefusal.Conflict($"request r1 is {_stored}: cannot {e.Name}"), Duplicate: false);
    }

    private bool Commit(SharePlan plan)
    {
        _calls.Enqueue($"commit:{plan.Event.EventId}");
        if (_commitConflicts.TryGetValue(plan.Event.EventId, out var left) && left > 0)
        {
            _commitConflicts[plan.Event.EventId] = left - 1;
            return false;
        }
        _stored = plan.After!.State;
        return true;
    }

    [Fact]
    public async Task Records_the_filing_then_applies_events_in_order_and_reports_each_result_in_its_custom_status()
    {
        var id = await StartAsync(Filed: false, ShareRequestState.PendingDecision, grace: TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        string[] names = ["note", "approve", "again", "withdraw-too-late?", "accept"];
        var events = names.Select((n, i) => Event($"e{i + 1}", n)).ToArray();
        foreach (var e in events) await Client.RaiseEventAsync(id, ShareRequestWorkflow.EventName, e);
        var status = await Client.WaitForStatusAsync<ShareWorkflowStatus>(id, s => s.Recent.Count == events.Length);

        Assert.True(status.Filed);
        Assert.Equal(nameof(ShareRequestState.Granted), status.State);
        Assert.Equal(["e1", "e2", "e3", "e4", "e5"], status.Recent.Select(r => r.EventId));
        Assert.Equal(names, status.Recent.Select(r => r.Name));
        Assert.Equal([true, true, false, false, true], status.Recent.Select(r => r.Applied));
        Assert.Equal([false, false, true, false, false], status.Recent.Select(r => r.Duplicate));
        Assert.Equal(["PendingDecision", "Approved", "Approved", "Approved", "Granted"], status.Recent.Select(r => r.State));
        Assert.Equal(ShareRefusalKind.Conflict, status.ResultOf("e4")!.Refusal!.Kind);
        Assert.Equal(
            ["filing", "plan:e1", "commit:e1", "plan:e2", "commit:e2", "plan:e3", "plan:e4", "plan:e5", "commit:e5"], _calls);

        // Granted is final: after its grace the orchestration ends with the request's state.
        var end = await Client.WaitForEndAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, end.RuntimeStatus);
        Assert.Equal(nameof(ShareRequestState.Granted), end.ReadOutputAs<string>());
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"ended after {clock.Elapsed}, before its grace");
    }

    [Fact]
    public async Task Plans_again_when_the_commit_finds_the_request_changed_and_gives_up_after_five_tries()
    {
        var id = await StartAsync(Filed: true, ShareRequestState.PendingDecision, grace: TimeSpan.FromSeconds(30));
        _commitConflicts["e1"] = 2;
        _commitConflicts["e2"] = 5;

        await Client.RaiseEventAsync(id, ShareRequestWorkflow.EventName, Event("e1", "approve"));
        await Client.RaiseEventAsync(id, ShareRequestWorkflow.EventName, Event("e2", "note"));
        var status = await Client.WaitForStatusAsync<ShareWorkflowStatus>(id, s => s.Recent.Count == 2);

        var first = status.ResultOf("e1")!;
        Assert.True(first.Applied);
        Assert.Equal("Approved", first.State);
        var second = status.ResultOf("e2")!;
        Assert.False(second.Applied);
        Assert.Equal(ShareRefusalKind.Conflict, second.Refusal!.Kind);
        Assert.Equal(
            [.. Enumerable.Repeat(new[] { "plan:e1", "commit:e1" }, 3).SelectMany(c => c),
             .. Enumerable.Repeat(new[] { "plan:e2", "commit:e2" }, 5).SelectMany(c => c)],
            _calls);
        await Client.TerminateInstanceAsync(id);
    }

    [Fact]
    public async Task A_finished_request_answers_a_late_event_during_its_grace_then_ends()
    {
        _stored = ShareRequestState.Withdrawn;
        var grace = TimeSpan.FromSeconds(1.5);
        var id = await StartAsync(Filed: true, ShareRequestState.Withdrawn, grace);
        var clock = Stopwatch.StartNew();

        await Client.RaiseEventAsync(id, ShareRequestWorkflow.EventName, Event("late", "approve"));
        var status = await Client.WaitForStatusAsync<ShareWorkflowStatus>(id, s => s.Recent.Count == 1);
        var answered = clock.Elapsed;
        var end = await Client.WaitForEndAsync(id);

        Assert.True(answered < grace, $"the late event was answered after {answered}, not within the grace");
        Assert.False(status.Recent[0].Applied);
        Assert.Equal(ShareRefusalKind.Conflict, status.Recent[0].Refusal!.Kind);
        Assert.Equal(["plan:late"], _calls);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, end.RuntimeStatus);
        Assert.Equal(nameof(ShareRequestState.Withdrawn), end.ReadOutputAs<string>());
        // The grace starts again after each event it takes ("answered" is when the poll saw the result, a little after).
        Assert.InRange(clock.Elapsed, answered + grace - TimeSpan.FromMilliseconds(300), answered + grace + TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_request_that_is_not_finished_waits_for_events_past_its_grace()
    {
        var id = await StartAsync(Filed: true, ShareRequestState.PendingDecision, grace: TimeSpan.FromMilliseconds(200));

        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(OrchestrationRuntimeStatus.Running, (await Client.GetInstanceAsync(id))!.RuntimeStatus);
        await Client.RaiseEventAsync(id, ShareRequestWorkflow.EventName, Event("e1", "withdraw"));
        var end = await Client.WaitForEndAsync(id);
        Assert.Equal(nameof(ShareRequestState.Withdrawn), end.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Continues_as_new_after_sixteen_events_and_takes_the_next_events_in_the_new_execution()
    {
        var id = await StartAsync(Filed: false, ShareRequestState.PendingDecision, grace: TimeSpan.FromMilliseconds(500));
        var per = ShareRequestWorkflow.EventsPerExecution;
        var count = per + 2;

        for (var i = 1; i <= per; i++) await Client.RaiseEventAsync(id, ShareRequestWorkflow.EventName, Event($"e{i}", "note"));
        await Client.WaitForStatusAsync<ShareWorkflowStatus>(id, s => s.Recent.Count == per);
        for (var i = per + 1; i <= count; i++) await Client.RaiseEventAsync(id, ShareRequestWorkflow.EventName, Event($"e{i}", "note"));
        var status = await Client.WaitForStatusAsync<ShareWorkflowStatus>(id, s => s.Recent.Count == count);

        await AssertContinuedAsync(Client, id, status, count);
    }

    [Fact]
    public async Task Continues_as_new_after_sixteen_events_without_losing_the_events_that_were_waiting()
    {
        // On the app's engine (the Azure Storage provider on Azurite): the in-memory host (InProcessTestHost 0.2.3-preview.1)
        // does not carry events that were waiting over to the new execution, the Durable Task Framework does.
        await using var engine = await AzureStorageDurable.StartAsync(Register);
        var client = engine.Client;
        var id = await StartAsync(client, Filed: false, ShareRequestState.PendingDecision, grace: TimeSpan.FromMilliseconds(500));
        await client.WaitForStatusAsync<ShareWorkflowStatus>(id, s => s.Filed, TimeSpan.FromSeconds(30));
        var count = ShareRequestWorkflow.EventsPerExecution + 2;

        // All raised at once, before the first is applied: two wait past the first execution's sixteen.
        for (var i = 1; i <= count; i++) await client.RaiseEventAsync(id, ShareRequestWorkflow.EventName, Event($"e{i}", "note"));
        var status = await client.WaitForStatusAsync<ShareWorkflowStatus>(id, s => s.Recent.Count == count, TimeSpan.FromSeconds(90));

        await AssertContinuedAsync(client, id, status, count, TimeSpan.FromSeconds(30));
    }

    private async Task AssertContinuedAsync(DurableTaskClient client, string id, ShareWorkflowStatus status, int count, TimeSpan? timeout = null)
    {
        Assert.Equal(Enumerable.Range(1, count).Select(i => $"e{i}"), status.Recent.Select(r => r.EventId));
        Assert.All(status.Recent, r => Assert.True(r.Applied));
        // The running execution is the continued one: its input has no filing and the first sixteen results.
        var running = (await client.GetInstanceAsync(id, getInputsAndOutputs: true))!;
        var input = running.ReadInputAs<ShareWorkflowInput>()!;
        Assert.Null(input.Filing);
        Assert.True(input.Status.Filed);
        Assert.Equal(ShareRequestWorkflow.EventsPerExecution, input.Status.Recent.Count);
        Assert.Equal(1, _calls.Count(c => c == "filing"));

        await client.RaiseEventAsync(id, ShareRequestWorkflow.EventName, Event("last", "withdraw"));
        var end = await client.WaitForEndAsync(id, timeout);
        Assert.Equal(nameof(ShareRequestState.Withdrawn), end.ReadOutputAs<string>());
        Assert.Equal([.. Enumerable.Range(1, count).Select(i => $"e{i}"), "last"],
            _calls.Where(c => c.StartsWith("commit:", StringComparison.Ordinal)).Select(c => c["commit:".Length..]));
    }

    private Task<string> StartAsync(bool Filed, ShareRequestState state, TimeSpan grace) => StartAsync(Client, Filed, state, grace);

    private static async Task<string> StartAsync(DurableTaskClient client, bool Filed, ShareRequestState state, TimeSpan grace)
    {
        var request = Request(state);
        var input = new ShareWorkflowInput(Jurisdiction, request.Id, Filed ? null : new ShareFiling(request, Asked()),
            new ShareWorkflowStatus(Filed, state.ToString(), []), grace);
        var id = ShareRequestWorkflow.InstanceId(Jurisdiction, $"r1-{Guid.NewGuid():N}");
        await client.ScheduleNewOrchestrationInstanceAsync(ShareRequestWorkflow.Name, input, new StartOrchestrationOptions(id));
        return id;
    }

    private static ShareEvent Event(string eventId, string name) =>
        new(eventId, name, JsonDocument.Parse("""{"reason":"test"}""").RootElement.Clone(), Asked());

    private static AskedBy Asked() =>
        new(new CallerData("u1", "11350800MB0000001X", Jurisdiction, [Role.DataSteward]), "POST", "api", "req-1", DateTimeOffset.UtcNow);

    private static ShareRequest Request(ShareRequestState state) => new()
    {
        Id = "r1",
        Jurisdiction = Jurisdiction,
        Requester = "11350800MB0000001X",
        FiledBy = "u1",
        Provider = "11350800MB0000002X",
        Terms = new ShareTerms("entry-1", "E-1", "Entry", 1, ["item"], "all", "a test", SharingMethod.Api, 12, ["u1"]),
        State = state,
        Route = DecisionRoute.ProviderDepartment,
        Steps = [],
        FiledAt = DateTimeOffset.UtcNow,
    };
}
