using GovData.Domain.Catalog;

namespace GovData.Functions.Catalog;

/// <summary>A reviewer's decision.</summary>
public enum ReviewVerdict
{
    /// <summary>Approve (the last approval publishes).</summary>
    Approve,
    /// <summary>Return to the department with reasons.</summary>
    Return,
}

/// <summary>A retirement decision.</summary>
public enum RetirementVerdict
{
    /// <summary>Retire the entry.</summary>
    Approve,
    /// <summary>Keep it published.</summary>
    Reject,
}

/// <summary>Body of POST …/review.</summary>
public sealed record ReviewRequest
{
    /// <summary>Approve or Return.</summary>
    public required ReviewVerdict Decision { get; init; }
    /// <summary>Why it is returned (required for Return).</summary>
    public IReadOnlyList<string>? Reasons { get; init; }
}

/// <summary>Body of POST …/versions and …/retirement.</summary>
public sealed record ReasonRequest
{
    /// <summary>What changed, or why it is retired.</summary>
    public required string Reason { get; init; }
}

/// <summary>Body of POST …/retirement/decision.</summary>
public sealed record RetirementDecisionRequest
{
    /// <summary>Approve or Reject.</summary>
    public required RetirementVerdict Decision { get; init; }
    /// <summary>A note (required to reject).</summary>
    public string? Note { get; init; }
}

/// <summary>Body of POST …/emergency.</summary>
public sealed record EmergencyRequest
{
    /// <summary>The more open type during the emergency.</summary>
    public required SharingType RaisedTo { get; init; }
    /// <summary>When it falls back.</summary>
    public required DateTimeOffset Until { get; init; }
    /// <summary>The declared public emergency.</summary>
    public required string Reason { get; init; }
    /// <summary>Conditions while raised to Conditional.</summary>
    public string? Conditions { get; init; }
}

/// <summary>Body of POST …/changes.</summary>
public sealed record ChangeRequest
{
    /// <summary>ResourceChange or LegalChange.</summary>
    public required ChangeKind Kind { get; init; }
    /// <summary>What changed.</summary>
    public required string Reason { get; init; }
}

/// <summary>Body of POST /api/catalog/annual-reviews/{year}.</summary>
public sealed record AnnualReviewRequest
{
    /// <summary>What the review found.</summary>
    public string? Note { get; init; }
}
