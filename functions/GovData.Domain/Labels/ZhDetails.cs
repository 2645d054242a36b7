using System.Globalization;
using System.Text.RegularExpressions;
using GovData.Domain.Aggregation;
using GovData.Domain.Calendar;
using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Domain.Opening;
using GovData.Domain.RuleSets;
using GovData.Domain.Sharing;

namespace GovData.Domain.Labels;

/// <summary>
/// The Chinese of the sentences a refusal explains itself with (the <c>detail</c> of a 403, 409, 412 or 422: who may do
/// this, what state the thing is in, what changed meanwhile), for the people who read them in the portal. The API keeps
/// the English and puts this beside it (<c>detailZh</c>); a sentence with no translation here has none. A sentence that
/// wraps another ("request X is Refused: only a …") translates the inner one too, or has no translation at all: a
/// half-Chinese sentence is worse than the English one.
/// </summary>
public static class ZhDetails
{
    private static readonly (Regex Pattern, Func<Match, string?> Chinese)[] Table =
    [
        // Who may do this.
        (new(@"^only a DataSteward of the (owning|providing|requesting) department (does this|revokes a grant)$"),
            m => $"只有{Side(m.Groups[1].Value)}的数据专管员可以{(m.Groups[2].Value == "does this" ? "办理此事项" : "撤销授权")}"),
        (new(@"^only a DataSteward files share requests for the department$"), _ => "只有本部门的数据专管员可以提出共享申请"),
        (new(@"^a DataSteward files for the department$"), _ => "应由本部门的数据专管员办理"),
        (new(@"^only a DataSteward compiles catalog entries$"), _ => "只有数据专管员可以编制资源目录"),
        (new(@"^only a CatalogReviewer of the owning department reviews a submitted entry \((.+)\)$"), m => $"只有所属部门的目录审核员可以审核已提交的目录（{m.Groups[1].Value}）"),
        (new(@"^a CatalogReviewer of the owning department decides retirements$"), _ => "目录撤销申请由所属部门的目录审核员决定"),
        (new(@"^a reviewer may not review a version they compiled$"), _ => "审核人不能审核本人编制的版本"),
        (new(@"^the DataAuthority reviews after the department in this jurisdiction \((.+)\)$"), m => $"本地区的目录经部门审核后，由数据管理机构审核（{m.Groups[1].Value}）"),
        (new(@"^the DataAuthority decides retirements in this jurisdiction$"), _ => "本地区的目录撤销申请由数据管理机构决定"),
        (new(@"^only the DataAuthority (declares|ends) an emergency reclassification \((.+)\)$"),
            m => $"只有数据管理机构可以{(m.Groups[1].Value == "declares" ? "宣布" : "结束")}紧急调整共享类型（{m.Groups[2].Value}）"),
        (new(@"^only the DataAuthority records an exception to (.+)$"), m => $"只有数据管理机构可以登记{m.Groups[1].Value}的例外"),
        (new(@"^only the providing department answers an error report$"), _ => "只有提供部门可以答复纠错"),
        (new(@"^a department does not decide on its own removal request$"), _ => "部门不能决定本部门提出的删除申请"),
        (new(@"^the CoordinationOffice approves the green channel \((.+)\)$"), m => $"绿色通道由协调机构批准（{m.Groups[1].Value}）"),
        (new(@"^the CoordinationOffice concludes disputes \((.+)\)$"), m => $"争议由协调机构作出结论（{m.Groups[1].Value}）"),
        (new(@"^the CoordinationOffice orders an answer to an escalated request \((.+)\)$"), m => $"已提请协调的申请，由协调机构责令答复（{m.Groups[1].Value}）"),
        (new(@"^the providing department or the DataAuthority states that data is not yet aggregated$"), _ => "应由提供部门或数据管理机构说明数据尚未汇聚"),
        (new(@"^a DataSteward of the providing department (\S+) decides this step \((\w+)\)$"),
            m => $"此审批环节由提供部门（{m.Groups[1].Value}）的数据专管员决定（{L<DecisionRoute>(m.Groups[2].Value)}）"),
        (new(@"^the DataAuthority decides this step \((\w+)\)$"), m => $"此审批环节由数据管理机构决定（{L<DecisionRoute>(m.Groups[1].Value)}）"),
        (new(@"^this operation needs one of the roles (.+)$"),
            m => "此操作需要以下角色之一：" + string.Join("、", m.Groups[1].Value.Split(", ").Select(L<Role>))),
        (new(@"^your department holds no grant for this entry's data, so it cannot report errors in it$"), _ => "本部门未获得该目录数据的授权，不能对其纠错"),
        (new(@"^this is your own department's entry: correct it in a new version instead of reporting it$"), _ => "这是本部门的目录：请在新版本中更正，无需纠错"),

        // Grants and the use of shared data.
        (new(@"^granted data serves the granted purpose only \((.+)\); this purpose differs$"), m => $"共享数据只能用于授权的用途（{m.Groups[1].Value}）；此用途与授权不符"),
        (new(@"^items outside the grant: (.+); granted: (.+)$"), m => $"超出授权范围的数据项：{m.Groups[1].Value}；已授权：{m.Groups[2].Value}"),
        (new(@"^the grant allows (\w+) only, not (\w+)$"), m => $"授权只允许{L<SharingMethod>(m.Groups[1].Value)}，不允许{L<SharingMethod>(m.Groups[2].Value)}"),
        (new(@"^the grant expired on (\S+); file a new request$"), m => $"授权已于{Date(m.Groups[1].Value)}到期，请重新提出申请"),
        (new(@"^the grant is for department (\S+); only its users use the data$"), m => $"授权对象为部门 {m.Groups[1].Value}，只有该部门的用户可以使用数据"),
        (new(@"^the grant was revoked on (\S+): (.*)$"), m => $"授权已于{Date(m.Groups[1].Value)}撤销：{m.Groups[2].Value}"),
        (new(@"^the grant is (\w+)$"), m => $"授权{L<GrantState>(m.Groups[1].Value)}"),
        (new(@"^user (\S+) is not one of the grant's users$"), m => $"用户 {m.Groups[1].Value} 不在授权的使用人之列"),
        (new(@"^entry (\S+) is (\w+): it is used only under a grant \((.+)\)$"),
            m => $"目录 {m.Groups[1].Value} 为{L<SharingType>(m.Groups[2].Value)}：须经授权方可使用（{m.Groups[3].Value}）"),
        (new(@"^free-form query of (\S+) is not offered \((.+)\): give a value for every key item to look up identified records, or ask the DataAuthority to record an exception with reasons$"),
            m => $"目录 {m.Groups[1].Value} 不提供自由查询（{m.Groups[2].Value}）：请为每个关键数据项给出取值以查询特定记录，或请数据管理机构登记附理由的例外"),
        (new(@"^data of (\S+) is not exported in bulk \((.+)\): use the API query of identified records or verification, or ask the DataAuthority to record an exception with reasons$"),
            m => $"目录 {m.Groups[1].Value} 的数据不提供批量导出（{m.Groups[2].Value}）：请通过接口查询特定记录或进行核验，或请数据管理机构登记附理由的例外"),
        (new(@"^file \(备案\) before using entry (\S+) \((.+)\)$"), m => $"使用目录 {m.Groups[1].Value} 前须先备案（{m.Groups[2].Value}）"),
        (new(@"^entry (\S+) is (\w+) \((.+?)\): it is reached directly( after a filing)?, not by request \((.+)\)$"),
            m => $"目录 {m.Groups[1].Value} 为{L<SharingType>(m.Groups[2].Value)}（{m.Groups[3].Value}）：{(m.Groups[4].Success ? "备案后" : "")}直接使用，无需申请（{m.Groups[5].Value}）"),
        (new(@"^entry (\S+) \((\w+)\) needs no filing here: its access is (\w+) \((.+)\)$"),
            m => $"目录 {m.Groups[1].Value}（{L<SharingType>(m.Groups[2].Value)}）无需在此备案：其使用方式为{L<SharingAccess>(m.Groups[3].Value)}（{m.Groups[4].Value}）"),
        (new(@"^no exception is needed: (.+)$"), m => $"无需登记例外：{m.Groups[1].Value}"),
        (new(@"^the rule set has expired and decisions are suspended\b"), _ => "本地区规则已过有效期，暂停作出决定（见“规定失效后的处理”规则）"),
        (new(@"^Only the jurisdiction's own data authority amends its rules\.$"), _ => "只有本地区的数据管理机构可以修订本地区的规则"),
        (new(@"^This dataset is opened on application; your organisation holds no grant for it\."), _ => "该数据集依申请开放，贵单位尚未获得授权：请先在线申请"),

        // The state something is in.
        (new(@"^request (\S+) is (\w+): (.+)$"), m => Wrap($"共享申请 {m.Groups[1].Value} 当前为{L<ShareRequestState>(m.Groups[2].Value)}：", m.Groups[3].Value)),
        (new(@"^entry (\S+) \((\w+)\): (.+)$"), m => Wrap($"目录 {m.Groups[1].Value}（{L<CatalogEntryState>(m.Groups[2].Value)}）：", m.Groups[3].Value)),
        (new(@"^no decision is awaited$"), _ => "当前没有待作出的决定"),
        (new(@"^there is no approval waiting for acceptance$"), _ => "没有等待确认的批准"),
        (new(@"^there is no dispute to conclude$"), _ => "没有待作结论的争议"),
        (new(@"^there is no green-channel request waiting for a decision$"), _ => "没有待决定的绿色通道申请"),
        (new(@"^there is no pending retirement request$"), _ => "没有待决定的撤销申请"),
        (new(@"^there is no version waiting for review$"), _ => "没有待审核的版本"),
        (new(@"^only a refused request can be disputed$"), _ => "只有被拒绝的申请可以提出异议"),
        (new(@"^only a pending, approved or disputed request can be withdrawn$"), _ => "只有审批中、已批准或有争议的申请可以撤回"),
        (new(@"^only a pending request under the normal decision deadline can be switched$"), _ => "只有按一般答复期限办理中的申请可以转换"),
        (new(@"^only a pending request whose decision deadline was missed and escalated can be ordered to answer$"), _ => "只有逾期未答复并已提请协调的申请可以责令答复"),
        (new(@"^only a draft or returned version can be edited\b"), _ => "只有草稿或退回修改的版本可以编辑；已发布的目录请新建版本"),
        (new(@"^only a draft or returned version can be submitted$"), _ => "只有草稿或退回修改的版本可以提交"),
        (new(@"^only a published, not retired entry (can be reclassified|can be retired|gets a new version|has changes to declare)$"), m => "只有已发布且未撤销的目录可以" + m.Groups[1].Value switch
        {
            "can be reclassified" => "调整共享类型",
            "can be retired" => "撤销",
            "gets a new version" => "新建版本",
            _ => "申报变更",
        }),
        (new(@"^a retirement request is (already )?pending$"), _ => "已有待决定的撤销申请"),
        (new(@"^the department's review is already recorded; the version now waits for the DataAuthority$"), _ => "部门审核已记录，该版本正等待数据管理机构审核"),
        (new(@"^version (\d+) is already (\w+)$"), m => $"第 {m.Groups[1].Value} 版已{L<CatalogEntryState>(m.Groups[2].Value)}"),
        (new(@"^version (\d+) is under way; finish or return it first$"), m => $"第 {m.Groups[1].Value} 版正在办理中，请先完成或退回"),
        (new(@"^a change is already declared; the updated entry is due by (\d{4}-\d{2}-\d{2})"), m => $"已申报变更，更新后的目录应于{Date(m.Groups[1].Value)}前提交"),
        (new(@"^no emergency reclassification of this entry is in force$"), _ => "该目录没有正在生效的紧急调整"),
        (new(@"^the entry is already Unconditional; only Conditional or NotShared entries are raised \((.+)\)$"), m => $"该目录已是无条件共享；只有有条件共享或不予共享的目录可以调整（{m.Groups[1].Value}）"),
        (new(@"^the application is already (\w+)$"), m => $"该申请已{L<ApplicationState>(m.Groups[1].Value)}"),
        (new(@"^the demand is already answered$"), _ => "该需求已答复"),
        (new(@"^error report (\S+) was already answered$"), m => $"纠错 {m.Groups[1].Value} 已答复"),
        (new(@"^the publish request is (\w+); only a request AwaitingReview can be reviewed$"), m => $"发布申请当前为{L<PublishState>(m.Groups[1].Value)}，只有待审核的申请可以审核"),
        (new(@"^the jurisdiction has no green channel \((.+)\)$"), m => $"本地区未开通绿色通道（{m.Groups[1].Value}）"),
        (new(@"^submission (\S+) is (\w+): its quality report is not ready$"), m => $"提交 {m.Groups[1].Value} 当前为{L<SubmissionState>(m.Groups[2].Value)}，质量报告尚未生成"),
        (new(@"^catalog entry (\S+) is not published \(or was retired\): only published entries take data \((.+)\)$"),
            m => $"目录 {m.Groups[1].Value} 未发布（或已撤销）：只有已发布的目录可以汇聚数据（{m.Groups[2].Value}）"),
        (new(@"^(\d+) of (\d+) rows are not valid; nothing was imported$"), m => $"{m.Groups[2].Value} 行中有 {m.Groups[1].Value} 行有误，未导入任何内容"),
        (new(@"^batch (\S+) was already pushed with different records; a batch id is used once$"), m => $"批次 {m.Groups[1].Value} 已推送过不同的记录，批次号只能使用一次"),
        (new(@"^removal request (\S+) was already (\w+)$"), m => $"删除申请 {m.Groups[1].Value} 已处理（{m.Groups[2].Value}）"),
        (new(@"^removal request (\S+) for version (\d+) is waiting for a decision$"), m => $"第 {m.Groups[2].Value} 版的删除申请 {m.Groups[1].Value} 正等待决定"),
        (new(@"^version (\d+) was already removed$"), m => $"第 {m.Groups[1].Value} 版已删除"),
        (new(@"^curated version (\d+) was removed by an approved removal request; publish a current version$"), m => $"汇聚版本 {m.Groups[1].Value} 已按批准的删除申请删除，请发布现行版本"),
        (new(@"^the (\d{4}) review of department (\S+) is already recorded$"), m => $"部门 {m.Groups[2].Value} 的 {m.Groups[1].Value} 年度审核已记录"),
        (new(@"^register your organisation first\b"), _ => "请先登记申请单位信息"),
        (new(@"^the entry has no open configuration yet\b"), _ => "该目录尚未设置开放配置，请先设置"),
        (new(@"^publish (\S+) is in progress; change the configuration after it is reviewed$"), m => $"发布 {m.Groups[1].Value} 正在进行中，请在审核后再修改开放配置"),
        (new(@"^publish (\S+) of this dataset is still in progress$"), m => $"该数据集的发布 {m.Groups[1].Value} 仍在进行中"),
        (new(@"^a query spans at most 31 days; export longer ranges day by day$"), _ => "一次查询最多 31 天，更长的时间范围请按天导出"),
        (new(@"^the publish is (\w+): a sample exists only between the transform and the copy to the public container$"),
            m => $"发布当前为{L<PublishState>(m.Groups[1].Value)}：脱敏样例只在脱敏处理之后、复制到公开区之前提供"),
        (new(@"^the open configuration no longer fits the published catalog entry; set it again$"), _ => "开放配置与已发布的目录不再相符，请重新设置"),
        (new(@"^curated version (\d+) of this entry does not exist \(not accepted by aggregation\)$"), m => $"该目录没有汇聚版本 {m.Groups[1].Value}（未被汇聚接收）"),

        // Someone else changed it meanwhile (ETags).
        (new(@"^share request (\S+) has changed since you read it \(it is (\w+)\); read it again$"),
            m => $"共享申请 {m.Groups[1].Value} 在您读取后已有变化（当前为{L<ShareRequestState>(m.Groups[2].Value)}），请刷新后重试"),
        (new(@"^the (baseline|finding) was changed (since you read it|by someone else at the same time); read it again$"),
            m => $"{(m.Groups[1].Value == "baseline" ? "目录基线" : "整改事项")}{(m.Groups[2].Value.StartsWith("since", StringComparison.Ordinal) ? "在您读取后已有变化" : "已被他人同时修改")}，请刷新后重试"),
        (new(@"^the request kept changing while this event was applied; read it again$"), _ => "办理期间申请多次变化，请刷新后重试"),
        (new(@"^(error report|removal request) (\S+) was (answered|decided) by someone else at the same time$"),
            m => $"{(m.Groups[1].Value == "error report" ? "纠错" : "删除申请")} {m.Groups[2].Value} 已被他人同时{(m.Groups[3].Value == "answered" ? "答复" : "决定")}"),
        (new(@"^another removal request for version (\d+) was made at the same time$"), m => $"同时有另一份第 {m.Groups[1].Value} 版的删除申请"),
        (new(@"^another publish of this dataset started at the same time$"), _ => "该数据集的另一次发布同时开始"),
    ];

