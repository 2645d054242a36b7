using GovData.Domain.Catalog;

namespace GovData.Domain.Aggregation;

/// <summary>Counts failures per rule and item and keeps the first examples of each, in constant memory.</summary>
public sealed class QualityReportBuilder
{
    private static readonly int RuleCount = Enum.GetValues<QualityRule>().Length;
    private readonly IReadOnlyList<DataItem> items;
    private readonly AggregationSettings settings;
    private readonly long[] counts;
    private readonly List<QualityExample> examples = [];

    /// <summary>Starts an empty report for <paramref name="items"/>.</summary>
    public QualityReportBuilder(IReadOnlyList<DataItem> items, AggregationSettings settings)
    {
        this.items = items ?? throw new ArgumentNullException(nameof(items));
        this.settings = settings ?? throw new ArgumentNullException(nameof(settings));
        counts = new long[RuleCount * (items.Count + 1)]; // the extra slot per rule is for row-level failures
    }

    /// <summary>Rows counted so far.</summary>
    public long RowsTotal { get; private set; }

    /// <summary>Rows counted so far that failed a rule.</summary>
    public long RowsFailed { get; private set; }

    /// <summary>Counts one row as read, passed or failed.</summary>
    public void CountRow(bool failed)
    {
        RowsTotal++;
        if (failed) RowsFailed++;
    }

    /// <summary>
    /// Counts one failure; returns true when an example should be kept, so the caller builds its reason only then.
    /// <paramref name="itemIndex"/> is -1 for row-level rules.
    /// </summary>
    public bool Count(QualityRule rule, int itemIndex) =>
        ++counts[Slot(rule, itemIndex)] <= settings.ExamplesPerRule;

    /// <summary>Keeps an example (after <see cref="Count"/> returned true); personal and sensitive values are masked.</summary>
    public void AddExample(QualityRule rule, int itemIndex, long row, ReadOnlySpan<char> value, string reason)
    {
        var item = itemIndex < 0 ? null : items[itemIndex];
        var shown = item is null ? null : item.IsPersonal || item.IsSensitive ? Mask(value) : Truncate(value);
        examples.Add(new QualityExample(rule, item?.Name, row, shown, reason));
    }

    /// <summary>The report with the decision of the entry's threshold; a rejection overrides it.</summary>
    public QualityReport Build(InputRejection? rejection = null)
    {
        var list = new List<RuleCount>();
        for (var r = 0; r < RuleCount; r++)
        {
            for (var i = -1; i < items.Count; i++)
            {
                var n = counts[Slot((QualityRule)r, i)];
                if (n > 0) list.Add(new RuleCount((QualityRule)r, i < 0 ? null : items[i].Name, n));
            }
        }
        var passed = RowsTotal - RowsFailed;
        return new QualityReport
        {
            RowsTotal = RowsTotal,
            RowsPassed = passed,
            RowsFailed = RowsFailed,
            PassRate = RowsTotal == 0 ? 0 : (double)passed / RowsTotal,
            MaxFailedRowRatio = settings.MaxFailedRowRatio,
            Decision = rejection is null ? QualityThreshold.Decide(RowsTotal, RowsFailed, settings.MaxFailedRowRatio) : QualityDecision.Rejected,
            Counts = list,
            Examples = [.. examples.OrderBy(e => e.Rule).ThenBy(e => e.Item is null ? -1 : IndexOf(e.Item)).ThenBy(e => e.Row)],
            Rejection = rejection ?? (RowsTotal == 0 ? new InputRejection(RejectionReason.Empty, "the file has a header but no rows") : null),
        };
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < items.Count; i++) if (items[i].Name == name) return i;
        return -1;
    }

    private int Slot(QualityRule rule, int itemIndex) => (int)rule * (items.Count + 1) + itemIndex + 1;

    // Reports are downloaded and passed around: keep enough of a personal value to find it, not enough to use it.
    private static string Mask(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.Length == 0) return string.Empty;
        var keepStart = value.Length >= 12 ? 4 : value.Length >= 4 ? 1 : 0;
        var keepEnd = value.Length >= 12 ? 2 : value.Length >= 4 ? 1 : 0;
        return string.Create(Math.Min(value.Length, 64), (value.Length, keepStart, keepEnd, s: value.ToString()), static (dest, st) =>
        {
            dest.Fill('*');
            st.s.AsSpan(0, st.keepStart).CopyTo(dest);
            if (st.Length <= dest.Length) st.s.AsSpan(st.Length - st.keepEnd).CopyTo(dest[^st.keepEnd..]);
        });
    }

    private static string Truncate(ReadOnlySpan<char> value) => value.Length <= 100 ? value.ToString() : string.Concat(value[..100], "…");
}
