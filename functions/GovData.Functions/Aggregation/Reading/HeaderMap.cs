using GovData.Domain.Aggregation;
using GovData.Domain.Catalog;

namespace GovData.Functions.Aggregation.Reading;

/// <summary>Matches a header row to the entry's data items by name (any column order) and explains any mismatch.</summary>
internal static class HeaderMap
{
    /// <summary>The column of each item; throws a HeaderMismatch rejection naming missing, unknown and repeated headers.</summary>
    public static int[] Create(IReadOnlyList<string> headers, IReadOnlyList<DataItem> items)
    {
        var columns = new int[items.Count];
        Array.Fill(columns, -1);
        var unknown = new List<string>();
        var repeated = new List<string>();
        for (var c = 0; c < headers.Count; c++)
        {
            var name = Clean(headers[c]);
            var index = -1;
            for (var i = 0; i < items.Count; i++) if (items[i].Name == name) { index = i; break; }
            if (index < 0) { if (name.Length > 0 || c < headers.Count - 1) unknown.Add(name.Length == 0 ? $"(empty header in column {c + 1})" : name); }
            else if (columns[index] >= 0) repeated.Add(name);
            else columns[index] = c;
        }
        var missing = items.Where((_, i) => columns[i] < 0).Select(i => i.Name).ToList();
        if (missing.Count > 0 || unknown.Count > 0 || repeated.Count > 0)
        {
            var parts = new List<string>();
            if (missing.Count > 0) parts.Add($"missing: {string.Join(", ", missing)}");
            if (unknown.Count > 0) parts.Add($"not data items of the entry: {string.Join(", ", unknown)}");
            if (repeated.Count > 0) parts.Add($"repeated: {string.Join(", ", repeated)}");
            throw new SubmissionRejectedException(new InputRejection(RejectionReason.HeaderMismatch,
                $"the headers do not match the entry's data items ({string.Join("; ", parts)})", 1,
                missing, unknown.Concat(repeated.Select(r => $"{r} (repeated)")).ToList()));
        }
        return columns;
    }

    // Exports sometimes carry a BOM inside the first header or pad names with spaces.
    private static string Clean(string header) => header.Trim().Trim('\uFEFF').Trim();
}
