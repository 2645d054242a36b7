namespace GovData.Functions.Sharing;

/// <summary>Body of the CoordinationOffice's order to answer an escalated request.</summary>
public sealed record OrderAnswerBody
{
    /// <summary>Working days (1 to 20) from now within which the department of the current step must answer.</summary>
    public int? WorkingDays { get; init; }
    /// <summary>Why, recorded in the timeline (required).</summary>
    public string? Reason { get; init; }
    /// <summary>Client-chosen id so a resent event is answered with the current state.</summary>
    public string? EventId { get; init; }
}
