using GovData.Domain.Identifiers;

namespace GovData.Domain.Opening;

/// <summary>Check-digit rules used by the matcher, on spans so the scanner allocates nothing.</summary>
internal static class IdentifierChecks
{
    /// <summary>
    /// GB 11643-1999: 17 digits and the ISO 7064 MOD 11-2 check character (digit, X or x). Only the check character, not
    /// the date of birth: a number with a mistyped date still identifies a person, so the scanner must still see it.
    /// </summary>
    public static bool IsResidentIdNumber18(ReadOnlySpan<char> s)
    {
        if (s.Length != 18 || !AllDigits(s[..17])) return false;
        var c = s[17] == 'x' ? 'X' : s[17];
        return c == ResidentIdNumber.ComputeCheckCharacter(s[..17]);
    }

    /// <summary>The old 15-digit number (before 1999): 6-digit area, yyMMdd birth date, 3-digit sequence; no check digit, so the date must be plausible.</summary>
    public static bool IsResidentIdNumber15(ReadOnlySpan<char> s)
    {
        if (s.Length != 15 || !AllDigits(s)) return false;
        var month = (s[8] - '0') * 10 + (s[9] - '0');
        var day = (s[10] - '0') * 10 + (s[11] - '0');
        return s[0] != '0' && month is >= 1 and <= 12 && day is >= 1 and <= 31;
    }

    /// <summary>The Luhn (mod 10) check used by bank card numbers; digits only.</summary>
    public static bool PassesLuhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if ((uint)d > 9) return false;
            if (doubleIt) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /// <summary>1[3-9] followed by 9 digits.</summary>
    public static bool IsMobileNumber(ReadOnlySpan<char> s) =>
        s.Length == 11 && s[0] == '1' && s[1] is >= '3' and <= '9' && AllDigits(s);

    public static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }
}
