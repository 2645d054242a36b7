namespace GovData.Domain.RuleSets;

/// <summary>A rule's value with its key and origin, without its type, for code that walks every rule.</summary>
public interface IRule
{
    /// <summary>The rule's key, e.g. <c>shareDecision.deadline</c> (see <see cref="RuleKeys"/>).</summary>
    string Key { get; }
    /// <summary>The value, boxed.</summary>
    object BoxedValue { get; }
    /// <summary>Where the value comes from.</summary>
    RuleOrigin Origin { get; }
}

/// <summary>One rule's value together with where it comes from.</summary>
/// <param name="Key">The rule's key, e.g. <c>shareDecision.deadline</c>.</param>
/// <param name="Value">The value that applies.</param>
/// <param name="Origin">The article, parent, platform default or amendment the value comes from.</param>
public sealed record Rule<T>(string Key, T Value, RuleOrigin Origin) : IRule where T : notnull
{
    object IRule.BoxedValue => Value;

    /// <summary>The same value with another origin.</summary>
    public Rule<T> WithOrigin(RuleOrigin origin) => this with { Origin = origin };

    /// <inheritdoc />
    public override string ToString() => $"{Key} = {RuleKeys.Find(Key)?.Format(Value) ?? Value.ToString()} ({Origin.Describe()})";
}
