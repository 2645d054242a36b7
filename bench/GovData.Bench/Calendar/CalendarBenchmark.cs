using System.Diagnostics;
using GovData.Domain.Calendar;

namespace GovData.Bench.Calendar;

/// <summary>Operations per second of the working-day calendar's hot paths (every request and every sweep computes deadlines).</summary>
public sealed class CalendarBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "calendar";

    /// <inheritdoc />
    public string Description => "IsWorkingDay / AddWorkingDays / CountWorkingDays ops/s on the built-in 2020-2026 calendar ([--ops N], default 5000000)";

    /// <inheritdoc />
    public Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var ops = args.Length >= 2 && args[0] == "--ops" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5_000_000;
        var calendar = BuiltInCalendar.Create();

        // Inputs are drawn once, with a fixed seed, so runs compare; a power-of-two count lets the loops index with a mask.
        const int Inputs = 4096;
        var random = new Random(20260101);
        var first = new DateTime(2020, 1, 1);
        var span = (int)(new DateTime(2026, 12, 1) - first).TotalDays;
        var dates = new DateOnly[Inputs];
        var moments = new DateTimeOffset[Inputs];
        var ns = new int[Inputs];
        var ends = new DateTimeOffset[Inputs];
        for (var i = 0; i < Inputs; i++)
        {
            var local = first.AddDays(random.Next(span)).AddSeconds(random.Next(86_400));
            dates[i] = DateOnly.FromDateTime(local);
            moments[i] = new DateTimeOffset(local, ChinaTime.Offset);
            ns[i] = random.Next(1, 21);
            ends[i] = moments[i].AddDays(random.Next(1, 30));
        }
        var provisional = Enumerable.Range(0, Inputs).Select(i => new DateTimeOffset(2026, 12, 15 + i % 15, 10, 0, 0, ChinaTime.Offset)).ToArray();

        Console.WriteLine($"ops per measurement: {ops:N0}; calendar {calendar.Stamp}");
        Measure("IsWorkingDay", ops, i => calendar.IsWorkingDay(dates[i & (Inputs - 1)]) ? 1 : 0);
        Measure("AddWorkingDays (N 1-20)", ops, i => calendar.AddWorkingDays(moments[i & (Inputs - 1)], ns[i & (Inputs - 1)]).DueDate.DayNumber);
        Measure("AddWorkingDays (provisional, into 2027)", ops, i => calendar.AddWorkingDays(provisional[i & (Inputs - 1)], ns[i & (Inputs - 1)]).DueDate.DayNumber);
        Measure("CountWorkingDays", ops, i => calendar.CountWorkingDays(moments[i & (Inputs - 1)], ends[i & (Inputs - 1)]));
        Measure("Create (7 years + 10 provisional, precompute)", Math.Max(1, ops / 1000), _ => BuiltInCalendar.Create().LastLoadedYear);
        return Task.CompletedTask;
    }

    private static void Measure(string name, int ops, Func<int, int> op)
    {
        long sink = 0;
        for (var i = 0; i < Math.Min(ops, 200_000); i++) sink += op(i); // warm-up: lets tiered JIT reach the optimized code
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < ops; i++) sink += op(i);
        watch.Stop();
        var perSecond = ops / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"{name,-42} {perSecond,16:N0} ops/s {watch.Elapsed.TotalMilliseconds * 1_000_000 / ops,10:N1} ns/op (checksum {sink})");
    }
}
