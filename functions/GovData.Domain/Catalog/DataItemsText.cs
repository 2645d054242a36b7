namespace GovData.Domain.Catalog;

/// <summary>
/// The compact one-cell form of an entry's data items used by the import template and the CSV/Excel export:
/// items separated by <c>;</c> (or <c>；</c>), each <c>name|type|format|flags|allowed values</c> with trailing parts
/// optional. Flags are letters: R required, K key, P personal, S sensitive. Allowed values (Enumeration) are
/// separated by <c>/</c>. Example: <c>姓名|String||RP;出生日期|Date|yyyyMMdd|P;性别|Enumeration||R|男/女</c>.
/// </summary>
public static class DataItemsText
{
    /// <summary>The flags of an item in the compact form.</summary>
    public static string Flags(DataItem i) =>
        (i.Required ? "R" : "") + (i.IsKey ? "K" : "") + (i.IsPersonal ? "P" : "") + (i.IsSensitive ? "S" : "");

    /// <summary>Writes items in the compact form.</summary>
    public static string Format(IEnumerable<DataItem> items) => string.Join(";", items.Select(i =>
    {
        var parts = new[] { i.Name, i.Type.ToString(), i.Format ?? "", Flags(i), string.Join("/", i.AllowedValues ?? []) };
        var last = parts.Length - 1;
        while (last > 1 && parts[last].Length == 0) last--;
        return string.Join("|", parts.Take(last + 1));
    }));

    /// <summary>Reads the compact form; every problem names the item by position (1-based) and says what is wrong.</summary>
    public static (IReadOnlyList<DataItem> Items, IReadOnlyList<string> Problems) Parse(string? text)
    {
        var items = new List<DataItem>();
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(text)) { problems.Add("no data items: write name|type;name|type…"); return (items, problems); }
        var chunks = text.Split([';', '；'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var n = 0; n < chunks.Length; n++)
        {
            var parts = chunks[n].Split('|', StringSplitOptions.TrimEntries);
            var at = $"item {n + 1} ('{chunks[n]}')";
            if (parts.Length < 2 || parts[0].Length == 0) { problems.Add($"{at}: write name|type"); continue; }
            if (parts.Length > 5) { problems.Add($"{at}: at most 5 parts name|type|format|flags|values"); continue; }
            if (!TryEnum<DataItemType>(parts[1], out var type)) { problems.Add($"{at}: type must be one of {string.Join(", ", Enum.GetNames<DataItemType>())}"); continue; }
            var flags = parts.Length > 3 ? parts[3].ToUpperInvariant() : "";
            if (flags.Any(f => f is not ('R' or 'K' or 'P' or 'S'))) { problems.Add($"{at}: flags are letters R (required), K (key), P (personal), S (sensitive)"); continue; }
            var values = parts.Length > 4 && parts[4].Length > 0 ? parts[4].Split('/', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null;
            items.Add(new DataItem
            {
                Name = parts[0],
                Type = type,
                Format = parts.Length > 2 && parts[2].Length > 0 ? parts[2] : null,
                Required = flags.Contains('R'),
                IsKey = flags.Contains('K'),
                IsPersonal = flags.Contains('P'),
                IsSensitive = flags.Contains('S'),
                AllowedValues = values,
            });
        }
        return (items, problems);
    }

    /// <summary>
    /// Parses an enum by its name (case-insensitive) or its Chinese label (<see cref="Labels.ZhLabels"/>, e.g. 无条件共享);
    /// numbers are refused, so a typo cannot become a valid value.
    /// </summary>
    public static bool TryEnum<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text) || char.IsDigit(text.Trim()[0]) || text.Trim()[0] == '-') return false;
        if (Labels.ZhLabels.TryParseLabel(text, out value)) return true;
        return Enum.TryParse(text.Trim(), ignoreCase: true, out value) && Enum.IsDefined(value);
    }
}