    /// <summary>The Chinese of a field's reason (<see cref="ZhReasons"/>) or of a refusal's sentence (this table), or null.</summary>
    public static string? TranslateAny(string? text) => ZhReasons.Translate(text) ?? Translate(text);

    /// <summary>The Chinese of <paramref name="detail"/>, or null when there is none.</summary>
    public static string? Translate(string? detail)
    {
        if (string.IsNullOrWhiteSpace(detail)) return null;
        foreach (var (pattern, chinese) in Table)
        {
            var match = pattern.Match(detail);
            if (match.Success) return chinese(match);
        }
        return null;
    }

    private static string Side(string side) => side switch { "owning" => "所属部门", "providing" => "提供部门", _ => "申请部门" };

    private static string L<T>(string name) where T : struct, Enum => ZhLabels.Label(typeof(T), name);

    // Dates in refusals are ISO (a date or an instant); people read them as China dates.
    private static string Date(string iso) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? ChinaTime.ChineseDate(d)
        : DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? ChinaTime.ChineseDate(ChinaTime.DateOf(t))
        : iso;

    // An outer sentence whose inner reason has no Chinese is left untranslated as a whole.
    private static string? Wrap(string prefix, string inner) =>
        TranslateAny(inner) is { } zh ? prefix + zh : null;
}
