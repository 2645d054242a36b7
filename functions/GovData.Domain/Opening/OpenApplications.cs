using GovData.Domain.RuleSets;

namespace GovData.Domain.Opening;

/// <summary>An organisation registered to apply for on-application open data, identified by its unified social credit code.</summary>
/// <param name="Verification">What the code says about the declared type and, where it cannot decide, the DataAuthority's verification; null on registrations stored before the check existed (read with <see cref="ApplicantTypeRules.VerificationOf"/>).</param>
public sealed record OpenApplicant(string Code, string Jurisdiction, ApplicantType Type, string Name, string RegisteredBy, DateTimeOffset RegisteredAt,
    ApplicantVerification? Verification = null);

/// <summary>Where the check of a declared applicant type stands.</summary>
public enum VerificationState
{
    /// <summary>The declared type needs no check (anyone may be "Other") or the code decides it.</summary>
    NotNeeded,
    /// <summary>The code is consistent with the declared type but cannot decide it: the DataAuthority verifies before a first grant.</summary>
    Required,
    /// <summary>The DataAuthority verified the declared type.</summary>
    Verified,
    /// <summary>The DataAuthority found the declared type wrong: no grant.</summary>
    Rejected,
}

/// <summary>The check of a declared applicant type: the evidence of the code (GB 32100) and the DataAuthority's decision where it was needed.</summary>
/// <param name="State">Where it stands.</param>
/// <param name="Evidence">What the code's registration authority and organisation type characters say, in words.</param>
/// <param name="DecidedBy">The DataAuthority user who verified or rejected.</param>
/// <param name="DecidedAt">When.</param>
/// <param name="Reasons">The DataAuthority's reasons (what it checked).</param>
public sealed record ApplicantVerification(VerificationState State, string Evidence, string? DecidedBy = null, DateTimeOffset? DecidedAt = null,
    IReadOnlyList<string>? Reasons = null);

/// <summary>
/// The intended use of on-application open data, as a structured field beside the free-text description: use must match
/// what was stated (002 第二十九条), and universities and research institutes may use it only for 科研教育等公益性活动
/// (000 第三十三条, 004 第十八条), i.e. research, education or other public-interest use, not commercial use.
/// </summary>
public enum IntendedUse
{
    /// <summary>科研: scientific research.</summary>
    Research,
    /// <summary>教育: teaching and education.</summary>
    Education,
    /// <summary>公益: other public-interest (non-profit) use.</summary>
    PublicInterest,
    /// <summary>商业: commercial (for-profit) use.</summary>
    Commercial,
}

/// <summary>Where an application for on-application open data stands.</summary>
public enum ApplicationState
{
    /// <summary>Waiting for the DataAuthority's decision.</summary>
    Pending,
    /// <summary>Granted: the applicant may download the dataset's published versions, within the grant's restriction.</summary>
    Granted,
    /// <summary>Refused with reasons.</summary>
    Refused,
}

/// <summary>The rules of applications for on-application (授权开放) data (000 第三十二条 第三十三条, 004 第十七条 第十八条, 002 第二十九条).</summary>
public static class OpenApplicationPolicy
{
    /// <summary>The longest purpose accepted.</summary>
    public const int MaxPurposeLength = 2000;

    /// <summary>The restriction printed on grants to universities and research institutes and on every download under them.</summary>
    public const string NonProfitRestriction = "仅限用于科研教育等公益性活动，不得用于营利目的 (non-profit research and education only)";

    /// <summary>The same restriction in ASCII, for an HTTP header.</summary>
    public const string NonProfitRestrictionAscii = "non-profit research and education only";

