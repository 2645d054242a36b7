using GovData.Domain.Catalog;

namespace GovData.Domain.Opening;

/// <summary>
/// The desensitization strategies of one catalog entry: one per data item. Part of the entry's open configuration; the
/// DataAuthority reviews it before a publish (002 第二十七条); this type only says whether it is complete and consistent.
/// </summary>
public sealed record DesensitizationPlan
{
    /// <summary>One strategy per data item of the entry.</summary>
    public required IReadOnlyList<ItemDesensitization> Items { get; init; }

    /// <summary>Why the plan is not acceptable for <paramref name="dataItems"/> (fields as JSON paths below <paramref name="prefix"/>); empty when it is.</summary>
    public IReadOnlyList<ValidationError> Validate(IReadOnlyList<DataItem> dataItems, string prefix = "desensitization")
    {
        ArgumentNullException.ThrowIfNull(dataItems);
        var errors = new List<ValidationError>();
        if (Items is null)
        {
            errors.Add(new($"{prefix}.items", "is required"));
            return errors;
        }
        var byName = new Dictionary<string, DataItem>(StringComparer.Ordinal);
        foreach (var d in dataItems) byName.TryAdd(d.Name, d);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Items.Count; i++)
        {
            var at = $"{prefix}.items[{i}]";
            var s = Items[i];
            if (s is null) { errors.Add(new(at, "is required")); continue; }
            if (string.IsNullOrWhiteSpace(s.Item)) { errors.Add(new($"{at}.item", "is required")); continue; }
            if (!seen.Add(s.Item)) errors.Add(new($"{at}.item", $"'{s.Item}' has more than one strategy"));
            if (!byName.TryGetValue(s.Item, out var item)) { errors.Add(new($"{at}.item", $"'{s.Item}' is not a data item of this entry")); continue; }
            ValidateStrategy(s, item, at, errors);
        }
        for (var i = 0; i < dataItems.Count; i++)
            if (!seen.Contains(dataItems[i].Name))
                errors.Add(new($"{prefix}.items", $"data item '{dataItems[i].Name}' has no strategy (use None for items that are published as they are)"));
        return errors;
    }

    private static void ValidateStrategy(ItemDesensitization s, DataItem item, string at, List<ValidationError> errors)
    {
        var protectedItem = item.IsPersonal || item.IsSensitive;
        if (!Enum.IsDefined(s.Method)) { errors.Add(new($"{at}.method", "is not a known method")); return; }
        if (protectedItem && s.Method == DesensitizationMethod.None)
            errors.Add(new($"{at}.method", $"'{item.Name}' is personal or sensitive and must be masked, generalized, hashed or dropped before opening (000 第二十九条, 004 第十七条)"));
        if (protectedItem && s.ScanAllowed)
            errors.Add(new($"{at}.scanAllowed", "a personal or sensitive item cannot be exempt from the pre-publish scan"));

        if (s.Method == DesensitizationMethod.Mask)
        {
            if (s.Mask is not { } style || !Enum.IsDefined(style)) errors.Add(new($"{at}.mask", "is required for Mask (one of the documented styles)"));
            else if (style == MaskStyle.KeepEnds)
            {
                if (s.KeepFirst is not (>= 0 and <= 32)) errors.Add(new($"{at}.keepFirst", "is required for KeepEnds, 0 to 32"));
                if (s.KeepLast is not (>= 0 and <= 32)) errors.Add(new($"{at}.keepLast", "is required for KeepEnds, 0 to 32"));
            }
        }
        else if (s.Mask is not null) errors.Add(new($"{at}.mask", "only with the Mask method"));
        if (s.Mask != MaskStyle.KeepEnds && (s.KeepFirst is not null || s.KeepLast is not null))
            errors.Add(new($"{at}.keepFirst", "keepFirst and keepLast go only with the KeepEnds mask"));

        if (s.Method == DesensitizationMethod.Generalize)
        {
            if (s.Generalization is not { } level || !Enum.IsDefined(level)) errors.Add(new($"{at}.generalization", "is required for Generalize (Year, Month or District)"));
            else if (level is Generalization.Year or Generalization.Month && item.Type is not (DataItemType.Date or DataItemType.DateTime or DataItemType.String))
                errors.Add(new($"{at}.generalization", $"{level} applies to dates; '{item.Name}' is {item.Type}"));
            else if (level is Generalization.District && item.Type is not DataItemType.String)
                errors.Add(new($"{at}.generalization", $"District applies to addresses (text); '{item.Name}' is {item.Type}"));
        }
        else if (s.Generalization is not null) errors.Add(new($"{at}.generalization", "only with the Generalize method"));
    }
}
