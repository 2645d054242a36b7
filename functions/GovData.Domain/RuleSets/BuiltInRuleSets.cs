namespace GovData.Domain.RuleSets;

/// <summary>
/// The five jurisdictions' rule sets as shipped, read from the JSON files embedded from RuleSets/Data
/// (one per jurisdiction, each value with its article). A bad file is a build defect, so loading throws.
/// </summary>
public static class BuiltInRuleSets
{
    /// <summary>Fujian Province (000).</summary>
    public const string Fujian = "350000";
    /// <summary>Shanghai (001).</summary>
    public const string Shanghai = "310000";
    /// <summary>Dongying, Shandong (002).</summary>
    public const string Dongying = "370500";
    /// <summary>Shijiazhuang, Hebei (003).</summary>
    public const string Shijiazhuang = "130100";
    /// <summary>Longyan, under Fujian (004).</summary>
    public const string Longyan = "350800";

    private const string ResourcePrefix = "GovData.Domain.RuleSets.Data.";

    private static readonly Lazy<IReadOnlyList<RuleSet>> Loaded = new(Read);

    /// <summary>Every built-in rule set, version 1; throws <see cref="InvalidOperationException"/> when a file is invalid.</summary>
    public static IReadOnlyList<RuleSet> Load() => Loaded.Value;

    private static IReadOnlyList<RuleSet> Read()
    {
        var assembly = typeof(BuiltInRuleSets).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (names.Length == 0) throw new InvalidOperationException("No rule set files are embedded (RuleSets/Data/*.json)");

        var result = new List<RuleSet>();
        foreach (var name in names)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var parsed = RuleSetJson.ParseRuleSet(reader.ReadToEnd());
            if (parsed.RuleSet is null)
                throw new InvalidOperationException($"{name} is invalid: " + string.Join("; ", parsed.Errors.Select(e => $"{e.Field}: {e.Reason}")));
            var expected = name[ResourcePrefix.Length..^".json".Length];
            if (parsed.RuleSet.Jurisdiction != expected)
                throw new InvalidOperationException($"{name} holds jurisdiction {parsed.RuleSet.Jurisdiction}; the file must be named after it");
            result.Add(parsed.RuleSet);
        }
        return result;
    }
}
