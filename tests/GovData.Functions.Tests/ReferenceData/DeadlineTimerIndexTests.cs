using System.Text.Json;
using GovData.Functions.Calendar;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;
using GovData.Functions.Workflow;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.ReferenceData;

/// <summary>
/// The time-bucketed timer index and its sweep cursor: slot boundaries, timers listed behind the cursor (late, or while a
/// sweep runs), a crashed sweep, reminder -> due moving the timer, clock skew and the bootstrap of timers written before
/// the index. Each test uses its own jurisdiction key so its cursor is its own.
/// </summary>
public sealed class DeadlineTimerIndexTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(8));
    private readonly RecordingDeadlineHandler _handler = new();
    private readonly GovDataApp _app;
    private readonly string _jur = "t" + Guid.NewGuid().ToString("N")[..10];

    public DeadlineTimerIndexTests()
    {
        _app = new GovDataApp { ExtraServices = s => s.AddSingleton<IDeadlineHandler>(_handler) };
        _app.CreateClient().Dispose();
    }

    public void Dispose() => _app.Dispose();

    private DeadlineTimerStore Store => _app.Services.GetRequiredService<DeadlineTimerStore>();
    private DeadlineTimerIndex Index => Store.Index;

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    /// <summary>One sweep of the test's jurisdiction; returns the ids it queued (in order of fire time).</summary>
    private async Task<string[]> Sweep(DateTimeOffset now, Func<IReadOnlyList<TimerBucketEntry>, Task>? during = null)
    {
        var queued = new List<string>();
        await Index.SweepAsync(_jur, now, async (entries, _) =>
        {
            queued.AddRange(entries.OrderBy(e => e.FireMs).ThenBy(e => e.Id, StringComparer.Ordinal).Select(e => e.Id));
            if (during is not null) await during(entries);
        }, async ct => (await Store.PendingAsync(_jur, ct)).Select(t => new TimerBucketEntry(t.Id, t.NextFireMs)).ToList(), CancellationToken.None);
        return [.. queued];
    }

    private async Task List(string id, DateTimeOffset fireAt)
    {
        await Index.AddAsync(_jur, id, Ms(fireAt), CancellationToken.None);
        await Index.EnsureAheadAsync(_jur, id, Ms(fireAt), CancellationToken.None);
    }

    [Fact]
    public void Slots_are_whole_hours_and_shards_are_stable()
    {
        var lastOfSlot = new DateTimeOffset(2026, 12, 1, 15, 59, 59, 999, TimeSpan.Zero);
        Assert.Equal(Ms(new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.Zero)), DeadlineTimerIndex.SlotOf(Ms(lastOfSlot)));
        Assert.Equal(Ms(lastOfSlot) + 1, DeadlineTimerIndex.SlotOf(Ms(lastOfSlot) + 1));
        Assert.Equal("timer-bucket:2026-12-01T15:00Z:3", DeadlineTimerIndex.BucketId(DeadlineTimerIndex.SlotOf(Ms(lastOfSlot)), 3));
        // A process-independent hash: the same id lands in the same shard in every process.
        Assert.Equal(DeadlineTimerIndex.ShardOf("share-request:abc:decision"), DeadlineTimerIndex.ShardOf("share-request:abc:decision"));
        Assert.Equal(6, DeadlineTimerIndex.ShardOf("share-request:abc:decision"));
        Assert.Equal(Enumerable.Range(0, DeadlineTimerIndex.Shards), Enumerable.Range(0, 2000).Select(i => DeadlineTimerIndex.ShardOf($"t{i}")).Distinct().Order());
    }

    [Fact]
    public async Task The_sweep_queues_each_timer_once_when_its_instant_comes_across_slot_boundaries()
    {
        Assert.Empty(await Sweep(T0));
        var boundary = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.FromHours(8)); // a slot start (16:00Z)
        await List("last-of-slot", boundary.AddMilliseconds(-1));
        await List("first-of-next", boundary);
        await List("two-slots-later", boundary.AddHours(2).AddMinutes(30));

        Assert.Empty(await Sweep(boundary.AddMilliseconds(-2)));
        Assert.Equal(["last-of-slot"], await Sweep(boundary.AddMilliseconds(-1)));
        Assert.Equal(["first-of-next"], await Sweep(boundary));
        Assert.Empty(await Sweep(boundary.AddMinutes(1)));
        // A sweep that skipped a few minutes (and a slot) still reads every slot between the cursor and now.
        Assert.Equal(["two-slots-later"], await Sweep(boundary.AddHours(3)));
        Assert.Empty(await Sweep(boundary.AddHours(3).AddMinutes(1)));
        var cursor = await Index.CursorAsync(_jur, CancellationToken.None);
        Assert.Equal(Ms(boundary.AddHours(3).AddMinutes(1)), cursor!.SweptThroughMs);
        Assert.Null(cursor.ClaimMs);
    }

    [Fact]
    public async Task A_timer_listed_behind_the_cursor_is_queued_by_the_next_sweep()
    {
        Assert.Empty(await Sweep(T0));
        Assert.Empty(await Sweep(T0.AddHours(5)));
        // A deadline already in the past (e.g. filed late, or a clock behind the sweep's): its slot was swept long ago.
        await List("in-the-past", T0.AddHours(-30));
        await List("just-swept", T0.AddHours(5));
        Assert.Equal(["in-the-past", "just-swept"], (await Sweep(T0.AddHours(5).AddMinutes(1))).Order(StringComparer.Ordinal));
        Assert.Empty(await Sweep(T0.AddHours(5).AddMinutes(2)));
    }

    [Fact]
    public async Task A_timer_listed_while_a_sweep_reads_the_buckets_is_not_lost()
    {
        Assert.Empty(await Sweep(T0));
        await List("before", T0.AddMinutes(30));
        var at = T0.AddHours(1);
        // While the sweep holds its claim (buckets already read), an owner lists a timer due before the claim.
        Assert.Equal(["before"], await Sweep(at, async _ => await List("during", at.AddMinutes(-10))));
        Assert.Equal(["during"], await Sweep(at.AddMinutes(1)));
    }

    [Fact]
    public async Task A_sweep_that_crashes_after_queuing_leaves_the_cursor_and_the_next_one_queues_again()
    {
        Assert.Empty(await Sweep(T0));
        await List("a", T0.AddMinutes(5));
        await Assert.ThrowsAsync<IOException>(() => Sweep(T0.AddMinutes(10), _ => throw new IOException("process died")));
        var cursor = await Index.CursorAsync(_jur, CancellationToken.None);
        Assert.Equal(Ms(T0), cursor!.SweptThroughMs);
        Assert.NotNull(cursor.ClaimMs);
        // A restarted sweep starts from the cursor, not from the claim: the entry is queued again (harmless), never skipped.
        Assert.Equal(["a"], await Sweep(T0.AddMinutes(11)));
        Assert.Empty(await Sweep(T0.AddMinutes(12)));
    }

    [Fact]
    public async Task A_cursor_far_behind_catches_up_in_bounded_steps_without_skipping()
    {
        Assert.Empty(await Sweep(T0));
        await List("day-3", T0.AddDays(3));
        await List("day-38", T0.AddDays(38));
        // Four days behind: one run catches up (in 48-hour steps, each committed).
        Assert.Equal(["day-3"], await Sweep(T0.AddDays(4)));
        Assert.Equal(Ms(T0.AddDays(4)), (await Index.CursorAsync(_jur, CancellationToken.None))!.SweptThroughMs);
        // Forty days behind: a run stops after 16 steps of 48 hours; the next goes on from there.
        var after = T0.AddDays(44);
        Assert.Empty(await Sweep(after));
        Assert.Equal(Ms(T0.AddDays(4 + 32)) - 1, (await Index.CursorAsync(_jur, CancellationToken.None))!.SweptThroughMs);
        Assert.Equal(["day-38"], await Sweep(after.AddMinutes(1)));
        Assert.Equal(Ms(after.AddMinutes(1)), (await Index.CursorAsync(_jur, CancellationToken.None))!.SweptThroughMs);
    }

    [Fact]
    public async Task Reminder_then_due_moves_the_timer_to_the_bucket_of_its_due_time_and_a_reschedule_to_its_new_one()
    {
        var calendar = await _app.Services.GetRequiredService<CalendarService>().GetAsync(CancellationToken.None);
        Assert.Empty(await Sweep(_app.Time.GetUtcNow()));
        var deadline = calendar.AddWorkingDays(_app.Time.GetUtcNow(), 5); // due end of 2026-12-01, reminder end of 11-30
        var timer = await Store.ScheduleAsync("r1", _jur, _handler.Kind, "test/subject", null, deadline, "rule", calendar, reminderWorkingDays: 1);
        Assert.Empty(await Sweep(timer.RemindAt!.Value.AddMilliseconds(-1)));

        _app.Time.SetUtcNow(timer.RemindAt!.Value.AddMinutes(1));
        Assert.Equal(["r1"], await Sweep(_app.Time.GetUtcNow()));
        await Fire("r1", Ms(timer.RemindAt!.Value));
        Assert.Equal(["remind:r1"], _handler.Calls.ToArray());
        Assert.Empty(await Sweep(deadline.DueAt.AddMilliseconds(-1)));
        Assert.Equal(["r1"], await Sweep(deadline.DueAt));

        // Rescheduled (same id, a longer deadline) before its due time: the new due time is listed; the old entry, when
        // it comes, finds nothing due.
        var later = calendar.AddWorkingDays(_app.Time.GetUtcNow(), 10);
        await Store.ScheduleAsync("r2", _jur, _handler.Kind, "s", null, deadline, "rule", calendar, reminderWorkingDays: 0);
        await Store.ScheduleAsync("r2", _jur, _handler.Kind, "s", null, later, "rule", calendar, reminderWorkingDays: 0);
        Assert.Equal(["r2"], await Sweep(deadline.DueAt.AddMinutes(1)));
        _app.Time.SetUtcNow(deadline.DueAt.AddMinutes(2));
        await Fire("r2", Ms(deadline.DueAt));
        Assert.DoesNotContain("due:r2", _handler.Calls);
        Assert.Equal(["r2"], await Sweep(later.DueAt));
        _app.Time.SetUtcNow(later.DueAt.AddMinutes(1));
        await Fire("r2", Ms(later.DueAt));
        Assert.Contains("due:r2", _handler.Calls);
    }

    [Fact]
    public async Task A_timer_the_sweep_saw_due_but_the_firing_clock_does_not_is_queued_again_later()
    {
        var calendar = await _app.Services.GetRequiredService<CalendarService>().GetAsync(CancellationToken.None);
        Assert.Empty(await Sweep(_app.Time.GetUtcNow()));
        var deadline = calendar.AddWorkingDays(_app.Time.GetUtcNow(), 2);
        await Store.ScheduleAsync("skew", _jur, _handler.Kind, "s", null, deadline, "rule", calendar, reminderWorkingDays: 0);
        // The sweep's clock is a minute ahead of the firing instance's.
        Assert.Equal(["skew"], await Sweep(deadline.DueAt.AddSeconds(30)));
        _app.Time.SetUtcNow(deadline.DueAt.AddSeconds(-30));
        await Fire("skew", Ms(deadline.DueAt));
        Assert.Empty(_handler.Calls);
        Assert.Equal(["skew"], await Sweep(deadline.DueAt.AddSeconds(90)));
        _app.Time.SetUtcNow(deadline.DueAt.AddSeconds(31));
        await Fire("skew", Ms(deadline.DueAt));
        Assert.Equal(["due:skew"], _handler.Calls.ToArray());
    }

    [Fact]
    public async Task The_first_sweep_finds_timers_written_before_the_index_existed()
    {
        var calendar = await _app.Services.GetRequiredService<CalendarService>().GetAsync(CancellationToken.None);
        var container = _app.Services.GetRequiredService<Database>().GetContainer(StorageNames.Cosmos.Timers);
        var now = _app.Time.GetUtcNow();
        // Written as the code before the index did: the timer document only.
        foreach (var (id, days) in new[] { ("old-due", -10), ("old-later", 10) })
        {
            var t = DeadlineTimerStore.Build(id, _jur, _handler.Kind, "s", null, calendar.AddWorkingDays(now.AddDays(days), 1), "rule", calendar, 0);
            await container.CreateItemAsync(t, new PartitionKey(_jur));
        }
        var pending = await Store.PendingAsync(_jur, CancellationToken.None);
        Assert.Equal(["old-due", "old-later"], pending.Select(t => t.Id).Order(StringComparer.Ordinal));
        Assert.True(pending.Single(t => t.Id == "old-due").NextFireMs < Ms(now), "old-due is due");
        Assert.Equal(["old-due"], await Sweep(now));
        var later = (await Store.FindAsync(_jur, "old-later", CancellationToken.None))!;
        Assert.Empty(await Sweep(DateTimeOffset.FromUnixTimeMilliseconds(later.NextFireMs - 1)));
        Assert.Equal(["old-later"], await Sweep(DateTimeOffset.FromUnixTimeMilliseconds(later.NextFireMs)));
    }

    private async Task Fire(string id, long fireMs) =>
        await _app.Triggers.InvokeQueueAsync("DeadlineFired", JsonSerializer.Serialize(new { type = "fire", jurisdiction = _jur, id, fireMs }));
}
