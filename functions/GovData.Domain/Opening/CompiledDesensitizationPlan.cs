namespace GovData.Domain.Opening;

/// <summary>What happens to one column of the curated file: where it goes (or dropped), how values change, whether they are scanned.</summary>
public sealed record ColumnPlan(string Name, int OutputIndex, ValueDesensitizer? Desensitizer, bool Scan)
{
    /// <summary>Whether the column is left out of the published file.</summary>
    public bool Dropped => Desensitizer is null;
}

/// <summary>A validated plan bound to the header of one curated file, ready to run row by row.</summary>
public sealed class CompiledDesensitizationPlan
{
    private CompiledDesensitizationPlan(ColumnPlan[] columns, string[] output)
    {
        Columns = columns;
        OutputColumns = output;
    }

    /// <summary>One entry per input column, in file order.</summary>
    public IReadOnlyList<ColumnPlan> Columns { get; }

    /// <summary>The published file's header: the input columns that are not dropped, in order.</summary>
    public IReadOnlyList<string> OutputColumns { get; }

    /// <summary>
    /// Binds <paramref name="plan"/> to <paramref name="header"/>. Every column must have a strategy: a column the plan does
    /// not know could hold anything, so it refuses rather than guesses. Returns null with <paramref name="errors"/> otherwise.
    /// </summary>
    public static CompiledDesensitizationPlan? Create(DesensitizationPlan plan, IReadOnlyList<string> header, Pseudonymizer? pseudonymizer,
        out IReadOnlyList<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(header);
        var list = new List<ValidationError>();
        var byItem = new Dictionary<string, ItemDesensitization>(StringComparer.Ordinal);
        foreach (var s in plan.Items) byItem.TryAdd(s.Item, s);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var columns = new ColumnPlan[header.Count];
        var output = new List<string>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (!seen.Add(name)) { list.Add(new($"header[{i}]", $"column '{name}' appears more than once")); continue; }
            if (!byItem.TryGetValue(name, out var s)) { list.Add(new($"header[{i}]", $"column '{name}' has no strategy in the desensitization plan")); continue; }
            if (s.Method == DesensitizationMethod.KeyedHash && pseudonymizer is null)
            {
                list.Add(new($"header[{i}]", $"column '{name}' is hashed but no pseudonym secret is configured"));
                continue;
            }
            var d = ValueDesensitizer.For(s, pseudonymizer);
            columns[i] = new ColumnPlan(name, d is null ? -1 : output.Count, d, d is not null && !s.ScanAllowed);
            if (d is not null) output.Add(name);
        }
        errors = list;
        return list.Count == 0 ? new CompiledDesensitizationPlan(columns, [.. output]) : null;
    }
}