    /// <summary>
    /// Why the registration is not valid (fields named), empty when it is: the type must also agree with what the
    /// organisation's unified social credit code says (GB 32100; <see cref="ApplicantTypeRules.Check"/>).
    /// </summary>
    public static IReadOnlyList<ValidationError> ValidateRegistration(string code, ApplicantType type, string? name)
    {
        var errors = new List<ValidationError>();
        if (!Enum.IsDefined(type)) errors.Add(new("type", $"must be one of {string.Join(", ", Enum.GetNames<ApplicantType>())}"));
        else if (ApplicantTypeRules.Check(code, type) is { State: VerificationState.Rejected } contradicted) errors.Add(new("type", contradicted.Evidence));
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200) errors.Add(new("name", "is required, at most 200 characters"));
        return errors;
    }

    /// <summary>
    /// Why this applicant may not apply for this use (null when it may): only the types the rule set lists are eligible; the
    /// intended use is required and must be one the applicant's type may make (universities and research institutes:
    /// not commercial where openApplication.academicNonProfitOnly); the description of the purpose is required because use
    /// must match it (002 第二十九条).
    /// </summary>
    public static ValidationError? CheckApplication(ApplicantType type, IntendedUse? use, string? purpose, RuleSets.OpenApplicationRules rules,
        Func<IRule, string> cite)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(cite);
        var eligible = rules.EligibleApplicants;
        if (!eligible.Value.Contains(type))
            return new("applicantType", $"{type} is not eligible for on-application open data here; eligible: {string.Join(", ", eligible.Value.Items)} ({cite(eligible)})");
        if (use is not { } u || !Enum.IsDefined(u))
            return new("use", $"is required: one of {string.Join(", ", Enum.GetNames<IntendedUse>())} (the use must match what is stated, 002 第二十九条)");
        if (u == IntendedUse.Commercial && rules.NonProfitOnly(type))
            return new("use", $"{LabelOf(u)}: a {type} may use on-application open data only for research, education or other public-interest use, " +
                $"不得用于营利目的 ({cite(rules.AcademicNonProfitOnly)})");
        if (string.IsNullOrWhiteSpace(purpose)) return new("purpose", "is required: describe the use, which must match it (002 第二十九条)");
        if (purpose.Length > MaxPurposeLength) return new("purpose", $"must be at most {MaxPurposeLength} characters");
        return null;
    }

    /// <summary>The Chinese label of an intended use, as people read it.</summary>
    public static string LabelOf(IntendedUse use) => use switch
    {
        IntendedUse.Research => "科研",
        IntendedUse.Education => "教育",
        IntendedUse.PublicInterest => "公益",
        IntendedUse.Commercial => "商业（营利）",
        _ => use.ToString(),
    };

    /// <summary>Why the applicant cannot be granted data yet (null when it can): a type the code could not decide must first be verified by the DataAuthority.</summary>
    public static string? CheckGrant(OpenApplicant applicant)
    {
        ArgumentNullException.ThrowIfNull(applicant);
        var v = ApplicantTypeRules.VerificationOf(applicant);
        return v.State switch
        {
            VerificationState.Required => $"verify the applicant first: {v.Evidence}; the DataAuthority checks the organisation is a {applicant.Type} before its first grant",
            VerificationState.Rejected => $"the DataAuthority found that {applicant.Name} is not a {applicant.Type}: {string.Join("; ", v.Reasons ?? [])}",
            _ => null,
        };
    }

    /// <summary>The restriction a grant to <paramref name="type"/> carries under <paramref name="rules"/>, or null.</summary>
    public static string? RestrictionFor(ApplicantType type, RuleSets.OpenApplicationRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return rules.NonProfitOnly(type) ? NonProfitRestriction : null;
    }
}

/// <summary>
/// What an organisation's unified social credit code says about the applicant type it declares (GB 32100-2015: character 1
/// is the registration authority, character 2 the organisation type). Universities and research institutes are public
/// institutions (机构编制 1, 事业单位 2), private non-enterprise units (民政 5, 民办非企业单位 2) or military institutions
/// (A1); a domestic-controlled enterprise is an enterprise (工商 9, 企业 1). The code can rule a type out, but it never
/// shows that a 事业单位 is a university or that an enterprise is domestic-controlled: those the DataAuthority verifies.
/// </summary>
public static class ApplicantTypeRules
{
    private static readonly Dictionary<char, string> Authorities = new()
    {
        ['1'] = "机构编制", ['2'] = "外交", ['3'] = "司法行政", ['4'] = "文化", ['5'] = "民政", ['6'] = "旅游", ['7'] = "宗教", ['8'] = "工会",
        ['9'] = "工商（市场监管）", ['A'] = "中央军委改革和编制办公室", ['N'] = "农业", ['Y'] = "其他",
    };

    private static readonly Dictionary<string, string> Kinds = new()
    {
        ["11"] = "机关", ["12"] = "事业单位", ["13"] = "中央编办直管群众团体", ["19"] = "其他机构编制单位",
        ["51"] = "社会团体", ["52"] = "民办非企业单位", ["53"] = "基金会", ["59"] = "其他民政登记单位",
        ["71"] = "宗教活动场所", ["72"] = "宗教院校", ["81"] = "基层工会",
        ["91"] = "企业", ["92"] = "个体工商户", ["93"] = "农民专业合作社", ["A1"] = "军队事业单位",
    };

