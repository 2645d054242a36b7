using System.Globalization;

namespace GovData.Domain.Catalog;

/// <summary>One field that differs between two versions.</summary>
public sealed record FieldChange(string Field, string? From, string? To);

/// <summary>Compares two versions' content field by field, data items by name.</summary>
public static class CatalogDiff
{
    /// <summary>Every difference from <paramref name="from"/> to <paramref name="to"/>, in a stable order.</summary>
    public static IReadOnlyList<FieldChange> Between(CatalogContent from, CatalogContent to)
    {
        var changes = new List<FieldChange>();
        void Compare(string field, string? a, string? b)
        {
            if (!string.Equals(a ?? "", b ?? "", StringComparison.Ordinal)) changes.Add(new FieldChange(field, a, b));
        }
        Compare("name", from.Name, to.Name);
        Compare("code", from.Code, to.Code);
        Compare("summary", from.Summary, to.Summary);
        Compare("format", from.Format, to.Format);
        Compare("sharingType", from.SharingType.ToString(), to.SharingType.ToString());
        Compare("sharingConditions", from.SharingConditions, to.SharingConditions);
        Compare("legalBasis", from.LegalBasis, to.LegalBasis);
        Compare("sharingMethods", string.Join(",", from.SharingMethods), string.Join(",", to.SharingMethods));
        Compare("openType", from.OpenType.ToString(), to.OpenType.ToString());
        Compare("openConditions", from.OpenConditions, to.OpenConditions);
        Compare("updateCycle", from.UpdateCycle.ToString(), to.UpdateCycle.ToString());
        Compare("securityLevel", from.SecurityLevel.ToString(), to.SecurityLevel.ToString());
        Compare("usageRequirements", from.UsageRequirements, to.UsageRequirements);
        Compare("relatedEntries", string.Join(",", from.RelatedEntries), string.Join(",", to.RelatedEntries));

        var before = from.DataItems.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var after = to.DataItems.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var item in from.DataItems.Where(i => !after.ContainsKey(i.Name)))
            changes.Add(new FieldChange($"dataItems[{item.Name}]", Describe(item), null));
        foreach (var item in to.DataItems)
        {
            if (!before.TryGetValue(item.Name, out var old)) changes.Add(new FieldChange($"dataItems[{item.Name}]", null, Describe(item)));
            else if (Describe(old) != Describe(item)) changes.Add(new FieldChange($"dataItems[{item.Name}]", Describe(old), Describe(item)));
        }
        return changes;
    }

    /// <summary>A data item in one line, for the diff and the history.</summary>
    public static string Describe(DataItem i) => string.Join("|",
        i.Name, i.Type, i.Format ?? "", DataItemsText.Flags(i),
        i.MaxLength?.ToString(CultureInfo.InvariantCulture) ?? "", string.Join("/", i.AllowedValues ?? []), i.Description ?? "");
}
