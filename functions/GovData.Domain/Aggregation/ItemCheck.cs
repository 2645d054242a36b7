using GovData.Domain.Catalog;
using GovData.Domain.Identifiers;

namespace GovData.Domain.Aggregation;

/// <summary>The checks of one data item, prepared once per submission so checking a value allocates nothing.</summary>
public sealed class ItemCheck
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> allowed;
    private readonly DateOnly today;

    /// <summary>Prepares the checks of <paramref name="item"/>; <paramref name="today"/> bounds dates of birth.</summary>
    public ItemCheck(DataItem item, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(item);
        Item = item;
        this.today = today;
        allowed = new HashSet<string>(item.AllowedValues ?? [], StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The data item.</summary>
    public DataItem Item { get; }

    /// <summary>
    /// The value as checked and stored: free text as given, every other type without surrounding white space
    /// (exports often pad numbers and codes).
    /// </summary>
    public ReadOnlySpan<char> Normalize(ReadOnlySpan<char> raw) => Item.Type == DataItemType.String ? raw : raw.Trim();

    /// <summary>The first rule the value fails, or null; an empty optional value passes.</summary>
    public QualityRule? Check(ReadOnlySpan<char> raw)
    {
        var value = Normalize(raw);
        if (value.IsEmpty || value.IsWhiteSpace()) return Item.Required ? QualityRule.Required : null;
        if (Item.MaxLength is { } max && ValueChecks.IsLongerThan(value, max)) return QualityRule.MaxLength;
        return Item.Type switch
        {
            DataItemType.String => null,
            DataItemType.Integer => ValueChecks.IsInteger(value) ? null : QualityRule.Integer,
            DataItemType.Decimal => ValueChecks.IsDecimal(value) ? null : QualityRule.Decimal,
            DataItemType.Date => ValueChecks.TryParseDate(value, Item.Format, out _) ? null : QualityRule.Date,
            DataItemType.DateTime => ValueChecks.IsDateTime(value, Item.Format) ? null : QualityRule.DateTime,
            DataItemType.Boolean => ValueChecks.TryParseBoolean(value, out _) ? null : QualityRule.Boolean,
            DataItemType.Enumeration => allowed.Contains(value) ? null : QualityRule.Enumeration,
            DataItemType.UnifiedSocialCreditCode => ValueChecks.IsUnifiedSocialCreditCode(value) ? null : QualityRule.UnifiedSocialCreditCode,
            DataItemType.ResidentIdNumber => ResidentIdNumber.Check(value, today) == ResidentIdNumberError.None ? null : QualityRule.ResidentIdNumber,
            DataItemType.PhoneNumber => ValueChecks.IsPhoneNumber(value) ? null : QualityRule.PhoneNumber,
            DataItemType.Email => ValueChecks.IsEmail(value) ? null : QualityRule.Email,
            _ => null,
        };
    }

    /// <summary>Why <paramref name="raw"/> failed <paramref name="rule"/>; only called for the examples kept in the report.</summary>
    public string Describe(QualityRule rule, ReadOnlySpan<char> raw)
    {
        var value = Normalize(raw);
        return rule switch
        {
            QualityRule.Required => "is required",
            QualityRule.MaxLength => $"is longer than {Item.MaxLength} characters",
            QualityRule.Integer => "must be a whole number",
            QualityRule.Decimal => "must be a decimal number such as 12.50",
            QualityRule.Date => $"must be a date in the format {Item.Format ?? "yyyy-MM-dd"}",
            QualityRule.DateTime => $"must be a date and time in the format {Item.Format ?? "yyyy-MM-ddTHH:mm:ss (ISO 8601)"}",
            QualityRule.Boolean => "must be true/false, 是/否 or 1/0",
            QualityRule.Enumeration => $"must be one of: {string.Join(", ", (Item.AllowedValues ?? []).Take(20))}",
            QualityRule.UnifiedSocialCreditCode => UnifiedSocialCreditCode.Validate(value.ToString()) ?? "is not a unified social credit code",
            QualityRule.ResidentIdNumber => ResidentIdNumber.Describe(ResidentIdNumber.Check(value, today)) ?? "is not a resident ID number",
            QualityRule.PhoneNumber => "must be a mobile, landline (区号-号码) or 400/800 number",
            QualityRule.Email => "must be an e-mail address",
            _ => rule.ToString(),
        };
    }
}
