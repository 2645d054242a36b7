namespace GovData.Domain.Catalog;

/// <summary>The type of a data item's values, as checked on aggregation and shown in the catalog.</summary>
public enum DataItemType
{
    /// <summary>Free text.</summary>
    String,
    /// <summary>A whole number.</summary>
    Integer,
    /// <summary>A decimal number.</summary>
    Decimal,
    /// <summary>A calendar date (yyyy-MM-dd unless <see cref="DataItem.Format"/> says otherwise).</summary>
    Date,
    /// <summary>A date and time (ISO 8601 unless <see cref="DataItem.Format"/> says otherwise).</summary>
    DateTime,
    /// <summary>true/false (also 是/否, 1/0).</summary>
    Boolean,
    /// <summary>One of <see cref="DataItem.AllowedValues"/>.</summary>
    Enumeration,
    /// <summary>统一社会信用代码 (GB 32100), checked with its check character.</summary>
    UnifiedSocialCreditCode,
    /// <summary>公民身份号码 (GB 11643), checked with its ISO 7064 check digit and date of birth.</summary>
    ResidentIdNumber,
    /// <summary>A mainland mobile or landline number.</summary>
    PhoneNumber,
    /// <summary>An e-mail address.</summary>
    Email,
}

/// <summary>
/// 信息项: one field of a data resource (002 第九条). Personal and sensitive items drive desensitization before
/// opening and the confidentiality agreement before sharing; key items must be unique within a submission.
/// </summary>
public sealed record DataItem
{
    /// <summary>The item's name as departments know it, e.g. 姓名, 统一社会信用代码.</summary>
    public required string Name { get; init; }
    /// <summary>The value type.</summary>
    public required DataItemType Type { get; init; }
    /// <summary>A format for dates and times (e.g. yyyyMMdd), or a description for free text.</summary>
    public string? Format { get; init; }
    /// <summary>Whether every record must carry a value.</summary>
    public bool Required { get; init; }
    /// <summary>Longest allowed value, in characters.</summary>
    public int? MaxLength { get; init; }
    /// <summary>The allowed values of an <see cref="DataItemType.Enumeration"/>.</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }
    /// <summary>Part of the record's key: the key items together must be unique in a submission.</summary>
    public bool IsKey { get; init; }
    /// <summary>Identifies or describes a natural person (个人信息).</summary>
    public bool IsPersonal { get; init; }
    /// <summary>Sensitive (commercial secret, security-relevant) beyond personal data.</summary>
    public bool IsSensitive { get; init; }
    /// <summary>What the item means.</summary>
    public string? Description { get; init; }
}
