using GovData.Domain.RuleSets;

namespace GovData.Domain.Opening;

/// <summary>An organisation registered to apply for on-application open data, identified by its unified social credit code.</summary>
public sealed record OpenApplicant(string Code, string Jurisdiction, ApplicantType Type, string Name, string RegisteredBy, DateTimeOffset RegisteredAt);

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

    /// <summary>Why the registration is not valid (fields named), empty when it is.</summary>
    public static IReadOnlyList<ValidationError> ValidateRegistration(ApplicantType type, string? name)
    {
        var errors = new List<ValidationError>();
        if (!Enum.IsDefined(type)) errors.Add(new("type", $"must be one of {string.Join(", ", Enum.GetNames<ApplicantType>())}"));
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200) errors.Add(new("name", "is required, at most 200 characters"));
        return errors;
    }

    /// <summary>
    /// Why this applicant may not apply with this purpose (null when it may): only the types the rule set lists are eligible,
    /// and the purpose is required because use must match it (002 第二十九条).
    /// </summary>
    public static ValidationError? CheckApplication(ApplicantType type, string? purpose, Rule<ApplicantTypeSet> eligible, string citation)
    {
        ArgumentNullException.ThrowIfNull(eligible);
        if (!eligible.Value.Contains(type))
            return new("applicantType", $"{type} is not eligible for on-application open data here; eligible: {string.Join(", ", eligible.Value.Items)} ({citation})");
        if (string.IsNullOrWhiteSpace(purpose)) return new("purpose", "is required: the use must match the stated purpose (002 第二十九条)");
        if (purpose.Length > MaxPurposeLength) return new("purpose", $"must be at most {MaxPurposeLength} characters");
        return null;
    }

    /// <summary>The restriction a grant to <paramref name="type"/> carries under <paramref name="rules"/>, or null.</summary>
    public static string? RestrictionFor(ApplicantType type, RuleSets.OpenApplicationRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return rules.NonProfitOnly(type) ? NonProfitRestriction : null;
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
