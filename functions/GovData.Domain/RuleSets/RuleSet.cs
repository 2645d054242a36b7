using System.Collections.Immutable;

namespace GovData.Domain.RuleSets;

/// <summary>The regulation a jurisdiction's rule set was first built from.</summary>
/// <param name="File">The regulation file number, e.g. "004" (see regulations/README.md).</param>
/// <param name="Title">The regulation's title as the text gives it.</param>
public sealed record RegulationRef(string File, string Title);

/// <summary>The period a jurisdiction's regulation is in force, with the article that says so.</summary>
/// <param name="From">The first day in force; null when the text gives no date.</param>
/// <param name="Until">The last day in force; null when the text sets no end.</param>
/// <param name="Source">The article that sets the period, or the amendment's basis.</param>
/// <param name="Note">Anything the dates alone do not say (a missing date, a trial period).</param>
public sealed record Validity(DateOnly? From, DateOnly? Until, Citation? Source, string? Note)
{
    /// <summary>Whether the regulation had lapsed on <paramref name="on"/>.</summary>
    public bool IsExpiredOn(DateOnly on) => Until is { } until && on > until;

    /// <summary>Whether the regulation had not yet started on <paramref name="on"/>.</summary>
    public bool IsNotYetInForceOn(DateOnly on) => From is { } from && on < from;
}

/// <summary>Who changed a rule set, when and why; absent on the built-in first version.</summary>
/// <param name="AmendedBy">The DataAuthority user who made the amendment.</param>
/// <param name="RecordedOn">The day the amendment was recorded.</param>
/// <param name="Reason">Why the rules were changed.</param>
/// <param name="ChangedKeys">The rules the amendment changed, plus "validity" when it changed the validity.</param>
public sealed record AmendmentInfo(string AmendedBy, DateOnly RecordedOn, string Reason, IReadOnlyList<string> ChangedKeys);

/// <summary>
/// One version of one jurisdiction's rules, as data. A rule is absent where the jurisdiction's text is
/// silent, so that the parent's rule applies (see <see cref="RuleSetRegistry.Resolve(string, DateOnly)"/>).
/// Versions never change once made; an amendment makes the next one.
/// </summary>
public sealed record RuleSet
{
    /// <summary>The GB/T 2260 division code.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>The jurisdiction's name.</summary>
    public required string Name { get; init; }
    /// <summary>The parent jurisdiction whose rules fill this one's silences; null for provinces and for cities whose province's text is not loaded.</summary>
    public string? Parent { get; init; }
    /// <summary>The version, 1 for the built-in rules, +1 per amendment.</summary>
    public required int Version { get; init; }
    /// <summary>The regulation the rules were built from.</summary>
    public required RegulationRef Regulation { get; init; }
    /// <summary>When the regulation is in force.</summary>
    public required Validity Validity { get; init; }
    /// <summary>The first day this version governs decisions.</summary>
    public required DateOnly EffectiveFrom { get; init; }
    /// <summary>Who made this version and why; null for version 1.</summary>
    public AmendmentInfo? Amendment { get; init; }
    /// <summary>The rules this jurisdiction sets itself, by key.</summary>
    public required ImmutableDictionary<string, IRule> Rules { get; init; }
    /// <summary>For rules the text is silent on: what the text does say, if anything, by key.</summary>
    public ImmutableDictionary<string, string> SilenceNotes { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The first day the regulation is in force, when the text gives one.</summary>
    public DateOnly? ValidFrom => Validity.From;
    /// <summary>The last day the regulation is in force, when the text sets one.</summary>
    public DateOnly? ValidUntil => Validity.Until;

    /// <summary>This version's reference, e.g. <c>370500@v1</c>.</summary>
    public RuleSetVersionRef Ref => new(Jurisdiction, Version);

    /// <summary>The rule this jurisdiction sets itself, or null where its text is silent.</summary>
    public Rule<T>? Get<T>(RuleDefinition<T> rule) where T : notnull => Rules.TryGetValue(rule.Key, out var r) ? (Rule<T>)r : null;
}
