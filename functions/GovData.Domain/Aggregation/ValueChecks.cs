using System.Globalization;
using GovData.Domain.Identifiers;

namespace GovData.Domain.Aggregation;

/// <summary>Allocation-free checks of single values; they run on every field of every submitted row.</summary>
public static class ValueChecks
{
    private static readonly string[] IsoDateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd' 'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd' 'HH:mmK",
    ];

    // GB 32100 character values by ASCII code (-1: not allowed); the code's own alphabet, indexed for speed.
    private static readonly sbyte[] CreditCodeValues = BuildCreditCodeValues();
    private static ReadOnlySpan<byte> CreditCodeWeights => [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>An optionally signed whole number that fits 64 bits.</summary>
    public static bool IsInteger(ReadOnlySpan<char> value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    /// <summary>An optionally signed decimal number with a point, no exponent or grouping.</summary>
    public static bool IsDecimal(ReadOnlySpan<char> value) =>
        decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);

    /// <summary>A date in <paramref name="format"/> (null: yyyy-MM-dd); yyyy-MM-dd and yyyyMMdd take a fast path.</summary>
    public static bool TryParseDate(ReadOnlySpan<char> value, string? format, out DateOnly date)
    {
        date = default;
        switch (format)
        {
            case null or "yyyy-MM-dd":
                return value.Length == 10 && value[4] == '-' && value[7] == '-'
                    && TryDate(value[..4], value.Slice(5, 2), value.Slice(8, 2), out date);
            case "yyyyMMdd":
                return value.Length == 8 && TryDate(value[..4], value.Slice(4, 2), value.Slice(6, 2), out date);
            default:
                return DateOnly.TryParseExact(value, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
        }
    }

    /// <summary>A date and time in <paramref name="format"/>; null accepts ISO 8601 with 'T' or a space, optional seconds, fraction and offset.</summary>
    public static bool IsDateTime(ReadOnlySpan<char> value, string? format) => format is null
        ? DateTimeOffset.TryParseExact(value, IsoDateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
        : DateTimeOffset.TryParseExact(value, format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    /// <summary>true/false (any case), 是/否, 1/0; <paramref name="result"/> is the value.</summary>
    public static bool TryParseBoolean(ReadOnlySpan<char> value, out bool result)
    {
        result = value is "1" or "是" || value.Equals("true", StringComparison.OrdinalIgnoreCase);
        return result || value is "0" or "否" || value.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The 18-character unified social credit code with its check character (GB 32100).</summary>
    public static bool IsUnifiedSocialCreditCode(ReadOnlySpan<char> value)
    {
        if (value.Length != 18) return false;
        var sum = 0;
        for (var i = 0; i < 18; i++)
        {
            var c = value[i];
            var v = c < 128 ? CreditCodeValues[c] : -1;
            if (v < 0) return false;
            if (i == 17)
            {
                var check = 31 - sum % 31;
                return v == (check == 31 ? 0 : check);
            }
            sum += v * CreditCodeWeights[i];
        }
        return false;
    }

    /// <summary>
    /// A mainland number: mobile (1[3-9] and 9 digits), landline (0 + 2-3 digit area code, optional '-', 7-8 digits,
    /// optional '-' extension of 1-6 digits) or 400/800 (10 digits, optional dashes); +86 / 0086 may precede mobiles.
    /// </summary>
    public static bool IsPhoneNumber(ReadOnlySpan<char> value)
    {
        if (value.StartsWith("+86")) value = value[3..].TrimStart(" -");
        else if (value.StartsWith("0086")) value = value[4..].TrimStart(" -");
        if (value.Length == 11 && value[0] == '1' && value[1] is >= '3' and <= '9' && AllDigits(value)) return true;
        if (value.Length >= 10 && (value.StartsWith("400") || value.StartsWith("800")))
        {
            var digits = 0;
            foreach (var c in value)
            {
                if (char.IsAsciiDigit(c)) digits++;
                else if (c != '-') return false;
            }
            return digits == 10 && value[^1] != '-';
        }
        if (value.Length < 10 || value[0] != '0') return false;
        var dash = value.IndexOf('-');
        ReadOnlySpan<char> local;
        if (dash < 0)
        {
            // Without a separator the area code length is ambiguous: 10-12 digits in all covers 3/4-digit codes with 7/8-digit numbers.
            return value.Length <= 12 && AllDigits(value);
        }
        if (dash is < 3 or > 4 || !AllDigits(value[..dash])) return false;
        local = value[(dash + 1)..];
        var extension = local.IndexOf('-');
        if (extension >= 0)
        {
            var ext = local[(extension + 1)..];
            if (ext.Length is < 1 or > 6 || !AllDigits(ext)) return false;
            local = local[..extension];
        }
        return local.Length is 7 or 8 && AllDigits(local) && local[0] != '0';
    }

    /// <summary>
    /// A practical e-mail check (not full RFC 5322): one '@', a local part of 1-64 characters without spaces or
    /// leading/trailing/double dots, a domain of dot-separated labels (letters, digits, hyphens, non-ASCII for IDN) with a TLD of 2+.
    /// </summary>
    public static bool IsEmail(ReadOnlySpan<char> value)
    {
        if (value.Length > 254) return false;
        var at = value.IndexOf('@');
        if (at is < 1 or > 64) return false;
        var local = value[..at];
        var domain = value[(at + 1)..];
        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal)) return false;
        foreach (var c in local)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c > 127 || "!#$%&'*+/=?^_`{|}~.-".Contains(c))) return false;
        }
        var labels = 0;
        var tld = ReadOnlySpan<char>.Empty;
        while (true)
        {
            var dot = domain.IndexOf('.');
            var label = dot < 0 ? domain : domain[..dot];
            if (label.Length is < 1 or > 63 || label[0] == '-' || label[^1] == '-') return false;
            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c > 127)) return false;
            }
            labels++;
            if (dot < 0) { tld = label; break; }
            domain = domain[(dot + 1)..];
        }
        return labels >= 2 && tld.Length >= 2 && !char.IsAsciiDigit(tld[0]);
    }

    /// <summary>Length in characters as people count them (a surrogate pair is one); only counted when the UTF-16 length is over.</summary>
    public static bool IsLongerThan(ReadOnlySpan<char> value, int maxLength)
    {
        if (value.Length <= maxLength) return false;
        var count = 0;
        foreach (var _ in value.EnumerateRunes()) count++;
        return count > maxLength;
    }

    private static bool AllDigits(ReadOnlySpan<char> value) => !value.IsEmpty && !value.ContainsAnyExceptInRange('0', '9');

    private static bool TryDate(ReadOnlySpan<char> y, ReadOnlySpan<char> m, ReadOnlySpan<char> d, out DateOnly date)
    {
        date = default;
        if (!AllDigits(y) || !AllDigits(m) || !AllDigits(d)) return false;
        int year = Number(y), month = Number(m), day = Number(d);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    private static int Number(ReadOnlySpan<char> digits)
    {
        var n = 0;
        foreach (var c in digits) n = n * 10 + (c - '0');
        return n;
    }

    private static sbyte[] BuildCreditCodeValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < UnifiedSocialCreditCode.Alphabet.Length; i++) values[UnifiedSocialCreditCode.Alphabet[i]] = (sbyte)i;
        return values;
    }
}
