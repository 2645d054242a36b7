using GovData.Domain.Calendar;
using GovData.Domain.Aggregation;
using GovData.Domain.Audit;
using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Domain.Opening;
using GovData.Domain.RuleSets;
using GovData.Domain.Sharing;
using GovData.Domain.Supervision;

namespace GovData.Domain.Labels;

/// <summary>
/// The Chinese label (中文名称) of each enumeration value users meet: the API accepts a label wherever it accepts the
/// English name (JSON bodies, query strings, the catalog import template), and the portal shows these labels. One table per
/// enumeration, one label per value; a label is unique within its enumeration.
/// </summary>
public static class ZhLabels
{
    private static readonly Dictionary<Type, Dictionary<string, string>> ByType = new()
    {
        [typeof(SharingType)] = Table<SharingType>(
            (SharingType.Unconditional, "无条件共享"), (SharingType.Conditional, "有条件共享"), (SharingType.NotShared, "不予共享")),
        [typeof(OpenType)] = Table<OpenType>(
            (OpenType.NotOpen, "不予开放"), (OpenType.Unconditional, "无条件开放"), (OpenType.OnApplication, "依申请开放")),
        [typeof(UpdateCycle)] = Table<UpdateCycle>(
            (UpdateCycle.RealTime, "实时"), (UpdateCycle.Daily, "每日"), (UpdateCycle.Weekly, "每周"), (UpdateCycle.Monthly, "每月"),
            (UpdateCycle.Quarterly, "每季度"), (UpdateCycle.HalfYearly, "每半年"), (UpdateCycle.Yearly, "每年"), (UpdateCycle.Irregular, "不定期")),
        [typeof(SharingMethod)] = Table<SharingMethod>(
            (SharingMethod.Api, "接口调用"), (SharingMethod.FileDownload, "文件下载"), (SharingMethod.OnlineBrowse, "在线浏览"),
            (SharingMethod.OfflineExchange, "线下交换"), (SharingMethod.Verification, "比对验证")),
        [typeof(DataSecurityLevel)] = Table<DataSecurityLevel>(
            (DataSecurityLevel.General, "一般数据"), (DataSecurityLevel.Important, "重要数据"), (DataSecurityLevel.Core, "核心数据")),
        [typeof(DataItemType)] = Table<DataItemType>(
            (DataItemType.String, "字符串"), (DataItemType.Integer, "整数"), (DataItemType.Decimal, "小数"), (DataItemType.Date, "日期"),
            (DataItemType.DateTime, "日期时间"), (DataItemType.Boolean, "布尔"), (DataItemType.Enumeration, "枚举"),
            (DataItemType.UnifiedSocialCreditCode, "统一社会信用代码"), (DataItemType.ResidentIdNumber, "公民身份号码"),
            (DataItemType.PhoneNumber, "手机号码"), (DataItemType.Email, "电子邮箱")),
        [typeof(CatalogEntryState)] = Table<CatalogEntryState>(
            (CatalogEntryState.Draft, "草稿"), (CatalogEntryState.Submitted, "待部门审核"), (CatalogEntryState.DepartmentApproved, "待数据管理机构审核"),
            (CatalogEntryState.Returned, "已退回"), (CatalogEntryState.Published, "已发布"), (CatalogEntryState.Retired, "已撤销")),
        [typeof(ReviewStage)] = Table<ReviewStage>((ReviewStage.Department, "部门审核"), (ReviewStage.DataAuthority, "数据管理机构审核")),
        [typeof(RetirementState)] = Table<RetirementState>(
            (RetirementState.Requested, "已申请撤销"), (RetirementState.Approved, "已同意撤销"), (RetirementState.Rejected, "不同意撤销")),
        [typeof(ShareRequestState)] = Table<ShareRequestState>(
            (ShareRequestState.PendingDecision, "待审批"), (ShareRequestState.Approved, "已同意"), (ShareRequestState.PartlyApproved, "部分同意"),
            (ShareRequestState.Refused, "不予共享（已拒绝）"), (ShareRequestState.Withdrawn, "已撤回"), (ShareRequestState.Disputed, "异议处理中"),
            (ShareRequestState.Upheld, "维持原决定"), (ShareRequestState.Overturned, "撤销原决定"), (ShareRequestState.Granted, "已授权")),
        [typeof(DecisionStep)] = Table<DecisionStep>((DecisionStep.Provider, "提供部门审批"), (DecisionStep.DataAuthority, "数据管理机构审批")),
        [typeof(AvailabilityOutcome)] = Table<AvailabilityOutcome>(
            (AvailabilityOutcome.Available, "已汇聚并达到共享条件"), (AvailabilityOutcome.Refused, "无法满足（已说明理由）"), (AvailabilityOutcome.Withdrawn, "申请已撤回")),
        [typeof(GrantState)] = Table<GrantState>((GrantState.Active, "有效"), (GrantState.Revoked, "已撤销"), (GrantState.Expired, "已到期")),
        [typeof(Role)] = Table<Role>(
            (Role.DataSteward, "数据专管员"), (Role.CatalogReviewer, "目录审核员"), (Role.DataAuthority, "数据管理机构"),
            (Role.CoordinationOffice, "协调机构"), (Role.Auditor, "审计监督员"), (Role.PublicApplicant, "公众申请人")),
        [typeof(UnitKind)] = Table<UnitKind>(
            (UnitKind.Department, "政务部门"), (UnitKind.DataAuthority, "数据管理机构"), (UnitKind.CoordinationOffice, "协调机构")),
        [typeof(ApplicantType)] = Table<ApplicantType>(
            (ApplicantType.DomesticEnterprise, "内资企业"), (ApplicantType.University, "高等院校"), (ApplicantType.ResearchInstitute, "科研院所"),
            (ApplicantType.Other, "其他")),
        [typeof(IntendedUse)] = Table<IntendedUse>(
            (IntendedUse.Research, "科学研究"), (IntendedUse.Education, "教育教学"), (IntendedUse.PublicInterest, "公益事业"),
            (IntendedUse.Commercial, "商业开发")),
        [typeof(ApplicationState)] = Table<ApplicationState>(
            (ApplicationState.Pending, "待审核"), (ApplicationState.Granted, "已同意"), (ApplicationState.Refused, "不予同意")),
        [typeof(VerificationState)] = Table<VerificationState>(
            (VerificationState.NotNeeded, "无需核验"), (VerificationState.Required, "待核验"), (VerificationState.Verified, "已核验"),
            (VerificationState.Rejected, "核验未通过")),
        [typeof(DemandAnswer)] = Table<DemandAnswer>((DemandAnswer.ListedForOpening, "列入开放计划"), (DemandAnswer.Declined, "暂不开放")),
        [typeof(PublishState)] = Table<PublishState>(
            (PublishState.Requested, "已申请"), (PublishState.Refused, "已拒绝"), (PublishState.Invalid, "脱敏检查未通过"),
            (PublishState.AwaitingReview, "待安全审查"), (PublishState.Rejected, "审查未通过"), (PublishState.Approved, "审查通过"),
            (PublishState.Published, "已开放")),
        [typeof(DesensitizationMethod)] = Table<DesensitizationMethod>(
            (DesensitizationMethod.None, "不处理"), (DesensitizationMethod.Mask, "掩码"), (DesensitizationMethod.Generalize, "泛化"),
            (DesensitizationMethod.KeyedHash, "假名化"), (DesensitizationMethod.Drop, "删除该列")),
        [typeof(MaskStyle)] = Table<MaskStyle>(
            (MaskStyle.ResidentIdNumber, "身份证号掩码"), (MaskStyle.PhoneNumber, "手机号掩码"), (MaskStyle.PersonalName, "姓名掩码"),
            (MaskStyle.BankCard, "银行卡号掩码"), (MaskStyle.Email, "邮箱掩码"), (MaskStyle.FreeText, "文本中的证件号和电话掩码"),
            (MaskStyle.KeepEnds, "保留首尾")),
        [typeof(Generalization)] = Table<Generalization>(
            (Generalization.Year, "到年"), (Generalization.Month, "到月"), (Generalization.District, "到区县")),
        [typeof(SubmissionState)] = Table<SubmissionState>(
            (SubmissionState.AwaitingUpload, "待上传"), (SubmissionState.Processing, "处理中"), (SubmissionState.Accepted, "已接收"),
            (SubmissionState.Rejected, "已拒收"), (SubmissionState.Failed, "处理失败")),
        [typeof(ErrorFeedbackState)] = Table<ErrorFeedbackState>((ErrorFeedbackState.Open, "待答复"), (ErrorFeedbackState.Answered, "已答复")),
        [typeof(ErrorFeedbackOutcome)] = Table<ErrorFeedbackOutcome>((ErrorFeedbackOutcome.Corrected, "已更正"), (ErrorFeedbackOutcome.Explained, "已说明")),
        [typeof(FindingState)] = Table<FindingState>(
            (FindingState.Open, "待整改"), (FindingState.Remedied, "已整改"), (FindingState.AcceptanceRequested, "申请认可"),
            (FindingState.AcceptedWithReason, "已认可")),
        [typeof(QualityRule)] = Table<QualityRule>(
            (QualityRule.Required, "必填项为空"), (QualityRule.MaxLength, "超过最大长度"), (QualityRule.Integer, "不是整数"), (QualityRule.Decimal, "不是数值"),
            (QualityRule.Date, "日期格式错误"), (QualityRule.DateTime, "日期时间格式错误"), (QualityRule.Boolean, "不是是/否值"),
            (QualityRule.Enumeration, "不在取值范围内"), (QualityRule.UnifiedSocialCreditCode, "统一社会信用代码无效"),
            (QualityRule.ResidentIdNumber, "公民身份号码无效"), (QualityRule.PhoneNumber, "手机号码无效"), (QualityRule.Email, "电子邮箱无效"),
            (QualityRule.DuplicateKey, "主键重复"), (QualityRule.MalformedRow, "行格式错误")),
        [typeof(DecisionRoute)] = Table<DecisionRoute>(
            (DecisionRoute.ProviderDepartment, "数据提供部门审核"), (DecisionRoute.DataAuthority, "数据管理机构审核"),
            (DecisionRoute.DataAuthorityWithProvider, "数据管理机构会同提供部门审核"), (DecisionRoute.ProviderThenDataAuthority, "提供部门审核后报数据管理机构审核")),
        [typeof(CatalogReviewRoute)] = Table<CatalogReviewRoute>(
            (CatalogReviewRoute.DepartmentOnly, "部门审核后发布"), (CatalogReviewRoute.DepartmentThenDataAuthority, "部门审核后报数据管理机构审核")),
        [typeof(DisputeRoute)] = Table<DisputeRoute>(
            (DisputeRoute.CoordinationOfficeThenLeadingGroup, "领导小组办公室协调，必要时报领导小组决定"),
            (DisputeRoute.DataAuthorityCoordination, "数据管理机构共享协调机制"), (DisputeRoute.GovernmentCoordination, "人民政府协调机制")),
        [typeof(ErrorFeedbackRoute)] = Table<ErrorFeedbackRoute>(
            (ErrorFeedbackRoute.ToProvider, "直接反馈数据提供部门"), (ErrorFeedbackRoute.ThroughCoordinationOffice, "经协调办公室转数据提供部门")),
        [typeof(SharingAccess)] = Table<SharingAccess>(
            (SharingAccess.Direct, "直接获取"), (SharingAccess.DirectAfterFiling, "备案后直接获取"), (SharingAccess.OnRequest, "申请经审核后获取"), (SharingAccess.None, "不提供")),
        [typeof(ExpiryPolicy)] = Table<ExpiryPolicy>(
            (ExpiryPolicy.ContinueFlagged, "继续适用并标注已失效"), (ExpiryPolicy.SuspendDecisions, "暂停依据该规则的决定")),
        [typeof(DateOfReceiptKind)] = Table<DateOfReceiptKind>(
            (DateOfReceiptKind.CalendarDate, "收到当日（北京时间）起算，当日不计入"), (DateOfReceiptKind.NextWorkingDayAfterHours, "下班后或休息日收到的，视为下一个工作日收到")),
        [typeof(UsageReportFrequency)] = Table<UsageReportFrequency>((UsageReportFrequency.Weekly, "每周"), (UsageReportFrequency.Monthly, "每月")),
        [typeof(AuditOutcome)] = Table<AuditOutcome>((AuditOutcome.Succeeded, "成功"), (AuditOutcome.Refused, "拒绝"), (AuditOutcome.Failed, "失败")),
    };