    /// <summary>The check of <paramref name="type"/> against <paramref name="code"/> (assumed a valid code): NotNeeded, Required or Rejected.</summary>
    public static ApplicantVerification Check(string code, ApplicantType type)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (type == ApplicantType.Other) return new(VerificationState.NotNeeded, $"统一社会信用代码 {code}: any citizen, legal person or other organisation may be Other (公民、法人和其他组织)");
        var prefix = code.Length >= 2 ? code[..2] : code;
        var what = $"统一社会信用代码 {code}: 登记管理部门码 {prefix[..1]}（{Authorities.GetValueOrDefault(prefix[0], "未知")}）、机构类别码 {(prefix.Length > 1 ? prefix[1..] : "?")}（{Kinds.GetValueOrDefault(prefix, "未列明")}）";
        string[] possible = type switch
        {
            ApplicantType.University or ApplicantType.ResearchInstitute => ["12", "52", "A1"],
            ApplicantType.DomesticEnterprise => ["91"],
            _ => [],
        };
        if (!possible.Contains(prefix))
            return new(VerificationState.Rejected, $"{what} cannot be a {type} (GB 32100; a {type} has {string.Join(" or ", possible)})");
        return new(VerificationState.Required, type == ApplicantType.DomesticEnterprise
            ? $"{what} shows an enterprise but not who controls it (内资控股)"
            : $"{what} shows a {Kinds[prefix]} but not that it is a {(type == ApplicantType.University ? "university (高校)" : "research institute (科研院所)")}");
    }

    /// <summary>The applicant's verification, computed from its code for a registration stored before the check existed.</summary>
    public static ApplicantVerification VerificationOf(OpenApplicant applicant)
    {
        ArgumentNullException.ThrowIfNull(applicant);
        return applicant.Verification ?? Check(applicant.Code, applicant.Type);
    }

    /// <summary>The DataAuthority's verification of a declared type the code could not decide.</summary>
    public static (OpenApplicant? Applicant, ValidationError? Error) Verify(OpenApplicant applicant, bool verified, IReadOnlyList<string>? reasons, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(applicant);
        var list = (reasons ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).ToArray();
        if (list.Length == 0) return (null, new("reasons", "are required: say what was checked (e.g. the registration certificate)"));
        if (list.Length > 20 || list.Any(r => r.Length > 500)) return (null, new("reasons", "at most 20 reasons of at most 500 characters"));
        var current = VerificationOf(applicant);
        if (current.State == VerificationState.NotNeeded) return (null, new("verified", $"{applicant.Type} needs no verification: {current.Evidence}"));
        return (applicant with
        {
            Verification = current with { State = verified ? VerificationState.Verified : VerificationState.Rejected, DecidedBy = by, DecidedAt = at, Reasons = list },
        }, null);
    }
}

/// <summary>How a department answers a public demand that data be opened (004 第十九条).</summary>
public enum DemandAnswer
{
    /// <summary>同意: the data is listed for opening (an entry of the department in the open catalog).</summary>
    ListedForOpening,
    /// <summary>不同意: not opened, with the reason.</summary>
    Declined,
}

/// <summary>The rules of public demands that data be opened (004 第十九条).</summary>
public static class OpenDemandPolicy
{
    /// <summary>Why the demand is not valid (fields named), empty when it is.</summary>
    public static IReadOnlyList<ValidationError> ValidateDemand(string? title, string? description, string? entryId, string? department)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(title) || title.Length > 200) errors.Add(new("title", "is required, at most 200 characters"));
        if (string.IsNullOrWhiteSpace(description) || description.Length > 2000) errors.Add(new("description", "is required, at most 2000 characters"));
        if (entryId is null && department is null) errors.Add(new("department", "name the department (unified social credit code) or the catalog entry (entryId) whose data you ask for"));
        if (entryId is not null && OpenDatasetRules.ValidateId(entryId) is { } idError) errors.Add(new("entryId", idError));
        if (department is not null && Identifiers.UnifiedSocialCreditCode.Validate(department) is { } deptError) errors.Add(new("department", deptError));
        return errors;
    }

    /// <summary>Why the answer is not valid, null when it is: declining needs a reason, listing needs the entry it is listed as.</summary>
    public static ValidationError? CheckAnswer(DemandAnswer answer, string? reason, string? entryId)
    {
        if (!Enum.IsDefined(answer)) return new("answer", "must be ListedForOpening or Declined");
        if (answer == DemandAnswer.Declined && string.IsNullOrWhiteSpace(reason)) return new("reason", "is required when declining: say why not (004 第十九条)");
        if (reason is { Length: > 2000 }) return new("reason", "must be at most 2000 characters");
        if (answer == DemandAnswer.ListedForOpening && OpenDatasetRules.ValidateId(entryId) is { } e) return new("entryId", "the open catalog entry the data is listed as " + e);
        return null;
    }
}
