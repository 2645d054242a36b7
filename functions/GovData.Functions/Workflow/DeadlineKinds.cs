namespace GovData.Functions.Workflow;

/// <summary>
/// The Chinese label (中文名称) of each statutory deadline kind, shown beside the English kind wherever deadlines are listed
/// (the work queue <c>/api/deadlines</c>, a share request's <c>deadlines</c>); a kind without a label shows its name.
/// </summary>
public static class DeadlineKinds
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["sharing.decision"] = "共享申请答复时限",
        ["sharing.dispute"] = "共享异议处理时限",
        ["sharing.availability"] = "共享数据汇聚时限",
        ["catalog.update"] = "目录更新时限",
        ["catalog.annual-review"] = "目录年度复核时限",
        ["aggregation.due"] = "数据汇聚更新时限",
        ["aggregation.feedback"] = "数据纠错答复时限",
        ["opening.application.decision"] = "开放申请审核时限",
        ["opening.demand.answer"] = "开放需求答复时限",
    };

    /// <summary>The label of <paramref name="kind"/>, or the kind itself.</summary>
    public static string Label(string kind) => Labels.GetValueOrDefault(kind, kind);

    /// <summary>Every labelled kind.</summary>
    public static IReadOnlyDictionary<string, string> All => Labels;
}