    private static readonly Dictionary<Type, Dictionary<string, string>> ByLabel =
        ByType.ToDictionary(t => t.Key, t => t.Value.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal));

    /// <summary>The enumerations that have labels.</summary>
    public static IEnumerable<Type> Types => ByType.Keys;

    /// <summary>The label of <paramref name="value"/>, or its name where its enumeration has no label for it.</summary>
    public static string Label<T>(T value) where T : struct, Enum => Label(typeof(T), value.ToString());

    /// <summary>The label of the value named <paramref name="name"/> of <paramref name="type"/>, or the name itself.</summary>
    public static string Label(Type type, string name) =>
        ByType.TryGetValue(type, out var table) && table.TryGetValue(name, out var label) ? label : name;

    /// <summary>The labels of <paramref name="type"/> by value name (empty when it has none).</summary>
    public static IReadOnlyDictionary<string, string> Of(Type type) =>
        ByType.TryGetValue(type, out var table) ? table : new Dictionary<string, string>();

    /// <summary>Reads a label (exact, after trimming) as its value; false when <paramref name="text"/> is no label of <typeparamref name="T"/>.</summary>
    public static bool TryParseLabel<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        return TryParseLabel(typeof(T), text, out var name) && Enum.TryParse(name, ignoreCase: false, out value);
    }

    /// <summary>Reads a label of <paramref name="type"/> as the value's name.</summary>
    public static bool TryParseLabel(Type type, string? text, out string name)
    {
        name = "";
        if (text is null || !ByLabel.TryGetValue(type, out var table)) return false;
        if (!table.TryGetValue(text.Trim(), out var found)) return false;
        name = found;
        return true;
    }

    private static Dictionary<string, string> Table<T>(params (T Value, string Label)[] labels) where T : struct, Enum
    {
        var table = labels.ToDictionary(l => l.Value.ToString(), l => l.Label, StringComparer.Ordinal);
        if (table.Count != Enum.GetValues<T>().Length) throw new InvalidOperationException($"{typeof(T).Name}: every value needs a label");
        return table;
    }
}
