using System.Diagnostics;
using GovData.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace GovData.LocalHost;

/// <summary>A clock that starts at a chosen instant and then moves with real time.</summary>
public sealed class OffsetTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly TimeSpan _offset = start - TimeProvider.System.GetUtcNow();

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + _offset;
}

/// <summary>
/// Crash points that kill the whole process at the configured one, as <c>kill -9</c> would: no finally block, no lease
/// release, no renewal of the work item in hand. What storage holds is all a restarted process finds.
/// </summary>
public sealed class KillingCrashPoints(IOptions<LocalHostOptions> options, ILogger<KillingCrashPoints> logger) : ICrashPoints
{
    private int _hits;

    /// <inheritdoc />
    public ValueTask HitAsync(string point, CancellationToken cancellationToken)
    {
        if (point != options.Value.CrashAt || Interlocked.Increment(ref _hits) != options.Value.CrashAtHit) return ValueTask.CompletedTask;
        logger.LogCritical("Crash point {Point} (hit {Hit}) reached: killing process {Pid}", point, _hits, Environment.ProcessId);
        Process.GetCurrentProcess().Kill();
        return new ValueTask(new TaskCompletionSource().Task);
    }
}
