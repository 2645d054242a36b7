using System.Text.RegularExpressions;

namespace GovData.Domain.Catalog;

/// <summary>Checks a catalog entry's content against the rules of DOMAIN.md (Catalog), naming the field and the article.</summary>
public static partial class CatalogValidator
{
    /// <summary>Longest name.</summary>
    public const int MaxName = 100;
    /// <summary>Longest summary.</summary>
    public const int MaxSummary = 2000;
    /// <summary>Longest free-text field (conditions, legal basis, usage requirements).</summary>
    public const int MaxText = 1000;
    /// <summary>Longest short field (format, data item format).</summary>
    public const int MaxShort = 100;
    /// <summary>Most data items in one entry.</summary>
    public const int MaxDataItems = 500;
    /// <summary>Most related entries.</summary>
    public const int MaxRelated = 50;

    private const string LegalBasisArticles = "000 第二十四条, 001 第八条, 002 第二十条, 004 第十一条";

    /// <summary>Every problem with <paramref name="c"/>; empty when it may be saved and submitted.</summary>
    public static IReadOnlyList<ValidationError> Validate(CatalogContent c)
    {
        var errors = new List<ValidationError>();
        void Add(string field, string reason) => errors.Add(new ValidationError(field, reason));

        Text(errors, "name", c.Name, MaxName, required: true, min: 2);
        if (CodeProblem(c.Code) is { } codeProblem) Add("code", codeProblem);
        Text(errors, "summary", c.Summary, MaxSummary, required: true);
        Text(errors, "format", c.Format, MaxShort);
        Text(errors, "sharingConditions", c.SharingConditions, MaxText);
        Text(errors, "legalBasis", c.LegalBasis, MaxText);
        Text(errors, "openConditions", c.OpenConditions, MaxText);
        Text(errors, "usageRequirements", c.UsageRequirements, MaxText);

        if (!Enum.IsDefined(c.SharingType)) Add("sharingType", $"must be one of: {string.Join(", ", Enum.GetNames<SharingType>())}");
        if (!Enum.IsDefined(c.OpenType)) Add("openType", $"must be one of: {string.Join(", ", Enum.GetNames<OpenType>())}");
        if (!Enum.IsDefined(c.UpdateCycle)) Add("updateCycle", $"must be one of: {string.Join(", ", Enum.GetNames<UpdateCycle>())}");
        if (!Enum.IsDefined(c.SecurityLevel)) Add("securityLevel", $"must be one of: {string.Join(", ", Enum.GetNames<DataSecurityLevel>())}");

        if (c.SharingType is SharingType.Conditional or SharingType.NotShared && string.IsNullOrWhiteSpace(c.LegalBasis))
            Add("legalBasis", $"is required for a {c.SharingType} entry: cite the law or regulation ({LegalBasisArticles})");
        if (c.SharingType == SharingType.Conditional && string.IsNullOrWhiteSpace(c.SharingConditions))
            Add("sharingConditions", $"is required for a Conditional entry: state the conditions a request must meet ({LegalBasisArticles})");
        if (c.OpenType == OpenType.OnApplication && string.IsNullOrWhiteSpace(c.OpenConditions))
            Add("openConditions", "is required for an OnApplication entry: state who may apply and on what terms (000 第三十二条, 002 第二十六条, 004 第十七条)");

        var methods = c.SharingMethods ?? [];
        for (var i = 0; i < methods.Count; i++)
            if (!Enum.IsDefined(methods[i])) Add($"sharingMethods[{i}]", $"must be one of: {string.Join(", ", Enum.GetNames<SharingMethod>())}");
        if (methods.Distinct().Count() != methods.Count) Add("sharingMethods", "lists a method twice");
        if (c.SharingType != SharingType.NotShared && methods.Count == 0)
            Add("sharingMethods", "must name at least one method for shared data (001 第十五条, 000 第二十六条)");
        if (c.SharingType != SharingType.NotShared && c.UpdateCycle.IsFrequent() && !methods.Contains(SharingMethod.Api))
            Add("sharingMethods", $"must include Api: {c.UpdateCycle} data is frequently updated and is shared by interface (001 第十五条)");

        ValidateItems(errors, c.DataItems);

        var related = c.RelatedEntries ?? [];
        if (related.Count > MaxRelated) Add("relatedEntries", $"may list at most {MaxRelated} entries");
        for (var i = 0; i < related.Count; i++)
        {
            if (CodeProblem(related[i]) is { } p) Add($"relatedEntries[{i}]", p);
            else if (string.Equals(related[i], c.Code, StringComparison.Ordinal)) Add($"relatedEntries[{i}]", "is the entry itself");
        }
        return errors;
    }

    /// <summary>Why <paramref name="code"/> is not a valid entry code, or null.</summary>
    public static string? CodeProblem(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return "is required";
        if (code.Length > 50) return "must be at most 50 characters";
        return CodePattern().IsMatch(code) ? null : "must be 3 to 50 characters of upper-case letters, digits and '-', starting with a letter or digit (e.g. 350800-GA-0001)";
    }

    private static void ValidateItems(List<ValidationError> errors, IReadOnlyList<DataItem>? items)
    {
        if (items is null || items.Count == 0) { errors.Add(new("dataItems", "must list at least one data item (信息项) (002 第九条)")); return; }
        if (items.Count > MaxDataItems) errors.Add(new("dataItems", $"may list at most {MaxDataItems} items"));
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var f = $"dataItems[{i}]";
            if (item is null) { errors.Add(new(f, "must not be null")); continue; }
            Text(errors, f + ".name", item.Name, MaxShort, required: true);
            if (!string.IsNullOrWhiteSpace(item.Name) && !seen.Add(item.Name.Trim())) errors.Add(new(f + ".name", $"'{item.Name}' appears twice"));
            if (!Enum.IsDefined(item.Type)) errors.Add(new(f + ".type", $"must be one of: {string.Join(", ", Enum.GetNames<DataItemType>())}"));
            Text(errors, f + ".format", item.Format, MaxShort);
            Text(errors, f + ".description", item.Description, MaxText);
            if (item.MaxLength is <= 0) errors.Add(new(f + ".maxLength", "must be positive"));
            if (item.Type == DataItemType.Enumeration && (item.AllowedValues is null || item.AllowedValues.Count == 0))
                errors.Add(new(f + ".allowedValues", "must list the allowed values of an Enumeration"));
        }
    }

    private static void Text(List<ValidationError> errors, string field, string? value, int max, bool required = false, int min = 1)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(new(field, "is required"));
            return;
        }
        if (value.Length > max) errors.Add(new(field, $"must be at most {max} characters (is {value.Length})"));
        else if (value.Trim().Length < min) errors.Add(new(field, $"must be at least {min} characters"));
        if (value.Any(ch => char.IsControl(ch) && ch is not '\n' and not '\r' and not '\t')) errors.Add(new(field, "must not contain control characters"));
    }

    [GeneratedRegex("^[0-9A-Z][0-9A-Z-]{2,49}$")]
    private static partial Regex CodePattern();
}
