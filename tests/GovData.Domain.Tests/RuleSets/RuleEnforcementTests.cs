using System.Text.Json;
using System.Text.RegularExpressions;
using GovData.Domain.RuleSets;

namespace GovData.Domain.Tests.RuleSets;

/// <summary>
/// Every rule key of the five rule sets is either enforced by code, with a test that fails when the rule is switched (tagged
/// with the xUnit trait Rule = the key), or marked informational in docs/rule-sets.md (section "Which rules the code enforces").
/// A rule that is both, or neither, fails here; so does a tag or a doc line naming no rule.
/// </summary>
public partial class RuleEnforcementTests
{
    private static readonly string Root = RepoFiles.RepoRoot();

    [Fact]
    public void Every_rule_key_is_enforced_with_a_switching_test_or_marked_informational()
    {
        var keys = RuleSetKeys();
        var tested = TaggedTests();
        var informational = InformationalKeys();

        var neither = keys.Where(k => !tested.ContainsKey(k) && !informational.Contains(k)).ToList();
        var both = keys.Where(k => tested.ContainsKey(k) && informational.Contains(k)).ToList();
        var unknown = tested.Keys.Concat(informational).Where(k => !keys.Contains(k)).Distinct().ToList();
        Assert.True(neither.Count == 0, "rule keys neither enforced with a [Trait(\"Rule\", key)] test nor marked informational in docs/rule-sets.md: " + string.Join(", ", neither));
        Assert.True(both.Count == 0, "rule keys both tested as enforced and marked informational: " + string.Join(", ", both.Select(k => $"{k} ({string.Join(", ", tested[k])})")));
        Assert.True(unknown.Count == 0, "tags or doc lines name keys no rule set has: " + string.Join(", ", unknown));
        Assert.Equal(RuleKeys.All.Count, keys.Count);
    }

    [Fact]
    public void The_rule_tag_sits_on_a_test_method()
    {
        // A tag on anything but a test would make the check above pass without a test behind it.
        foreach (var (file, lines) in TestSources())
            for (var i = 0; i < lines.Length; i++)
                if (RuleTrait().IsMatch(lines[i]))
                    Assert.True(MethodAfter(lines, i) is not null, $"{file}:{i + 1}: [Trait(\"Rule\", …)] is not on a [Fact], [Theory] or [Property] method");
    }

    // The keys every built-in rule set file holds (the JSON lists every rule explicitly) and every key the registry resolves.
    private static HashSet<string> RuleSetKeys()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(Path.Combine(Root, "functions", "GovData.Domain", "RuleSets", "Data"), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var p in doc.RootElement.GetProperty("rules").EnumerateObject()) keys.Add(p.Name);
        }
        var registry = RuleSetRegistry.BuiltIn();
        foreach (var code in registry.Jurisdictions)
            foreach (var rule in registry.Resolve(code, new DateOnly(2026, 11, 24)).Rules) keys.Add(rule.Key);
        Assert.Equal(5, registry.Jurisdictions.Count);
        return keys;
    }

    private static Dictionary<string, List<string>> TaggedTests()
    {
        var tagged = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (file, lines) in TestSources())
            for (var i = 0; i < lines.Length; i++)
                if (RuleTrait().Match(lines[i]) is { Success: true } m && MethodAfter(lines, i) is { } method)
                {
                    if (!tagged.TryGetValue(m.Groups[1].Value, out var list)) tagged[m.Groups[1].Value] = list = [];
                    list.Add($"{Path.GetFileNameWithoutExtension(file)}.{method}");
                }
        return tagged;
    }

    private static HashSet<string> InformationalKeys()
    {
        var doc = File.ReadAllText(Path.Combine(Root, "docs", "rule-sets.md"));
        var start = doc.IndexOf("## Which rules the code enforces", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/rule-sets.md has no section '## Which rules the code enforces'");
        var end = doc.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        var section = end < 0 ? doc[start..] : doc[start..end];
        return [.. InformationalLine().Matches(section).Select(m => m.Groups[1].Value)];
    }

    private static IEnumerable<(string File, string[] Lines)> TestSources() =>
        Directory.GetFiles(Path.Combine(Root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (f, File.ReadAllLines(f)));

    // The method an attribute line belongs to, if the attribute block holds a test attribute: the name, or null.
    private static string? MethodAfter(string[] lines, int i)
    {
        var first = i;
        while (first > 0 && lines[first - 1].TrimStart().StartsWith('[')) first--;
        var last = i;
        while (last + 1 < lines.Length && lines[last + 1].TrimStart().StartsWith('[')) last++;
        var isTest = lines[first..(last + 1)].Any(l => TestAttribute().IsMatch(l));
        if (!isTest || last + 1 >= lines.Length) return null;
        return MethodName().Match(lines[last + 1]) is { Success: true } m ? m.Groups[1].Value : null;
    }

    [GeneratedRegex("""\[Trait\("Rule", "([A-Za-z.]+)"\)\]""")]
    private static partial Regex RuleTrait();

    [GeneratedRegex(@"^\s*\[(Fact|Theory|Property)\b")]
    private static partial Regex TestAttribute();

    [GeneratedRegex(@"^\s*public\s+(?:async\s+)?[\w<>\[\]?,\s]+?\s(\w+)\s*\(")]
    private static partial Regex MethodName();

    [GeneratedRegex(@"^- `([A-Za-z.]+)` — informational:", RegexOptions.Multiline)]
    private static partial Regex InformationalLine();
}
