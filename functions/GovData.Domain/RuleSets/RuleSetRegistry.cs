using System.Collections.Immutable;

namespace GovData.Domain.RuleSets;

/// <summary>
/// Every version of every jurisdiction's rule set. Resolves the rules that govern a jurisdiction on a date
/// (filling a city's silences from its parent) or exactly the versions a past decision used, and applies
/// amendments. Immutable: an amendment returns a new registry, so readers never see a half-applied change.
/// </summary>
public sealed class RuleSetRegistry
{
    private readonly ImmutableDictionary<string, ImmutableList<RuleSet>> versions;
    // Resolving walks the parent chain and every rule key; the registry never changes, so each answer is kept (per instance:
    // an amended registry is a new instance and starts empty). Every request that checks a rule resolves today's rules.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Jurisdiction, DateOnly On), EffectiveRuleSet> resolved = new();

    /// <summary>Creates a registry from rule set versions; throws when they are inconsistent (a programming or data error).</summary>
    public RuleSetRegistry(IEnumerable<RuleSet> ruleSets)
    {
        versions = ruleSets
            .GroupBy(r => r.Jurisdiction, StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.OrderBy(r => r.Version).ToImmutableList(), StringComparer.Ordinal);
        var problems = Check();
        if (problems.Count > 0) throw new ArgumentException("Inconsistent rule sets: " + string.Join("; ", problems), nameof(ruleSets));
    }

    private RuleSetRegistry(ImmutableDictionary<string, ImmutableList<RuleSet>> versions) => this.versions = versions;

    /// <summary>The registry of the five built-in rule sets, version 1 each.</summary>
    public static RuleSetRegistry BuiltIn() => new(BuiltInRuleSets.Load());

    /// <summary>The jurisdictions with a rule set.</summary>
    public IReadOnlyCollection<string> Jurisdictions => versions.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Whether <paramref name="jurisdiction"/> has a rule set.</summary>
    public bool Contains(string jurisdiction) => versions.ContainsKey(jurisdiction);

    /// <summary>Every version of the jurisdiction's rule set, oldest first.</summary>
    public IReadOnlyList<RuleSet> Versions(string jurisdiction) => Require(jurisdiction);

    /// <summary>The newest version.</summary>
    public RuleSet Latest(string jurisdiction) => Require(jurisdiction)[^1];

    /// <summary>A given version; throws <see cref="KeyNotFoundException"/> when there is none.</summary>
    public RuleSet Get(string jurisdiction, int version) =>
        Require(jurisdiction).FirstOrDefault(r => r.Version == version)
        ?? throw new KeyNotFoundException($"{jurisdiction} has no rule set version {version}");

    /// <summary>The version that governs <paramref name="on"/>: the newest one effective by then, or version 1 for dates before it.</summary>
    public RuleSet VersionOn(string jurisdiction, DateOnly on)
    {
        var all = Require(jurisdiction);
        return all.LastOrDefault(r => r.EffectiveFrom <= on) ?? all[0];
    }

    /// <summary>The jurisdictions whose parent is <paramref name="jurisdiction"/>.</summary>
    public IReadOnlyList<string> Children(string jurisdiction) =>
        versions.Where(kv => kv.Value[^1].Parent == jurisdiction).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The rules that govern <paramref name="jurisdiction"/> on <paramref name="on"/>, each ancestor at its version on that date.</summary>
    public EffectiveRuleSet Resolve(string jurisdiction, DateOnly on) =>
        resolved.GetOrAdd((jurisdiction, on), key => Resolve(VersionOn(key.Jurisdiction, key.On), key.On));

    /// <summary>The rules of a given version of <paramref name="jurisdiction"/>, each ancestor at its version on <paramref name="on"/>.</summary>
    public EffectiveRuleSet Resolve(string jurisdiction, int version, DateOnly on) => Resolve(Get(jurisdiction, version), on);

