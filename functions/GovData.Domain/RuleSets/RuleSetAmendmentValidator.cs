namespace GovData.Domain.RuleSets;

/// <summary>
/// Checks a DataAuthority's amendment before it becomes a new version: who and why, the version it was
/// based on, the dates, each changed value against its rule's bounds, a city's retention against its
/// parent's minimum, and the resulting rules (of the jurisdiction and of every city under it) for
/// consistency. Field paths follow the amendment JSON body (<c>rules.shareDecision.deadline</c>).
/// </summary>
public static class RuleSetAmendmentValidator
{
    /// <summary>The longest reason accepted; it is repeated wherever an amended value is cited.</summary>
    public const int MaxReasonLength = 2000;

    /// <summary>Returns every reason the amendment cannot be applied to <paramref name="registry"/>; empty when it can.</summary>
    public static IReadOnlyList<ValidationError> Validate(RuleSetAmendment amendment, RuleSetRegistry registry)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(amendment.Jurisdiction) || !registry.Contains(amendment.Jurisdiction))
        {
            errors.Add(new("jurisdiction", $"unknown jurisdiction '{amendment.Jurisdiction}'; known: {string.Join(", ", registry.Jurisdictions)}"));
            return errors;
        }
        var latest = registry.Latest(amendment.Jurisdiction);

        if (string.IsNullOrWhiteSpace(amendment.Reason)) errors.Add(new("reason", "is required: it is cited wherever the amended rules are applied"));
        else if (amendment.Reason.Length > MaxReasonLength) errors.Add(new("reason", $"must be at most {MaxReasonLength} characters"));
        if (string.IsNullOrWhiteSpace(amendment.AmendedBy)) errors.Add(new("amendedBy", "is required"));
        if (amendment.BasedOnVersion != latest.Version)
            errors.Add(new("basedOnVersion", $"is {amendment.BasedOnVersion} but the latest version is {latest.Version}; read it and amend again"));
        if (amendment.EffectiveFrom < amendment.RecordedOn)
            errors.Add(new("effectiveFrom", $"must not be before {amendment.RecordedOn:yyyy-MM-dd}, the day the amendment is recorded: decisions already taken keep their rules"));
        else if (amendment.EffectiveFrom < latest.EffectiveFrom)
            errors.Add(new("effectiveFrom", $"must not be before {latest.EffectiveFrom:yyyy-MM-dd}, when {latest.Ref} takes effect"));
        if (amendment.Changes.Count == 0 && amendment.Validity is null)
            errors.Add(new("rules", "an amendment must change at least one rule or the validity"));

        CheckChanges(amendment, registry, latest, errors);
        CheckValidity(amendment.Validity, errors);

        if (errors.Count == 0) CheckResult(amendment, registry, errors);
        return errors;
    }

    private static void CheckChanges(RuleSetAmendment amendment, RuleSetRegistry registry, RuleSet latest, List<ValidationError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in amendment.Changes)
        {
            var field = $"rules.{change.Key}";
            var definition = RuleKeys.Find(change.Key ?? "");
            if (definition is null)
            {
                errors.Add(new(field, "is not a rule; see RuleKeys.All for the rules a rule set holds"));
                continue;
            }
            if (!seen.Add(change.Key!))
            {
                errors.Add(new(field, "is changed twice in one amendment"));
                continue;
            }
            if (change.Basis?.Problem() is { } basisProblem) errors.Add(new($"{field}.basis", basisProblem));
            if (change.Value is null)
            {
                if (latest.Parent is null) errors.Add(new(field, $"{latest.Jurisdiction} has no parent to inherit from; give a value"));
                else if (!latest.Rules.ContainsKey(change.Key!)) errors.Add(new(field, "already inherits the parent's rule"));
                continue;
            }
            if (change.Value.GetType() != definition.ValueType)
            {
                errors.Add(new(field, $"must be a {definition.ValueType.Name}"));
                continue;
            }
            if (definition.CheckBounds(change.Value) is { } problem)
            {
                errors.Add(new(field, problem));
                continue;
            }
            if (definition.Combination == RuleCombination.AtLeastParent && latest.Parent is { } parent)
            {
                // A city implements its province's measures: it may keep logs longer, never shorter.
                var parentRule = registry.Resolve(parent, amendment.EffectiveFrom).Find(change.Key!)!;
                if (definition.Compare(change.Value, parentRule.BoxedValue) < 0)
                    errors.Add(new(field, $"must be at least {definition.Format(parentRule.BoxedValue)}, the minimum set by {parent} ({parentRule.Origin.Describe()})"));
            }
        }
    }

    private static void CheckValidity(ValidityChange? validity, List<ValidationError> errors)
    {
        if (validity is null) return;
        if (validity.From is { } from && validity.Until is { } until && until < from)
            errors.Add(new("validity.until", $"must not be before validity.from ({from:yyyy-MM-dd})"));
        if (validity.Basis?.Problem() is { } problem) errors.Add(new("validity.basis", problem));
        if (validity.Basis is null && string.IsNullOrWhiteSpace(validity.Note))
            errors.Add(new("validity.basis", "a new validity period needs the article or document that sets it, or a note saying why there is none"));
    }

    private static void CheckResult(RuleSetAmendment amendment, RuleSetRegistry registry, List<ValidationError> errors)
    {
        var candidate = registry.With(registry.NextVersion(amendment));
        foreach (var code in candidate.SelfAndDescendants(amendment.Jurisdiction))
        {
            var effective = candidate.Resolve(code, amendment.EffectiveFrom);
            var prefix = code == amendment.Jurisdiction ? "" : $"would make {code}'s rules inconsistent: ";
            foreach (var (key, reason) in Consistency(effective))
                errors.Add(new($"rules.{key}", prefix + reason));
        }
    }

    /// <summary>Rules that must agree with each other in any effective rule set.</summary>
    internal static IEnumerable<(string Key, string Reason)> Consistency(EffectiveRuleSet e)
    {
        if (e.NonAggregated.AnswerDeadline.Value.Days > e.NonAggregated.AvailabilityDeadline.Value.Days)
            yield return (RuleKeys.NonAggregatedAnswerDeadline.Key,
                $"must not be longer than nonAggregated.availabilityDeadline ({e.NonAggregated.AvailabilityDeadline.Value}): the answer comes before the data");
        if (e.GreenChannel.AnswerDeadline.Value.Days > e.GreenChannel.AvailabilityDeadline.Value.Days)
            yield return (RuleKeys.GreenChannelAnswerDeadline.Key,
                $"must not be longer than greenChannel.availabilityDeadline ({e.GreenChannel.AvailabilityDeadline.Value}): the answer comes before the data");
        if (e.GreenChannel.AnswerDeadline.Value.Days > e.NonAggregated.AnswerDeadline.Value.Days)
            yield return (RuleKeys.GreenChannelAnswerDeadline.Key,
                $"must not be longer than nonAggregated.answerDeadline ({e.NonAggregated.AnswerDeadline.Value}): the green channel is the faster route");
        if (e.GreenChannel.AvailabilityDeadline.Value.Days > e.NonAggregated.AvailabilityDeadline.Value.Days)
            yield return (RuleKeys.GreenChannelAvailabilityDeadline.Key,
                $"must not be longer than nonAggregated.availabilityDeadline ({e.NonAggregated.AvailabilityDeadline.Value}): the green channel is the faster route");
        if (e.Opening.OnApplication.Value.Offered && e.OpenApplication.EligibleApplicants.Value.Items.Count == 0)
            yield return (RuleKeys.OpenApplicationEligibleApplicants.Key, "must name at least one applicant type while open.onApplication is offered");
    }
}
