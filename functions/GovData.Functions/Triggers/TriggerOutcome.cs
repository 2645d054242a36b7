namespace GovData.Functions.Triggers;

/// <summary>What a timer-driven handler did, for its function's log: one line per item it looked at, and how many it changed.</summary>
public sealed record TriggerOutcome(IReadOnlyList<string> Lines, int Changed)
{
    /// <inheritdoc />
    public override string ToString() => $"{Changed} changed: {string.Join("; ", Lines)}";
}
