namespace GovData.Domain.RuleSets;

/// <summary>
/// A DataAuthority's change to its jurisdiction's rules. Applying it makes the next version; earlier
/// versions stay and keep resolving, so past decisions keep the rules they used.
/// </summary>
public sealed record RuleSetAmendment
{
    /// <summary>The jurisdiction whose rules change.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>The version the DataAuthority read before amending; it must still be the latest, so two amendments cannot silently overwrite each other.</summary>
    public required int BasedOnVersion { get; init; }
    /// <summary>Why the rules change; required, it is shown wherever an amended value is cited.</summary>
    public required string Reason { get; init; }
    /// <summary>The DataAuthority user making the change.</summary>
    public required string AmendedBy { get; init; }
    /// <summary>The day the amendment is recorded (set from the clock by the caller, not by the requester).</summary>
    public required DateOnly RecordedOn { get; init; }
    /// <summary>The first day the new version governs decisions; not before <see cref="RecordedOn"/>.</summary>
    public required DateOnly EffectiveFrom { get; init; }
    /// <summary>The rules that change.</summary>
    public IReadOnlyList<RuleChange> Changes { get; init; } = [];
    /// <summary>A new validity period, e.g. when a successor regulation is loaded; null keeps the current one.</summary>
    public ValidityChange? Validity { get; init; }
}

/// <summary>One rule's new value, or a return to the parent's rule when <see cref="Value"/> is null.</summary>
/// <param name="Key">The rule's key (see <see cref="RuleKeys"/>).</param>
/// <param name="Value">The new value, of the rule's value type; null to inherit the parent's rule again.</param>
/// <param name="Basis">The article or document the new value rests on, when there is one.</param>
public sealed record RuleChange(string Key, object? Value, Citation? Basis)
{
    /// <summary>Sets <paramref name="rule"/> to <paramref name="value"/>.</summary>
    public static RuleChange Of<T>(RuleDefinition<T> rule, T value, Citation? basis = null) where T : notnull => new(rule.Key, value, basis);

    /// <summary>Drops the jurisdiction's own value so the parent's rule applies again.</summary>
    public static RuleChange Inherit(RuleDefinition rule) => new(rule.Key, null, null);

    /// <summary>Whether the change returns to the parent's rule.</summary>
    public bool IsInherit => Value is null;
}

/// <summary>A new validity period for a rule set, with what it rests on.</summary>
public sealed record ValidityChange(DateOnly? From, DateOnly? Until, Citation? Basis, string? Note);

/// <summary>The outcome of applying an amendment: the new registry and version, or why it was refused.</summary>
/// <param name="Registry">The registry with the new version; the unchanged registry when refused.</param>
/// <param name="NewVersion">The new version; null when refused.</param>
/// <param name="Errors">Why the amendment was refused; empty when it was applied.</param>
public sealed record AmendmentResult(RuleSetRegistry Registry, RuleSet? NewVersion, IReadOnlyList<ValidationError> Errors)
{
    /// <summary>Whether the amendment was applied.</summary>
    public bool Succeeded => Errors.Count == 0;
}
