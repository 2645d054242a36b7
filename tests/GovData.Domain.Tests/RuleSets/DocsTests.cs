using System.Text;
using GovData.Domain.RuleSets;

namespace GovData.Domain.Tests.RuleSets;

/// <summary>Keeps docs/rule-sets.md in step with the data: each jurisdiction's table is rendered from the effective rules.</summary>
public class DocsTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    internal static string Table(EffectiveRuleSet e)
    {
        var sb = new StringBuilder();
        sb.Append("| rule | value | source |\n|---|---|---|\n");
        foreach (var rule in e.Rules)
        {
            var value = RuleKeys.Find(rule.Key)!.Format(rule.BoxedValue);
            value = rule.BoxedValue switch
            {
                SharingCategory s => $"{value}: {s.Meaning}",
                OpenCategory o => $"{value}: {o.Meaning}",
                _ => value,
            };
            sb.Append($"| `{rule.Key}` | {Cell(value)} | {Cell(rule.Origin.Describe())} |\n");
        }
        return sb.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    [Fact]
    public void The_doc_shows_each_jurisdiction_table_as_the_data_resolves_it()
    {
        var registry = RuleSetRegistry.BuiltIn();
        var tables = registry.Jurisdictions.Select(code => (code, table: Table(registry.Resolve(code, Today)))).ToArray();

        // Set this to a file path to regenerate the tables after changing the data.
        if (Environment.GetEnvironmentVariable("GOVDATA_RULESET_TABLES_OUT") is { Length: > 0 } output)
            File.WriteAllText(output, string.Join("\n", tables.Select(t => $"<!-- {t.code} -->\n{t.table}")));

        var doc = File.ReadAllText(Path.Combine(RepoFiles.RepoRoot(), "docs", "rule-sets.md"));
        foreach (var (code, table) in tables)
            Assert.True(doc.Contains(table, StringComparison.Ordinal), $"docs/rule-sets.md is missing the current table for {code}:\n{table}");
    }
}
