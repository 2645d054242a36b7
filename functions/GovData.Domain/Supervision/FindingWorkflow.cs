namespace GovData.Domain.Supervision;

/// <summary>Where a finding stands (000 第四十二条, 001 第二十三条: the violation stays on record; how it was closed is part of it).</summary>
public enum FindingState
{
    /// <summary>Raised and not yet answered (or reopened).</summary>
    Open,
    /// <summary>The department says it remedied the violation; closed unless the DataAuthority reopens it.</summary>
    Remedied,
    /// <summary>The department asks the DataAuthority to accept it with a reason; still open.</summary>
    AcceptanceRequested,
    /// <summary>The DataAuthority accepted it with a reason; closed.</summary>
    AcceptedWithReason,
}

/// <summary>How a department answers its finding.</summary>
public enum FindingAnswer
{
    /// <summary>Remedied, with a note of what was done.</summary>
    Remedied,
    /// <summary>Asks acceptance, with the reason.</summary>
    AcceptanceRequested,
}

/// <summary>What the DataAuthority decides on an answered finding.</summary>
public enum FindingDecision
{
    /// <summary>Accepts it with the stated reason (closes it).</summary>
    Accept,
    /// <summary>Reopens it (the remedy or the reason does not hold).</summary>
    Reopen,
}

/// <summary>What a transition changes in the department's count of open findings.</summary>
public enum FindingCountChange
{
    /// <summary>No change.</summary>
    None,
    /// <summary>The finding was closed.</summary>
    Closed,
    /// <summary>A closed finding is open again.</summary>
    Reopened,
}

/// <summary>The result of a finding transition: the next state, or why it is refused.</summary>
public sealed record FindingTransition(FindingState? Next, FindingCountChange Change, string? Conflict, ValidationError? Invalid)
{
    /// <summary>True when the transition may be stored.</summary>
    public bool Succeeded => Next is not null;
}

/// <summary>The finding state machine: the department answers, the DataAuthority accepts or reopens.</summary>
public static class FindingWorkflow
{
    /// <summary>The longest note or reason kept.</summary>
    public const int MaxTextLength = 2000;

    /// <summary>True for the states that no longer count as open.</summary>
    public static bool IsClosed(FindingState state) => state is FindingState.Remedied or FindingState.AcceptedWithReason;

    /// <summary>The department's answer with its note (what was done, or why it should be accepted): remedied (from open, or instead of a pending acceptance request) or asks acceptance (from open).</summary>
    public static FindingTransition Answer(FindingState current, FindingAnswer answer, string? text)
    {
        if (Text(text, "note") is { } invalid) return new(null, FindingCountChange.None, null, invalid);
        return (answer, current) switch
        {
            (FindingAnswer.Remedied, FindingState.Open or FindingState.AcceptanceRequested) => new(FindingState.Remedied, FindingCountChange.Closed, null, null),
            (FindingAnswer.AcceptanceRequested, FindingState.Open) => new(FindingState.AcceptanceRequested, FindingCountChange.None, null, null),
            _ => new(null, FindingCountChange.None, $"a finding in state {current} cannot be answered with {answer}", null),
        };
    }

    /// <summary>The DataAuthority's decision: accept (an open finding or an acceptance request) or reopen (an answered or accepted one).</summary>
    public static FindingTransition Decide(FindingState current, FindingDecision decision, string? reason)
    {
        if (Text(reason, "reason") is { } invalid) return new(null, FindingCountChange.None, null, invalid);
        return (decision, current) switch
        {
            (FindingDecision.Accept, FindingState.Open or FindingState.AcceptanceRequested) => new(FindingState.AcceptedWithReason, FindingCountChange.Closed, null, null),
            (FindingDecision.Reopen, FindingState.Remedied or FindingState.AcceptedWithReason) => new(FindingState.Open, FindingCountChange.Reopened, null, null),
            (FindingDecision.Reopen, FindingState.AcceptanceRequested) => new(FindingState.Open, FindingCountChange.None, null, null),
            _ => new(null, FindingCountChange.None, $"a finding in state {current} cannot be decided with {decision}", null),
        };
    }

    private static ValidationError? Text(string? text, string field) =>
        string.IsNullOrWhiteSpace(text) ? new ValidationError(field, "is required")
        : text.Length > MaxTextLength ? new ValidationError(field, $"must be at most {MaxTextLength} characters")
        : null;
}
