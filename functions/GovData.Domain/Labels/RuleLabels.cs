using System.Globalization;
using GovData.Domain.Calendar;
using GovData.Domain.RuleSets;

namespace GovData.Domain.Labels;

/// <summary>
/// Rules in the words people read: each rule's Chinese name, its value written in Chinese, and where it comes from. The
/// English key, value and source stay beside them in the API; these are what the portal's rules page shows.
/// </summary>
public static class RuleLabels
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["deadline.dateOfReceipt"] = "期限起算日（收到日期）",
        ["catalog.reviewRoute"] = "目录审核流程",
        ["catalog.updateDeadline"] = "目录更新时限",
        ["catalog.legalChangeUpdateDeadline"] = "职能或法规变化后的目录更新时限",
        ["catalog.annualFullReview"] = "每年全面复核目录",
        ["sharing.unconditional"] = "无条件共享类（本地名称与获取方式）",
        ["sharing.conditional"] = "有条件共享类（本地名称与获取方式）",
        ["sharing.notShared"] = "不予共享类（本地名称与获取方式）",
        ["shareDecision.route"] = "共享申请审核流程",
        ["shareDecision.deadline"] = "共享申请答复时限",
        ["shareDecision.maxGrantPeriod"] = "共享授权最长期限",
        ["dispute.route"] = "共享争议处理途径",
        ["dispute.deadline"] = "共享争议办结时限",
        ["dataChange.updateDeadline"] = "数据变更后的更新时限",
        ["dataChange.notifyConsumers"] = "数据变更通知使用部门",
        ["dataChange.serviceChangeNotice"] = "共享服务变更提前告知时限",
        ["nonAggregated.answerDeadline"] = "未汇聚数据申请答复时限",
        ["nonAggregated.availabilityDeadline"] = "未汇聚数据提供时限",
        ["greenChannel.enabled"] = "开通绿色通道",
        ["greenChannel.answerDeadline"] = "绿色通道答复时限",
        ["greenChannel.availabilityDeadline"] = "绿色通道数据提供时限",
        ["errorFeedback.route"] = "数据纠错途径",
        ["errorFeedback.answerDeadline"] = "数据纠错答复时限",
        ["access.bulkExportAllowed"] = "允许批量导出共享数据",
        ["access.freeQueryAllowed"] = "允许自由查询共享数据",
        ["open.notOpen"] = "不予开放类（本地名称）",
        ["open.unconditional"] = "无条件开放类（本地名称与是否提供）",
        ["open.onApplication"] = "依申请开放类（本地名称与是否提供）",
        ["openApplication.decidedBy"] = "开放申请审核机构",
        ["openApplication.deadline"] = "开放申请答复时限",
        ["openApplication.eligibleApplicants"] = "可申请开放数据的主体",
        ["openApplication.academicNonProfitOnly"] = "高校、科研院所仅限公益用途",
        ["openDemand.answerDeadline"] = "开放需求答复时限",
        ["audit.retention"] = "日志最短保存期限",
        ["validity.afterExpiry"] = "规则失效后的处理",
    };

    /// <summary>The Chinese name of the rule with <paramref name="key"/>, or the key where it has none.</summary>
    public static string Name(string key) => Names.GetValueOrDefault(key) ?? key;

    /// <summary>True when the rule with <paramref name="key"/> has a Chinese name.</summary>
    public static bool HasName(string key) => Names.ContainsKey(key);

    /// <summary>A rule's value in Chinese: 5 个工作日, 12 个月, 是/否, the labels of enumerations and categories.</summary>
    public static string Display(object value) => value switch
    {
        WorkingDays d => $"{d.Days} 个工作日",
        Months m => m.Count % 12 == 0 ? $"{m.Count} 个月（{m.Count / 12} 年）" : $"{m.Count} 个月",
        bool b => b ? "是" : "否",
        SharingCategory c => $"{c.LocalName ?? "（本地无此类别）"}：{ZhLabels.Label(c.Access)}",
        OpenCategory o => $"{o.LocalName ?? "（本地无专门名称）"}：{(o.Offered ? "提供" : "不提供")}",
        ApplicantTypeSet a => a.Items.Count == 0 ? "无" : string.Join("、", a.Items.Select(t => ZhLabels.Label(t))),
        DateOfReceipt r => r.OfficeClose is { } close
            ? $"{ZhLabels.Label(r.Kind)}（{close.ToString("HH:mm", CultureInfo.InvariantCulture)} 以后为下班后）"
            : ZhLabels.Label(r.Kind),
        Enum e => ZhLabels.Label(e.GetType(), e.ToString()),
        _ => value.ToString() ?? "",
    };

    /// <summary>Where a rule comes from, in Chinese: the article, the rule set it is inherited from, an amendment or the platform's default.</summary>
    public static string Source(RuleOrigin origin) => origin switch
    {
        RuleOrigin.Regulation r => r.Source.ToString(),
        RuleOrigin.Inherited i => $"沿用上级规则 {i.FromJurisdiction}@v{i.FromVersion}：{Source(i.ParentOrigin)}",
        RuleOrigin.ParentMinimum m => $"以上级规则 {m.FromJurisdiction}@v{m.FromVersion} 的最低要求为准（{Source(m.ParentOrigin)}），本地规定为 {(m.LocalRuleValue is { } local ? Display(local) : m.LocalValue)}（{Source(m.LocalOrigin)}）",
        RuleOrigin.PlatformDefault => "平台默认值（相关规定未作具体规定）",
        RuleOrigin.Amendment a => $"{a.Jurisdiction} 规则第 {a.Version} 版修订（{ChinaTime.ChineseDate(a.EffectiveFrom)}起施行，修订人 {a.AmendedBy}，理由：{a.Reason}）" + (a.Basis is { } b ? $"，依据 {b}" : ""),
        _ => origin.Describe(),
    };
}
