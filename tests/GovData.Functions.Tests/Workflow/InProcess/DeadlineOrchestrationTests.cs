using System.Collections.Concurrent;
using GovData.Domain.Calendar;
using GovData.Functions.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace GovData.Functions.Tests.Workflow.InProcess;

/// <summary>
/// The <see cref="DeadlineWorkflow"/> orchestrator (the app's own method) on the in-memory engine, with stand-in activities
/// under the real activity names that record when they ran and with what: its timers, its <c>cancel</c> and <c>recompute</c>
/// events and its continue-as-new, without storage (one test, which the in-memory host cannot run, on the app's engine over
/// Azurite: <see cref="AzureStorageDurable"/>). The real activities are covered end to end on Azurite.
/// </summary>
public sealed class DeadlineOrchestrationTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Step, DateTimeOffset At, DeadlineTimer Timer)> _ran = new();
    /// <summary>What the stand-in recompute activity returns for the timer it is given.</summary>
    private Func<DeadlineTimer, DeadlineTimer> _recompute = t => t;
    private DurableTaskTestHost _host = null!;
    /// <summary>How many times the stand-in due activity fails before it succeeds.</summary>
    private int _dueFailures;

    public async Task InitializeAsync() => _host = await InProcessDurable.StartAsync(Register);

    /// <summary>The orchestrator and the stand-in activities, for either engine.</summary>
    private void Register(DurableTaskRegistry tasks)
    {
        tasks.AddOrchestratorFunc<DeadlineTimer, DeadlineTimer>(DeadlineWorkflow.Name, DeadlineWorkflow.RunAsync);
        tasks.AddActivityFunc<DeadlineTimer>(DeadlineSteps.RemindStep, (_, t) => Record(DeadlineSteps.RemindStep, t));
        tasks.AddActivityFunc<DeadlineTimer>(DeadlineSteps.DueStep, (_, t) =>
        {
            // A store that does not answer in time, as many times as the test says.
            if (Interlocked.Decrement(ref _dueFailures) >= 0) throw new TimeoutException("the store did not answer in time");
            Record(DeadlineSteps.DueStep, t);
        });
        tasks.AddActivityFunc<DeadlineTimer, DeadlineTimer>(DeadlineSteps.RecomputeStep, (_, t) =>
        {
            Record(DeadlineSteps.RecomputeStep, t);
            return _recompute(t);
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private DurableTaskClient Client => _host.Client;

    private void Record(string step, DeadlineTimer timer) => _ran.Enqueue((step, DateTimeOffset.UtcNow, timer));

    private string[] Steps => [.. _ran.Select(r => r.Step)];

    [Fact]
    public async Task Reminds_at_the_remind_instant_then_runs_the_due_step_at_the_due_instant()
    {
        var now = DateTimeOffset.UtcNow;
        var timer = Timer(now, remindIn: TimeSpan.FromSeconds(1), dueIn: TimeSpan.FromSeconds(2));
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(DeadlineWorkflow.Name, timer);

        var end = await Client.WaitForEndAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, end.RuntimeStatus);
        Assert.Equal([DeadlineSteps.RemindStep, DeadlineSteps.DueStep], Steps);
        var remind = _ran.Single(r => r.Step == DeadlineSteps.RemindStep);
        var due = _ran.Single(r => r.Step == DeadlineSteps.DueStep);
        // Not before its instant, and not long after it (the engine's timers fire on the wall clock).
        Assert.InRange(remind.At, timer.EngineRemindAt!.Value, timer.EngineRemindAt.Value.AddSeconds(1.5));
        Assert.InRange(due.At, timer.EngineDueAt, timer.EngineDueAt.AddSeconds(1.5));
        Assert.False(remind.Timer.Reminded);
        Assert.True(due.Timer.Reminded);
        var result = end.ReadOutputAs<DeadlineTimer>()!;
        Assert.Equal(TimerState.Fired, result.State);
        Assert.True(result.Reminded);
        Assert.NotNull(result.ClosedAt);
        Assert.Equal(TimerState.Fired, end.ReadCustomStatusAs<DeadlineTimer>()!.State);
    }

    [Fact]
    public async Task A_due_step_that_fails_is_retried_and_the_deadline_still_fires()
    {
        // A burst of 1,000 deadlines due at once timed out Azurite in 61 due steps (durable-deadlines bench, 2026-12-04);
        // without a retry each failed its orchestration and the request was never escalated.
        _dueFailures = 2;
        var timer = Timer(DateTimeOffset.UtcNow, remindIn: null, dueIn: TimeSpan.FromMilliseconds(500));
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(DeadlineWorkflow.Name, timer);

        var end = await Client.WaitForEndAsync(id, TimeSpan.FromSeconds(30));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, end.RuntimeStatus);
        Assert.Equal([DeadlineSteps.DueStep], Steps);
        Assert.Equal(TimerState.Fired, end.ReadOutputAs<DeadlineTimer>()!.State);
    }

    [Fact]
    public async Task Reports_the_pending_deadline_as_its_custom_status_while_it_waits()
    {
        var timer = Timer(DateTimeOffset.UtcNow, remindIn: TimeSpan.FromMinutes(5), dueIn: TimeSpan.FromMinutes(10));
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(DeadlineWorkflow.Name, timer);

        var status = await Client.WaitForStatusAsync<DeadlineTimer>(id, _ => true);

        Assert.Equal(TimerState.Pending, status.State);
        Assert.Equal(timer.Id, status.Id);
        Assert.Equal(timer.EngineDueAt, status.EngineDueAt);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await Client.GetInstanceAsync(id))!.RuntimeStatus);
        Assert.Empty(_ran);
        await Client.RaiseEventAsync(id, DeadlineWorkflow.Cancel, null);
        await Client.WaitForEndAsync(id);
    }

    [Fact]
    public async Task Cancel_ends_it_and_neither_the_reminder_nor_the_due_step_runs()
    {
        var now = DateTimeOffset.UtcNow;
        var timer = Timer(now, remindIn: TimeSpan.FromSeconds(1), dueIn: TimeSpan.FromSeconds(1.5));
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(DeadlineWorkflow.Name, timer);
        await Client.WaitForStatusAsync<DeadlineTimer>(id, _ => true);

        await Client.RaiseEventAsync(id, DeadlineWorkflow.Cancel, null);
        var end = await Client.WaitForEndAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, end.RuntimeStatus);
        var result = end.ReadOutputAs<DeadlineTimer>()!;
        Assert.Equal(TimerState.Cancelled, result.State);
        Assert.False(result.Reminded);
        Assert.True(result.ClosedAt < timer.EngineRemindAt, "cancelled before the reminder was due");
        // Past both instants: the timers it started were cancelled with it, nothing fires late.
        await Task.Delay(timer.EngineDueAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(500));
        Assert.Empty(_ran);
    }

    [Fact]
    public async Task Recompute_moves_its_timer_to_the_instant_the_recompute_step_returns()
    {
        var now = DateTimeOffset.UtcNow;
        // Due in an hour; the recomputed deadline is due a second after the event.
        var timer = Timer(now, remindIn: null, dueIn: TimeSpan.FromHours(1));
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(DeadlineWorkflow.Name, timer);
        await Client.WaitForStatusAsync<DeadlineTimer>(id, _ => true);
        var movedTo = DateTimeOffset.UtcNow.AddSeconds(1);
        _recompute = t => t with { EngineDueAt = movedTo, Deadline = t.Deadline with { DueAt = movedTo } };

        await Client.RaiseEventAsync(id, DeadlineWorkflow.Recompute, 7L);
        var end = await Client.WaitForEndAsync(id);

        Assert.Equal([DeadlineSteps.RecomputeStep, DeadlineSteps.DueStep], Steps);
        Assert.Equal(7, _ran.First().Timer.Ticket);
        var due = _ran.Single(r => r.Step == DeadlineSteps.DueStep);
        Assert.Equal(movedTo, due.Timer.EngineDueAt);
        Assert.InRange(due.At, movedTo, movedTo.AddSeconds(1.5));
        var result = end.ReadOutputAs<DeadlineTimer>()!;
        Assert.Equal(TimerState.Fired, result.State);
        Assert.Equal(7, result.Ticket);
    }

    [Fact]
    public async Task A_reminder_whose_deadline_has_passed_too_is_not_sent()
    {
        var now = DateTimeOffset.UtcNow;
        var timer = Timer(now, remindIn: TimeSpan.FromSeconds(-20), dueIn: TimeSpan.FromSeconds(-10));
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(DeadlineWorkflow.Name, timer);

        var end = await Client.WaitForEndAsync(id);

        Assert.Equal([DeadlineSteps.DueStep], Steps);
        Assert.Equal(TimerState.Fired, end.ReadOutputAs<DeadlineTimer>()!.State);
    }

    [Fact]
    public async Task Continues_as_new_after_its_steps_and_takes_the_next_events_in_the_new_execution()
    {
        var id = await StartWaitingAsync(Client);
        var per = DeadlineWorkflow.StepsPerExecution;
        var events = per + 3;

        for (var ticket = 1L; ticket <= per; ticket++) await Client.RaiseEventAsync(id, DeadlineWorkflow.Recompute, ticket);
        await Client.WaitForStatusAsync<DeadlineTimer>(id, t => t.Ticket == per);
        for (var ticket = per + 1L; ticket <= events; ticket++) await Client.RaiseEventAsync(id, DeadlineWorkflow.Recompute, ticket);
        await AssertContinuedAsync(Client, id, events);
    }

    [Fact]
    public async Task Continues_as_new_after_its_steps_and_keeps_the_events_that_were_waiting()
    {
        // On the app's engine (the Azure Storage provider on Azurite): the in-memory host (InProcessTestHost 0.2.3-preview.1)
        // does not carry events that were waiting over to the new execution, the Durable Task Framework does.
        await using var engine = await AzureStorageDurable.StartAsync(Register);
        var id = await StartWaitingAsync(engine.Client);
        var events = DeadlineWorkflow.StepsPerExecution + 3;

        // More recomputes than one execution takes, all raised at once, before the first is handled.
        for (var ticket = 1L; ticket <= events; ticket++) await engine.Client.RaiseEventAsync(id, DeadlineWorkflow.Recompute, ticket);
        await AssertContinuedAsync(engine.Client, id, events, TimeSpan.FromSeconds(90));
    }

    private static async Task<string> StartWaitingAsync(DurableTaskClient client)
    {
        var timer = Timer(DateTimeOffset.UtcNow, remindIn: null, dueIn: TimeSpan.FromHours(1));
        var id = await client.ScheduleNewOrchestrationInstanceAsync(DeadlineWorkflow.Name, timer);
        await client.WaitForStatusAsync<DeadlineTimer>(id, _ => true, TimeSpan.FromSeconds(30));
        return id;
    }

    private async Task AssertContinuedAsync(DurableTaskClient client, string id, int events, TimeSpan? timeout = null)
    {
        await client.WaitForStatusAsync<DeadlineTimer>(id, t => t.Ticket == events, timeout);
        // Only then the cancel: raised together with waiting recomputes, it would win (Task.WhenAny takes the first listed).
        await client.RaiseEventAsync(id, DeadlineWorkflow.Cancel, null);
        var end = await client.WaitForEndAsync(id, timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, end.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, events).Select(t => (long)t), _ran.Select(r => r.Timer.Ticket));
        Assert.All(_ran, r => Assert.Equal(DeadlineSteps.RecomputeStep, r.Step));
        var result = end.ReadOutputAs<DeadlineTimer>()!;
        Assert.Equal(TimerState.Cancelled, result.State);
        Assert.Equal(events, result.Ticket);
        // The last execution's input is the timer the first one carried over: it continued as new, it did not start again.
        Assert.Equal(DeadlineWorkflow.StepsPerExecution, end.ReadInputAs<DeadlineTimer>()!.Ticket);
    }

    /// <summary>A deadline whose engine instants are <paramref name="remindIn"/> and <paramref name="dueIn"/> from <paramref name="now"/>.</summary>
    private static DeadlineTimer Timer(DateTimeOffset now, TimeSpan? remindIn, TimeSpan dueIn)
    {
        var dueAt = now + dueIn;
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        return new DeadlineTimer
        {
            Id = $"test:{Guid.NewGuid():N}:decision",
            Jurisdiction = "350800",
            Kind = "test.kind",
            Subject = "share/requests/r1",
            Deadline = new Deadline(now, day, day.AddDays(1), 5, DateOnly.FromDateTime(dueAt.UtcDateTime), dueAt, false, [], "2026v1"),
            ReminderWorkingDays = remindIn is null ? 0 : 1,
            RemindAt = now + remindIn,
            EngineRemindAt = now + remindIn,
            EngineDueAt = dueAt,
            Rule = "350800@v1 test.deadline = 5 working days",
        };
    }
}