    /// <summary>
    /// Exactly the versions a past decision used, as recorded in its stamp; <paramref name="on"/> is the
    /// decision's date, which decides whether the rules are reported as expired.
    /// </summary>
    public EffectiveRuleSet Resolve(RuleSetStamp stamp, DateOnly on)
    {
        var chain = stamp.Chain.Select(r => Get(r.Jurisdiction, r.Version)).ToArray();
        for (var i = 0; i < chain.Length; i++)
        {
            var expectedParent = i + 1 < chain.Length ? chain[i + 1].Jurisdiction : null;
            if (chain[i].Parent != expectedParent)
                throw new ArgumentException($"stamp {stamp} does not follow {chain[i].Jurisdiction}'s parent ({chain[i].Parent ?? "none"})", nameof(stamp));
        }
        return Build(chain, on);
    }

    /// <summary>Validates and applies an amendment, returning the new registry and version or the validation errors.</summary>
    public AmendmentResult Amend(RuleSetAmendment amendment)
    {
        var errors = RuleSetAmendmentValidator.Validate(amendment, this);
        if (errors.Count > 0) return new AmendmentResult(this, null, errors);
        var next = NextVersion(amendment);
        return new AmendmentResult(With(next), next, []);
    }

    /// <summary>Re-applies recorded amendments in order (e.g. from storage at start-up); throws if one no longer applies.</summary>
    public RuleSetRegistry Replay(IEnumerable<RuleSetAmendment> amendments)
    {
        var registry = this;
        foreach (var amendment in amendments)
        {
            var result = registry.Amend(amendment);
            if (!result.Succeeded)
                throw new InvalidOperationException(
                    $"Recorded amendment {amendment.Jurisdiction}@v{amendment.BasedOnVersion + 1} no longer applies: " +
                    string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Reason}")));
            registry = result.Registry;
        }
        return registry;
    }

    internal RuleSet NextVersion(RuleSetAmendment amendment)
    {
        var latest = Latest(amendment.Jurisdiction);
        var version = latest.Version + 1;
        var rules = latest.Rules.ToBuilder();
        var notes = latest.SilenceNotes.ToBuilder();
        foreach (var change in amendment.Changes)
        {
            var definition = RuleKeys.Find(change.Key)!;
            if (change.Value is null)
            {
                rules.Remove(change.Key);
                notes[change.Key] = $"returned to the parent's rule by {amendment.Jurisdiction}@v{version}: {amendment.Reason}";
            }
            else
            {
                var origin = new RuleOrigin.Amendment(amendment.Jurisdiction, version, amendment.EffectiveFrom, amendment.AmendedBy, amendment.Reason, change.Basis);
                rules[change.Key] = definition.Create(change.Value, origin);
                notes.Remove(change.Key);
            }
        }
        var changed = amendment.Changes.Select(c => c.Key).ToList();
        if (amendment.Validity is not null) changed.Add("validity");
        return latest with
        {
            Version = version,
            EffectiveFrom = amendment.EffectiveFrom,
            Validity = amendment.Validity is { } v ? new Validity(v.From, v.Until, v.Basis, v.Note) : latest.Validity,
            Amendment = new AmendmentInfo(amendment.AmendedBy, amendment.RecordedOn, amendment.Reason, changed),
            Rules = rules.ToImmutable(),
            SilenceNotes = notes.ToImmutable(),
        };
    }

    internal RuleSetRegistry With(RuleSet next) =>
        new(versions.SetItem(next.Jurisdiction, versions.TryGetValue(next.Jurisdiction, out var list) ? list.Add(next) : [next]));

    internal IEnumerable<string> SelfAndDescendants(string jurisdiction)
    {
        yield return jurisdiction;
        foreach (var child in Children(jurisdiction))
        foreach (var code in SelfAndDescendants(child))
            yield return code;
    }

