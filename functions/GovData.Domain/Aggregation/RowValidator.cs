using GovData.Domain.Catalog;

namespace GovData.Domain.Aggregation;

/// <summary>
/// Checks submitted rows against an entry's data items and key, feeding a <see cref="QualityReportBuilder"/>
/// (001 第十二条; 000 第十五条 第十六条; 002 第十八条). One instance per submission; not thread-safe.
/// </summary>
public sealed class RowValidator
{
    private readonly ItemCheck[] checks;
    private readonly int[] keys;
    private readonly DuplicateKeyIndex duplicates = new();
    private readonly QualityReportBuilder report;

    /// <summary>Prepares the checks; <paramref name="today"/> (Beijing date) bounds dates of birth.</summary>
    public RowValidator(IReadOnlyList<DataItem> items, AggregationSettings settings, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(settings);
        Items = items;
        checks = [.. items.Select(i => new ItemCheck(i, today))];
        keys = settings.KeyIndexes(items);
        report = new QualityReportBuilder(items, settings);
    }

    /// <summary>The entry's data items, in the order of <see cref="IRowValues"/>.</summary>
    public IReadOnlyList<DataItem> Items { get; }

    /// <summary>The checks per item, also used to normalize values for the new version.</summary>
    public IReadOnlyList<ItemCheck> Checks => checks;

    /// <summary>Rows checked so far.</summary>
    public long RowsTotal => report.RowsTotal;

    /// <summary>Rows failed so far.</summary>
    public long RowsFailed => report.RowsFailed;

    /// <summary>Sizes the duplicate-key index for about <paramref name="rows"/> rows (an estimate from the file size), so it does not grow while filling.</summary>
    public void ExpectRows(long rows)
    {
        if (keys.Length > 0) duplicates.EnsureCapacity(rows);
    }

    /// <summary>Checks one row; returns true when it passed every rule. <paramref name="row"/> is the number shown in examples.</summary>
    public bool Validate<TRow>(long row, TRow values) where TRow : IRowValues, allows ref struct
    {
        var failed = false;
        for (var i = 0; i < checks.Length; i++)
        {
            var value = values[i];
            if (checks[i].Check(value) is not { } rule) continue;
            failed = true;
            if (report.Count(rule, i)) report.AddExample(rule, i, row, value, checks[i].Describe(rule, value));
        }
        if (keys.Length > 0)
        {
            var hasher = DuplicateKeyIndex.Hasher();
            foreach (var k in keys) hasher.Add(checks[k].Normalize(values[k]));
            if (duplicates.Add(hasher.Finish(), row) is { } first)
            {
                failed = true;
                if (report.Count(QualityRule.DuplicateKey, -1))
                    report.AddExample(QualityRule.DuplicateKey, -1, row, default, $"same {string.Join(" + ", keys.Select(k => Items[k].Name))} as row {first}");
            }
        }
        report.CountRow(failed);
        return !failed;
    }

    /// <summary>Counts a row that could not be split into values (wrong field count, broken JSON) as failed.</summary>
    public void Malformed(long row, string reason)
    {
        if (report.Count(QualityRule.MalformedRow, -1)) report.AddExample(QualityRule.MalformedRow, -1, row, default, reason);
        report.CountRow(failed: true);
    }

    /// <summary>The report so far, with the threshold's decision or the given rejection.</summary>
    public QualityReport Complete(InputRejection? rejection = null) => report.Build(rejection);
}
