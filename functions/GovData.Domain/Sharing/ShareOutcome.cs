namespace GovData.Domain.Sharing;

/// <summary>Why a sharing operation was refused; the HTTP layer maps it to 404, 403, 409, 400 or 422.</summary>
public enum ShareRefusalKind
{
    /// <summary>The caller may not know the request (or entry) exists.</summary>
    NotFound,
    /// <summary>The caller sees it but may not do this (wrong role or department).</summary>
    Forbidden,
    /// <summary>The request is not in a state that allows the operation.</summary>
    Conflict,
    /// <summary>The input breaks a rule; see the errors.</summary>
    Invalid,
    /// <summary>Understood, but a rule of the jurisdiction forbids it; see the rule.</summary>
    RuleViolation,
}

/// <summary>A refusal with its reason, the fields for <see cref="ShareRefusalKind.Invalid"/>, and the rule for <see cref="ShareRefusalKind.RuleViolation"/>.</summary>
public sealed record ShareRefusal(ShareRefusalKind Kind, string Reason, IReadOnlyList<ValidationError> Errors, string? Rule = null)
{
    /// <summary>Refused because of <paramref name="errors"/>.</summary>
    public static ShareRefusal Invalid(IReadOnlyList<ValidationError> errors) => new(ShareRefusalKind.Invalid, "the input is not valid", errors);
    /// <summary>Refused because of one field.</summary>
    public static ShareRefusal Invalid(string field, string reason) => Invalid([new ValidationError(field, reason)]);
    /// <summary>Not visible to the caller.</summary>
    public static ShareRefusal NotFound(string what) => new(ShareRefusalKind.NotFound, what, []);
    /// <summary>Visible but not the caller's to do.</summary>
    public static ShareRefusal Forbidden(string reason) => new(ShareRefusalKind.Forbidden, reason, []);
    /// <summary>Not allowed in the current state.</summary>
    public static ShareRefusal Conflict(string reason) => new(ShareRefusalKind.Conflict, reason, []);
    /// <summary>Forbidden by <paramref name="rule"/>.</summary>
    public static ShareRefusal Violation(string reason, string rule) => new(ShareRefusalKind.RuleViolation, reason, [], rule);
}

/// <summary>The request after an operation, or why there is none.</summary>
public readonly record struct ShareOutcome(ShareRequest? Request, ShareRefusal? Refusal)
{
    /// <summary>True when the operation may be stored.</summary>
    public bool Succeeded => Request is not null;

    /// <summary>Success.</summary>
    public static implicit operator ShareOutcome(ShareRequest request) => new(request, null);
    /// <summary>Refusal.</summary>
    public static implicit operator ShareOutcome(ShareRefusal refusal) => new(null, refusal);
}