    private EffectiveRuleSet Resolve(RuleSet own, DateOnly on)
    {
        var chain = new List<RuleSet> { own };
        while (chain[^1].Parent is { } parent) chain.Add(VersionOn(parent, on));
        return Build(chain, on);
    }

    private static EffectiveRuleSet Build(IReadOnlyList<RuleSet> chain, DateOnly on)
    {
        // Resolve from the root down: each level keeps its own values and takes its parent's where silent.
        var resolved = new Dictionary<string, IRule>(chain[^1].Rules, StringComparer.Ordinal);
        for (var i = chain.Count - 2; i >= 0; i--)
        {
            var child = chain[i];
            var parent = chain[i + 1];
            foreach (var definition in RuleKeys.All)
            {
                var inherited = resolved[definition.Key];
                if (!child.Rules.TryGetValue(definition.Key, out var own))
                {
                    resolved[definition.Key] = definition.Create(inherited.BoxedValue,
                        new RuleOrigin.Inherited(parent.Jurisdiction, parent.Version, inherited.Origin, child.SilenceNotes.GetValueOrDefault(definition.Key)));
                }
                else if (definition.Combination == RuleCombination.AtLeastParent && definition.Compare(own.BoxedValue, inherited.BoxedValue) < 0)
                {
                    // The city implements the parent's measures and cannot lower the parent's minimum.
                    resolved[definition.Key] = definition.Create(inherited.BoxedValue,
                        new RuleOrigin.ParentMinimum(parent.Jurisdiction, parent.Version, inherited.Origin, definition.Format(own.BoxedValue), own.Origin)
                        {
                            LocalRuleValue = own.BoxedValue,
                        });
                }
                else
                {
                    resolved[definition.Key] = own;
                }
            }
        }
        return new EffectiveRuleSet(chain, on, resolved);
    }

    private ImmutableList<RuleSet> Require(string jurisdiction) =>
        versions.TryGetValue(jurisdiction, out var list) ? list : throw new KeyNotFoundException($"no rule set for jurisdiction {jurisdiction}");

    private List<string> Check()
    {
        var problems = new List<string>();
        foreach (var (code, list) in versions)
        {
            if (JurisdictionCode.Validate(code) is { } bad) problems.Add($"{code}: division code {bad}");
            for (var i = 0; i < list.Count; i++)
            {
                var r = list[i];
                if (r.Version != i + 1) problems.Add($"{code}: versions must run 1, 2, 3…; found v{r.Version} at position {i + 1}");
                if (i > 0 && r.EffectiveFrom < list[i - 1].EffectiveFrom) problems.Add($"{r.Ref}: takes effect before v{r.Version - 1}");
                if (r.Parent != list[0].Parent) problems.Add($"{r.Ref}: parent changed");
                foreach (var (key, rule) in r.Rules)
                {
                    var definition = RuleKeys.Find(key);
                    if (definition is null) problems.Add($"{r.Ref}: unknown rule {key}");
                    else if (rule.BoxedValue.GetType() != definition.ValueType) problems.Add($"{r.Ref}: {key} holds a {rule.BoxedValue.GetType().Name}");
                }
                if (r.Parent is null)
                {
                    var missing = RuleKeys.All.Where(d => !r.Rules.ContainsKey(d.Key)).Select(d => d.Key).ToArray();
                    if (missing.Length > 0) problems.Add($"{r.Ref}: has no parent, so it must set {string.Join(", ", missing)}");
                }
            }
            var parentCode = list[0].Parent;
            if (parentCode is null) continue;
            if (!versions.ContainsKey(parentCode)) problems.Add($"{code}: parent {parentCode} has no rule set");
            var seen = new HashSet<string> { code };
            for (var p = parentCode; p is not null && versions.TryGetValue(p, out var pl); p = pl[0].Parent)
            {
                if (!seen.Add(p))
                {
                    problems.Add($"{code}: parents form a cycle");
                    break;
                }
            }
        }
        return problems;
    }
}
