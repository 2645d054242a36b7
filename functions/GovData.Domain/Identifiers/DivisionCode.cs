namespace GovData.Domain.Identifiers;

/// <summary>A six-digit GB/T 2260 administrative division code that identifies a jurisdiction (e.g. 350800 Longyan).</summary>
public static class DivisionCode
{
    /// <summary>Returns why <paramref name="text"/> is not a division code, or null when it is.</summary>
    public static string? Validate(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "is required";
        if (text.Length != 6 || !text.All(char.IsAsciiDigit)) return "must be a six-digit GB/T 2260 division code";
        if (text.StartsWith('0')) return "is not a GB/T 2260 division code (province part cannot start with 0)";
        return null;
    }

    /// <summary>The province that contains this division (its first two digits followed by 0000).</summary>
    public static string ProvinceOf(string code) => string.Concat(code.AsSpan(0, 2), "0000");
}
