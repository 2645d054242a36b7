namespace GovData.Domain.Identifiers;

/// <summary>The 18-character unified social credit code (统一社会信用代码, GB 32100-2015) that identifies a department or organization.</summary>
public readonly record struct UnifiedSocialCreditCode
{
    // GB 32100 leaves out I, O, Z, S and V so the code cannot be misread.
    internal const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    private UnifiedSocialCreditCode(string value) => Value = value;

    /// <summary>The code as 18 upper-case characters.</summary>
    public string Value { get; }

    /// <summary>The GB/T 2260 division code embedded in characters 3 to 8.</summary>
    public string DivisionCode => Value.Substring(2, 6);

    /// <summary>Parses a code, checking length, alphabet and the check character.</summary>
    public static bool TryParse(string? text, out UnifiedSocialCreditCode code)
    {
        code = default;
        if (Validate(text) is not null) return false;
        code = new UnifiedSocialCreditCode(text!);
        return true;
    }

    /// <summary>Returns why <paramref name="text"/> is not a valid code, or null when it is.</summary>
    public static string? Validate(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "is required";
        if (text.Length != 18) return "must be 18 characters (GB 32100)";
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var v = Alphabet.IndexOf(text[i]);
            if (v < 0) return $"character {i + 1} '{text[i]}' is not allowed in a unified social credit code";
            sum += v * Weights[i];
        }
        var expected = CheckCharacter(sum);
        return text[17] == expected ? null : $"check character should be '{expected}' (GB 32100)";
    }

    /// <summary>Computes the check character for the first 17 characters; used to build valid demo codes.</summary>
    public static char ComputeCheckCharacter(string first17)
    {
        ArgumentNullException.ThrowIfNull(first17);
        if (first17.Length != 17) throw new ArgumentException("expects the first 17 characters", nameof(first17));
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var v = Alphabet.IndexOf(first17[i]);
            if (v < 0) throw new ArgumentException($"character '{first17[i]}' is not allowed", nameof(first17));
            sum += v * Weights[i];
        }
        return CheckCharacter(sum);
    }

    private static char CheckCharacter(int sum)
    {
        var c = 31 - sum % 31;
        return Alphabet[c == 31 ? 0 : c];
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
