namespace GovData.Domain.Opening;

/// <summary>
/// Generalization rules of docs/opening.md. A value that cannot be read (not a date, an address without a recognisable
/// level) becomes empty: publishing less is the safe failure.
/// </summary>
public static class Generalizer
{
    /// <summary>Writes the generalized value into <paramref name="destination"/> (at least 7 characters or the value's length) and returns its length.</summary>
    public static int Write(Generalization level, ReadOnlySpan<char> value, Span<char> destination)
    {
        value = value.Trim();
        switch (level)
        {
            case Generalization.Year:
                if (!TryYear(value)) return 0;
                value[..4].CopyTo(destination);
                return 4;
            case Generalization.Month:
                if (!TryYear(value) || !TryMonth(value, out var month)) return 0;
                value[..4].CopyTo(destination);
                destination[4] = '-';
                destination[5] = (char)('0' + month / 10);
                destination[6] = (char)('0' + month % 10);
                return 7;
            case Generalization.District:
                var keep = DistrictLength(value);
                value[..keep].CopyTo(destination);
                return keep;
            default:
                throw new ArgumentOutOfRangeException(nameof(level), level, "unknown generalization");
        }
    }

    /// <summary>Generalizes <paramref name="value"/> into a new string.</summary>
    public static string Apply(Generalization level, ReadOnlySpan<char> value)
    {
        Span<char> buffer = value.Length <= 256 ? stackalloc char[Math.Max(8, value.Length)] : new char[value.Length];
        return new string(buffer[..Write(level, value, buffer)]);
    }

    /// <summary>How many leading characters of an address to keep: through its first county-level component.</summary>
    public static int DistrictLength(ReadOnlySpan<char> address)
    {
        for (var i = 0; i < address.Length; i++)
        {
            var c = address[i];
            if (c == '县') return i + 1;
            if (c != '区') continue;
            // 自治区 and 特别行政区 are provinces and 地区 a prefecture: the county level comes later.
            var before = address[..i];
            if (before.EndsWith("自治") || before.EndsWith("行政") || before.EndsWith("地")) continue;
            return i + 1;
        }
        // A county-level city (龙岩市漳平市): through the second 市; else the city; else the province; else nothing.
        var first = address.IndexOf('市');
        if (first >= 0)
        {
            var second = address[(first + 1)..].IndexOf('市');
            return second >= 0 ? first + 1 + second + 1 : first + 1;
        }
        var province = address.IndexOf('省');
        return province >= 0 ? province + 1 : 0;
    }

    private static bool TryYear(ReadOnlySpan<char> value) =>
        value.Length >= 4 && IdentifierChecks.AllDigits(value[..4]) && value[0] is '1' or '2';

    // yyyyMMdd, or a separator (-, /, ., 年) then one or two digits.
    private static bool TryMonth(ReadOnlySpan<char> value, out int month)
    {
        month = 0;
        var rest = value[4..];
        if (rest.Length >= 2 && char.IsAsciiDigit(rest[0]) && char.IsAsciiDigit(rest[1]))
            month = (rest[0] - '0') * 10 + (rest[1] - '0');
        else if (rest.Length >= 2 && !char.IsAsciiDigit(rest[0]) && char.IsAsciiDigit(rest[1]))
        {
            month = rest[1] - '0';
            if (rest.Length >= 3 && char.IsAsciiDigit(rest[2])) month = month * 10 + (rest[2] - '0');
        }
        return month is >= 1 and <= 12;
    }
}
