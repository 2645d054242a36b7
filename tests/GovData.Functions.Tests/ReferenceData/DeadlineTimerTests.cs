using System.Collections.Concurrent;
using System.Text.Json;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Calendar;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;
using GovData.Functions.Workflow;
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

/// <summary>Deadline timers: the sweep finds due ones, firing reminds then escalates exactly once, cancelled ones never fire.</summary>
public sealed class DeadlineTimerTests : IDisposable
{
    private readonly RecordingDeadlineHandler _handler = new();
    private readonly GovDataApp _app;

    public DeadlineTimerTests() => _app = new GovDataApp { ExtraServices = s => s.AddSingleton<IDeadlineHandler>(_handler) };

    public void Dispose() => _app.Dispose();

    private async Task Fire(string id) =>
        await _app.Triggers.InvokeQueueAsync("DeadlineFired", JsonSerializer.Serialize(new { type = "fire", jurisdiction = "350800", id }));

    [Fact]
    public async Task A_timer_reminds_once_then_fires_once_and_is_found_by_the_sweep_only_when_due()
    {
        _app.CreateClient().Dispose();
        var store = _app.Services.GetRequiredService<DeadlineTimerStore>();
        var calendar = await _app.Services.GetRequiredService<CalendarService>().GetAsync(CancellationToken.None);
        // Received Tuesday 2026-11-24 10:00, 5 working days: due end of Tuesday 12-01; reminder when 1 day remains (end of Monday 11-30).
        var deadline = calendar.AddWorkingDays(_app.Time.GetUtcNow(), 5);
        Assert.Equal(new DateOnly(2026, 12, 1), deadline.DueDate);
        var id = "t-" + Guid.NewGuid().ToString("N");
        var timer = await store.ScheduleAsync(id, "350800", _handler.Kind, "test/subject", DemoJurisdiction.PublicSecurity.Code, deadline, "rule", calendar, reminderWorkingDays: 1);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8)), timer.RemindAt);

        Assert.DoesNotContain(await store.DueAsync("350800", _app.Time.GetUtcNow(), CancellationToken.None), t => t.Id == id);
        await Fire(id);
        Assert.Empty(_handler.Calls);

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8)));
        Assert.Contains(await store.DueAsync("350800", _app.Time.GetUtcNow(), CancellationToken.None), t => t.Id == id);
        Assert.True(await _app.Services.GetRequiredService<DeadlineSweep>().HandleAsync(CancellationToken.None) >= 1);
        await Fire(id);
        await Fire(id);
        Assert.Equal(["remind:" + id], _handler.Calls.ToArray());

        _app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 2, 0, 0, 1, TimeSpan.FromHours(8)));
        await Fire(id);
        await Fire(id);
        Assert.Equal(["remind:" + id, "due:" + id], _handler.Calls.ToArray());
        Assert.Equal(TimerState.Fired, (await store.FindAsync("350800", id, CancellationToken.None))!.State);
        Assert.DoesNotContain(await store.DueAsync("350800", _app.Time.GetUtcNow(), CancellationToken.None), t => t.Id == id);
    }

    [Fact]
    public async Task A_cancelled_timer_never_fires_and_scheduling_again_does_not_revive_it()
    {
        _app.CreateClient().Dispose();
        var store = _app.Services.GetRequiredService<DeadlineTimerStore>();
        var calendar = await _app.Services.GetRequiredService<CalendarService>().GetAsync(CancellationToken.None);
        var deadline = calendar.AddWorkingDays(_app.Time.GetUtcNow(), 2);
        var id = "t-" + Guid.NewGuid().ToString("N");
        await store.ScheduleAsync(id, "350800", _handler.Kind, "s", null, deadline, "rule", calendar);
        await store.CancelAsync("350800", id, CancellationToken.None);
        await store.ScheduleAsync(id, "350800", _handler.Kind, "s", null, deadline, "rule", calendar);
        _app.Time.Advance(TimeSpan.FromDays(10));
        await Fire(id);
        Assert.Empty(_handler.Calls);
        Assert.Equal(TimerState.Cancelled, (await store.FindAsync("350800", id, CancellationToken.None))!.State);
    }
}
