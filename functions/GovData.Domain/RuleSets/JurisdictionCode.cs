namespace GovData.Domain.RuleSets;

/// <summary>The shape check rule sets apply to a GB/T 2260 division code.</summary>
/// <remarks>
/// Kept here rather than calling Identifiers.DivisionCode so the rule sets build on their own; the two
/// agree (six ASCII digits, province part not starting with 0).
/// </remarks>
internal static class JurisdictionCode
{
    /// <summary>Returns why <paramref name="text"/> is not a division code, or null when it is.</summary>
    public static string? Validate(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "is required";
        if (text.Length != 6 || !text.All(char.IsAsciiDigit) || text[0] == '0') return "must be a six-digit GB/T 2260 division code";
        return null;
    }
}
