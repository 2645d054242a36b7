namespace GovData.Domain.Aggregation;

/// <summary>A quality rule a submitted value or row can fail (001 第十二条; 000 第十五条 第十六条; 002 第十八条).</summary>
public enum QualityRule
{
    /// <summary>A required item is empty.</summary>
    Required,
    /// <summary>Longer than the item's MaxLength.</summary>
    MaxLength,
    /// <summary>Not a whole number.</summary>
    Integer,
    /// <summary>Not a decimal number.</summary>
    Decimal,
    /// <summary>Not a date in the item's format.</summary>
    Date,
    /// <summary>Not a date and time in the item's format (ISO 8601 by default).</summary>
    DateTime,
    /// <summary>Not true/false, 是/否 or 1/0.</summary>
    Boolean,
    /// <summary>Not one of the allowed values.</summary>
    Enumeration,
    /// <summary>Not a valid unified social credit code (GB 32100).</summary>
    UnifiedSocialCreditCode,
    /// <summary>Not a valid resident ID number (GB 11643).</summary>
    ResidentIdNumber,
    /// <summary>Not a mainland mobile, landline or 400/800 number.</summary>
    PhoneNumber,
    /// <summary>Not an e-mail address.</summary>
    Email,
    /// <summary>The key items repeat an earlier row's.</summary>
    DuplicateKey,
    /// <summary>The row itself is broken: wrong number of fields, not a JSON object, a nested value.</summary>
    MalformedRow,
}
