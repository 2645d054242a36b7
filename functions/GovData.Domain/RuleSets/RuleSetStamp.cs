using System.Globalization;

namespace GovData.Domain.RuleSets;

/// <summary>One version of one jurisdiction's rule set, written <c>370500@v1</c>.</summary>
public readonly record struct RuleSetVersionRef(string Jurisdiction, int Version)
{
    /// <inheritdoc />
    public override string ToString() => $"{Jurisdiction}@v{Version.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// The exact rule set versions a decision applied: the jurisdiction's own first, then each ancestor
/// whose rules filled its silences, e.g. <c>350800@v1+350000@v1</c>. A decision stores this text and
/// <see cref="RuleSetRegistry.Resolve(RuleSetStamp, DateOnly)"/> gives back exactly the rules it used.
/// </summary>
public sealed class RuleSetStamp : IEquatable<RuleSetStamp>
{
    /// <summary>Creates a stamp from the chain, the jurisdiction's own version first.</summary>
    public RuleSetStamp(IReadOnlyList<RuleSetVersionRef> chain)
    {
        if (chain.Count == 0) throw new ArgumentException("a stamp names at least one rule set", nameof(chain));
        Chain = chain.ToArray();
    }

    /// <summary>The versions, the jurisdiction's own first.</summary>
    public IReadOnlyList<RuleSetVersionRef> Chain { get; }

    /// <summary>The jurisdiction the stamp is for.</summary>
    public string Jurisdiction => Chain[0].Jurisdiction;

    /// <summary>The jurisdiction's own version.</summary>
    public int Version => Chain[0].Version;

    /// <summary>Reads a stamp such as <c>350800@v1+350000@v2</c>; null when the text is not one.</summary>
    public static RuleSetStamp? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var chain = new List<RuleSetVersionRef>();
        foreach (var part in text.Split('+'))
        {
            var at = part.IndexOf("@v", StringComparison.Ordinal);
            if (at <= 0) return null;
            var code = part[..at];
            if (JurisdictionCode.Validate(code) is not null) return null;
            if (!int.TryParse(part.AsSpan(at + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1) return null;
            chain.Add(new RuleSetVersionRef(code, version));
        }
        return new RuleSetStamp(chain);
    }

    /// <inheritdoc />
    public override string ToString() => string.Join("+", Chain);
    /// <inheritdoc />
    public bool Equals(RuleSetStamp? other) => other is not null && Chain.SequenceEqual(other.Chain);
    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RuleSetStamp);
    /// <inheritdoc />
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
