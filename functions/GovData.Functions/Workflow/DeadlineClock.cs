namespace GovData.Functions.Workflow;

/// <summary>
/// Maps the app's instants (its <see cref="TimeProvider"/>, by which statutory deadlines are computed) onto the Durable
/// engine's clock (real UTC, by which durable timers fire). On the system clock they are the same instant; a test that runs
/// the app on a clock of its own gets timers that fire when its clock passes the deadline, once the running orchestrations
/// recompute (see <see cref="StatutoryDeadlines.RecomputeAsync"/>).
/// </summary>
public sealed class DeadlineClock(TimeProvider time)
{
    /// <summary>The engine instant at which the app's clock reads <paramref name="appInstant"/>, as far as can be told now.</summary>
    public DateTimeOffset ToEngine(DateTimeOffset appInstant) =>
        ReferenceEquals(time, TimeProvider.System) ? appInstant : appInstant - (time.GetUtcNow() - DateTimeOffset.UtcNow);
}
