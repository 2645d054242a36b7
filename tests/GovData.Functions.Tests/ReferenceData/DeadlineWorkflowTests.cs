using System.Collections.Concurrent;
using GovData.Domain.Audit;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Audit;
using GovData.Functions.Calendar;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Workflow;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.ReferenceData;

/// <summary>Records what a deadline handler was asked to do.</summary>
internal sealed class RecordingDeadlineHandler : IDeadlineHandler
{
    public string Kind => "test.recording";
    public ConcurrentQueue<string> Calls { get; } = new();
    public Task OnReminderAsync(DeadlineTimer timer, CancellationToken cancellationToken) { Calls.Enqueue("remind:" + timer.Id); return Task.CompletedTask; }
    public Task OnDueAsync(DeadlineTimer timer, CancellationToken cancellationToken) { Calls.Enqueue("due:" + timer.Id); return Task.CompletedTask; }
}

/// <summary>
/// A statutory deadline is a Durable orchestration on the Azure Storage provider (Azurite): its durable timers fire the
/// reminder once and then the due time once as the clock passes them, a cancelled one never fires, and starting one again
/// does not revive it.
/// </summary>
public sealed class DeadlineWorkflowTests : IDisposable
{
    private readonly RecordingDeadlineHandler _handler = new();
    private readonly GovDataApp _app;

    public DeadlineWorkflowTests() => _app = new GovDataApp { ExtraServices = s => s.AddSingleton<IDeadlineHandler>(_handler) };

    public void Dispose() => _app.Dispose();

    private Task<DeadlineTimer> ScheduleAsync(string id, Domain.Calendar.Deadline deadline, Domain.Calendar.WorkingDayCalendar calendar) =>
        _app.WithDurableClientAsync(s => s.GetRequiredService<StatutoryDeadlines>()
            .ScheduleAsync(id, "350800", _handler.Kind, "test/subject", DemoJurisdiction.PublicSecurity.Code, deadline, "rule", calendar, reminderWorkingDays: 1));

    [Fact]
    public async Task A_deadline_reminds_once_then_fires_once_as_the_clock_passes_its_instants()
    {
        var calendar = await _app.Services.GetRequiredService<CalendarService>().GetAsync(CancellationToken.None);
        // Received Tuesday 2026-11-24 10:00, 5 working days: due end of Tuesday 12-01; reminder when 1 day remains (end of Monday 11-30).
        var deadline = calendar.AddWorkingDays(_app.Time.GetUtcNow(), 5);
        Assert.Equal(new DateOnly(2026, 12, 1), deadline.DueDate);
        var id = "t-" + Guid.NewGuid().ToString("N");
        var timer = await ScheduleAsync(id, deadline, calendar);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8)), timer.RemindAt);

        // An orchestration instance named after the deadline, running on the task hub.
        var instance = await _app.DurableClient.WaitForInstanceStartAsync(StatutoryDeadlines.InstanceId("350800", id));
        Assert.Equal(DeadlineWorkflow.Name, instance.Name);
        Assert.Equal(OrchestrationRuntimeStatus.Running, instance.RuntimeStatus);
        await _app.SettleDeadlinesAsync();
        Assert.Empty(_handler.Calls);

        await _app.MoveClockAsync(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8)));
        await _app.SettleDeadlinesAsync();
        Assert.Equal(["remind:" + id], _handler.Calls.ToArray());
        Assert.True((await _app.DeadlineAsync("350800", id))!.Reminded);

        await _app.MoveClockAsync(new DateTimeOffset(2026, 12, 2, 0, 0, 1, TimeSpan.FromHours(8)));
        var fired = await _app.DeadlineInStateAsync("350800", id, TimerState.Fired);
        Assert.Equal(["remind:" + id, "due:" + id], _handler.Calls.ToArray());
        Assert.True(fired.Reminded);
        var completed = await _app.DurableClient.WaitForInstanceCompletionAsync(StatutoryDeadlines.InstanceId("350800", id));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, completed.RuntimeStatus);
        await _app.SettleDeadlinesAsync();
        Assert.Equal(2, _handler.Calls.Count);
    }

    [Fact]
    public async Task A_cancelled_deadline_never_fires_and_starting_it_again_does_not_revive_it()
    {
        var calendar = await _app.Services.GetRequiredService<CalendarService>().GetAsync(CancellationToken.None);
        var deadline = calendar.AddWorkingDays(_app.Time.GetUtcNow(), 2);
        var id = "t-" + Guid.NewGuid().ToString("N");
        await ScheduleAsync(id, deadline, calendar);
        await _app.WithDurableClientAsync(async s => { await s.GetRequiredService<StatutoryDeadlines>().CancelAsync("350800", id, CancellationToken.None); return 0; });
        await _app.DeadlineInStateAsync("350800", id, TimerState.Cancelled);
        await ScheduleAsync(id, deadline, calendar);
        await _app.MoveClockAsync(_app.Time.GetUtcNow().AddDays(10));
        Assert.Empty(_handler.Calls);
        Assert.Equal(TimerState.Cancelled, (await _app.DeadlineAsync("350800", id))!.State);
    }

    [Fact]
    public async Task A_step_run_again_writes_its_audit_record_once()
    {
        var calendar = await _app.Services.GetRequiredService<CalendarService>().GetAsync(CancellationToken.None);
        var deadline = calendar.AddWorkingDays(_app.Time.GetUtcNow(), 5);
        var id = "t-" + Guid.NewGuid().ToString("N");
        await ScheduleAsync(id, deadline, calendar);
        await _app.MoveClockAsync(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8)));
        await _app.MoveClockAsync(new DateTimeOffset(2026, 12, 2, 0, 0, 1, TimeSpan.FromHours(8)));
        var fired = await _app.DeadlineInStateAsync("350800", id, TimerState.Fired);

        // The engine runs an activity at least once: a worker that died before reporting its step done runs it again, with
        // the same input, later (here twice more, an hour apart, so the records would differ in time if they were new).
        var steps = ActivatorUtilities.CreateInstance<DeadlineSteps>(_app.Services);
        for (var again = 1; again <= 2; again++)
        {
            _app.Time.Advance(TimeSpan.FromHours(1));
            await steps.RemindAsync(fired with { Reminded = false }, _app.DurableClient, CancellationToken.None);
            await steps.DueAsync(fired, _app.DurableClient, CancellationToken.None);
        }
        Assert.Equal(["remind:" + id, "due:" + id, "remind:" + id, "due:" + id, "remind:" + id, "due:" + id], _handler.Calls.ToArray());

        var now = _app.Time.GetUtcNow();
        var records = new List<AuditRecord>();
        await foreach (var r in _app.Services.GetRequiredService<IAuditLog>().QueryAsync(
            new AuditQuery("350800", now.AddDays(-10), now.AddDays(1)) { ResourcePrefix = "test/subject", Limit = int.MaxValue }, CancellationToken.None))
            if (r.RequestId == id) records.Add(r);
        Assert.Single(records, r => r.Action == "deadline.remind");
        Assert.Single(records, r => r.Action == "deadline.due");
        Assert.Equal(2, records.Count);
    }
}
