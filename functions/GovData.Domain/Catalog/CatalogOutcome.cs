namespace GovData.Domain.Catalog;

/// <summary>Why a catalog operation was refused; the HTTP layer maps it to 404, 403, 409 or 400.</summary>
public enum RefusalKind
{
    /// <summary>The caller may not know the entry (or this version of it) exists.</summary>
    NotFound,
    /// <summary>The caller sees the entry but lacks the role or department for the operation.</summary>
    Forbidden,
    /// <summary>The entry is not in a state that allows the operation.</summary>
    Conflict,
    /// <summary>The input breaks a rule; see the errors.</summary>
    Invalid,
}

/// <summary>A refusal with its reason and, for <see cref="RefusalKind.Invalid"/>, the fields.</summary>
public sealed record CatalogRefusal(RefusalKind Kind, string Reason, IReadOnlyList<ValidationError> Errors)
{
    /// <summary>Refused because of <paramref name="errors"/>.</summary>
    public static CatalogRefusal Invalid(IReadOnlyList<ValidationError> errors) => new(RefusalKind.Invalid, "the input is not valid", errors);
    /// <summary>Refused because of one field.</summary>
    public static CatalogRefusal Invalid(string field, string reason) => Invalid([new ValidationError(field, reason)]);
}

/// <summary>The new entry, or why there is none.</summary>
public readonly record struct CatalogOutcome(CatalogEntry? Entry, CatalogRefusal? Refusal)
{
    /// <summary>True when the operation may be stored.</summary>
    public bool Succeeded => Entry is not null;

    /// <summary>Success.</summary>
    public static implicit operator CatalogOutcome(CatalogEntry entry) => new(entry, null);
    /// <summary>Refusal.</summary>
    public static implicit operator CatalogOutcome(CatalogRefusal refusal) => new(null, refusal);
}
