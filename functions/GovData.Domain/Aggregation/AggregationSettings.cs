using GovData.Domain.Catalog;

namespace GovData.Domain.Aggregation;

/// <summary>
/// How a catalog entry's submissions are judged: the largest share of failed rows still accepted, the key items that
/// must be unique, and how many examples of each failure the report keeps. Carried by the entry (one per entry).
/// </summary>
public sealed record AggregationSettings
{
    /// <summary>The defaults: accept up to 5 % failed rows, keys from <see cref="DataItem.IsKey"/>, 10 examples per failure.</summary>
    public static AggregationSettings Default { get; } = new();

    /// <summary>Accept when failed rows / rows is at most this (0 to 1); e.g. 0.05.</summary>
    public double MaxFailedRowRatio { get; init; } = 0.05;

    /// <summary>Names of the items that together must be unique; null takes the items marked <see cref="DataItem.IsKey"/>.</summary>
    public IReadOnlyList<string>? KeyItems { get; init; }

    /// <summary>How many examples of each failure (rule and item) the report keeps.</summary>
    public int ExamplesPerRule { get; init; } = 10;

    /// <summary>The key items' positions in <paramref name="items"/>; empty when the entry has no key.</summary>
    public int[] KeyIndexes(IReadOnlyList<DataItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var keys = new List<int>();
        for (var i = 0; i < items.Count; i++)
        {
            if (KeyItems is null ? items[i].IsKey : KeyItems.Contains(items[i].Name, StringComparer.Ordinal)) keys.Add(i);
        }
        return [.. keys];
    }

    /// <summary>Checks the settings against the entry's items; the catalog calls this when an entry is saved.</summary>
    public IReadOnlyList<ValidationError> Validate(IReadOnlyList<DataItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var errors = new List<ValidationError>();
        if (double.IsNaN(MaxFailedRowRatio) || MaxFailedRowRatio is < 0 or > 1)
            errors.Add(new ValidationError("aggregation.maxFailedRowRatio", "must be between 0 and 1"));
        if (ExamplesPerRule is < 0 or > 1000)
            errors.Add(new ValidationError("aggregation.examplesPerRule", "must be between 0 and 1000"));
        for (var i = 0; i < (KeyItems?.Count ?? 0); i++)
        {
            if (!items.Any(item => item.Name == KeyItems![i]))
                errors.Add(new ValidationError($"aggregation.keyItems[{i}]", $"'{KeyItems![i]}' is not a data item of the entry"));
        }
        return errors;
    }
}
