namespace GovData.Domain.Catalog;

/// <summary>An entry already in the catalog, as the duplicate check sees it.</summary>
public sealed record CatalogedItems(string EntryId, string Code, string Name, string Department, string ItemKey);

/// <summary>A possible duplicate: the other entry, named, so the steward can check before collecting the data again.</summary>
public sealed record DuplicateWarning(string EntryId, string Code, string Name, string Department, string Message);

/// <summary>
/// 一数一源: data obtainable by sharing must not be collected again (000 第十三条, 001 第十一条, 002 第十二条). An entry whose
/// data items are the same as another department's entry is flagged (a warning, not a refusal: the steward decides).
/// </summary>
public static class DuplicateCheck
{
    /// <summary>The comparable form of a set of data items: names trimmed, case-folded, de-duplicated and sorted.</summary>
    public static string KeyOf(IEnumerable<DataItem> items) =>
        string.Join('\u001f', items.Select(i => Normalize(i.Name)).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <summary>Warnings for the entries of other departments that catalogue the same data items.</summary>
    public static IReadOnlyList<DuplicateWarning> Find(string entryId, string department, string itemKey, IEnumerable<CatalogedItems> existing) =>
        existing.Where(e => e.ItemKey == itemKey && itemKey.Length > 0 && e.EntryId != entryId && !string.Equals(e.Department, department, StringComparison.Ordinal))
            .Select(e => new DuplicateWarning(e.EntryId, e.Code, e.Name, e.Department,
                $"possible duplicate: entry {e.Code} '{e.Name}' of department {e.Department} catalogues the same data items; obtain the data by sharing instead of collecting it again (一数一源, 000 第十三条, 001 第十一条, 002 第十二条)"))
            .ToArray();

    private static string Normalize(string? name) => (name ?? "").Trim().Normalize(System.Text.NormalizationForm.FormKC).ToLowerInvariant();
}
