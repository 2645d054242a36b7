using System.Text.Json;
using System.Text.Json.Nodes;

namespace GovData.Domain.RuleSets;

/// <summary>How a city's value combines with its parent's.</summary>
public enum RuleCombination
{
    /// <summary>The city's own value wins; the parent's fills in only where the city is silent.</summary>
    ChildOverrides,
    /// <summary>The parent's value is a minimum: the city may set more, never less (audit retention).</summary>
    AtLeastParent,
}

/// <summary>
/// The description of one rule: its key, its meaning, the type of its value and how that value is read,
/// written, bounded and combined with a parent's. The list lives in <see cref="RuleKeys"/>.
/// </summary>
public abstract class RuleDefinition
{
    private protected RuleDefinition(string key, string title, RuleCombination combination)
    {
        Key = key;
        Title = title;
        Combination = combination;
    }

    /// <summary>The key used in JSON and in validation field paths, e.g. <c>shareDecision.deadline</c>.</summary>
    public string Key { get; }
    /// <summary>What the rule governs, in one line.</summary>
    public string Title { get; }
    /// <summary>How a city's value combines with its parent's.</summary>
    public RuleCombination Combination { get; }
    /// <summary>The CLR type of the value.</summary>
    public abstract Type ValueType { get; }

    /// <summary>The value as people read it in docs and decision records.</summary>
    public abstract string Format(object value);
    /// <summary>Why the value is outside what a rule set may set, or null when it is fine.</summary>
    public abstract string? CheckBounds(object value);

    internal abstract bool TryRead(JsonElement element, out object? value, out string? error);
    internal abstract JsonNode? Write(object value);
    internal abstract IRule Create(object value, RuleOrigin origin);
    internal abstract int Compare(object left, object right);

    /// <inheritdoc />
    public override string ToString() => Key;
}

/// <summary>A rule definition whose value has type <typeparamref name="T"/>.</summary>
public sealed class RuleDefinition<T> : RuleDefinition where T : notnull
{
    private readonly Reader read;
    private readonly Func<T, JsonNode?> write;
    private readonly Func<T, string?> bounds;
    private readonly Func<T, string> format;

    internal delegate bool Reader(JsonElement element, out T? value, out string? error);

    internal RuleDefinition(
        string key,
        string title,
        Reader read,
        Func<T, JsonNode?> write,
        Func<T, string?>? bounds = null,
        Func<T, string>? format = null,
        RuleCombination combination = RuleCombination.ChildOverrides)
        : base(key, title, combination)
    {
        this.read = read;
        this.write = write;
        this.bounds = bounds ?? (_ => null);
        this.format = format ?? (v => v.ToString() ?? "");
        if (combination == RuleCombination.AtLeastParent && !typeof(IComparable<T>).IsAssignableFrom(typeof(T)))
            throw new ArgumentException($"{key}: a minimum needs comparable values", nameof(combination));
    }

    /// <inheritdoc />
    public override Type ValueType => typeof(T);

    /// <summary>The value as people read it.</summary>
    public string Format(T value) => format(value);
    /// <inheritdoc />
    public override string Format(object value) => format((T)value);
    /// <inheritdoc />
    public override string? CheckBounds(object value) => value is T typed ? bounds(typed) : $"must be a {typeof(T).Name}";

    /// <summary>Creates a rule of this definition.</summary>
    public Rule<T> Create(T value, RuleOrigin origin) => new(Key, value, origin);

    internal override bool TryRead(JsonElement element, out object? value, out string? error)
    {
        if (read(element, out var typed, out error) && typed is not null)
        {
            value = typed;
            return true;
        }
        value = null;
        error ??= "has no value";
        return false;
    }

    internal override JsonNode? Write(object value) => write((T)value);
    internal override IRule Create(object value, RuleOrigin origin) => new Rule<T>(Key, (T)value, origin);
    internal override int Compare(object left, object right) => ((IComparable<T>)left).CompareTo((T)right);
}
