namespace GovData.Domain.Identifiers;

/// <summary>Why a text is not a valid resident ID number (GB 11643-1999).</summary>
public enum ResidentIdNumberError
{
    /// <summary>The number is valid.</summary>
    None,
    /// <summary>Not 18 characters.</summary>
    Length,
    /// <summary>One of the first 17 characters is not a digit, or the last is not a digit or X.</summary>
    Character,
    /// <summary>The six-digit address (area) code is 000000.</summary>
    AreaCode,
    /// <summary>Characters 7-14 are not a calendar date (yyyyMMdd, year 1800 or later).</summary>
    DateOfBirth,
    /// <summary>The date of birth is after today.</summary>
    FutureDateOfBirth,
    /// <summary>The ISO 7064 MOD 11-2 check character does not match.</summary>
    CheckCharacter,
}

/// <summary>
/// 公民身份号码 (GB 11643-1999): a six-digit address code, the date of birth as yyyyMMdd, a three-digit sequence
/// number and an ISO 7064 MOD 11-2 check character (0-9 or upper-case X).
/// </summary>
public readonly record struct ResidentIdNumber
{
    // Weight of position i is 2^(17-i) mod 11; the check character is indexed by the weighted sum mod 11.
    private static ReadOnlySpan<byte> Weights => [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    private ResidentIdNumber(string value) => Value = value;

    /// <summary>The number as 18 characters.</summary>
    public string Value { get; }

    /// <summary>The six-digit address code (GB/T 2260 division where the number was issued).</summary>
    public string AreaCode => Value[..6];

    /// <summary>The date of birth in characters 7 to 14.</summary>
    public DateOnly DateOfBirth => new(ReadNumber(Value.AsSpan(6, 4)), ReadNumber(Value.AsSpan(10, 2)), ReadNumber(Value.AsSpan(12, 2)));

    /// <summary>Parses a number, checking every rule of <see cref="Check"/>.</summary>
    public static bool TryParse(string? text, DateOnly today, out ResidentIdNumber number)
    {
        number = default;
        if (text is null || Check(text, today) != ResidentIdNumberError.None) return false;
        number = new ResidentIdNumber(text);
        return true;
    }

    /// <summary>Returns why <paramref name="text"/> is not a valid number, or null when it is.</summary>
    public static string? Validate(string? text, DateOnly today) =>
        string.IsNullOrEmpty(text) ? "is required" : Describe(Check(text, today));

    /// <summary>Checks length, characters, area code, date of birth (not after <paramref name="today"/>) and the check character; allocates nothing.</summary>
    public static ResidentIdNumberError Check(ReadOnlySpan<char> text, DateOnly today)
    {
        if (text.Length != 18) return ResidentIdNumberError.Length;
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var d = text[i] - '0';
            if ((uint)d > 9) return ResidentIdNumberError.Character;
            sum += d * Weights[i];
        }
        var last = text[17];
        if (last is not ((>= '0' and <= '9') or 'X')) return ResidentIdNumberError.Character;
        if (text[..6].SequenceEqual("000000")) return ResidentIdNumberError.AreaCode;
        int year = ReadNumber(text.Slice(6, 4)), month = ReadNumber(text.Slice(10, 2)), day = ReadNumber(text.Slice(12, 2));
        if (year < 1800 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return ResidentIdNumberError.DateOfBirth;
        if (new DateOnly(year, month, day) > today) return ResidentIdNumberError.FutureDateOfBirth;
        return last == CheckCharacters[sum % 11] ? ResidentIdNumberError.None : ResidentIdNumberError.CheckCharacter;
    }

    /// <summary>Computes the check character for the first 17 digits; used to build valid demo and test numbers.</summary>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17) throw new ArgumentException("expects the first 17 digits", nameof(first17));
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var d = first17[i] - '0';
            if ((uint)d > 9) throw new ArgumentException($"character '{first17[i]}' is not a digit", nameof(first17));
            sum += d * Weights[i];
        }
        return CheckCharacters[sum % 11];
    }

    /// <summary>A sentence for a report, or null for <see cref="ResidentIdNumberError.None"/>.</summary>
    public static string? Describe(ResidentIdNumberError error) => error switch
    {
        ResidentIdNumberError.None => null,
        ResidentIdNumberError.Length => "must be 18 characters (GB 11643)",
        ResidentIdNumberError.Character => "must be 17 digits followed by a digit or upper-case X (GB 11643)",
        ResidentIdNumberError.AreaCode => "address code 000000 is not a division (GB 11643)",
        ResidentIdNumberError.DateOfBirth => "characters 7-14 must be a valid date of birth yyyyMMdd (GB 11643)",
        ResidentIdNumberError.FutureDateOfBirth => "date of birth is in the future (GB 11643)",
        ResidentIdNumberError.CheckCharacter => "check character does not match (ISO 7064 MOD 11-2, GB 11643)",
        _ => throw new ArgumentOutOfRangeException(nameof(error)),
    };

    private static int ReadNumber(ReadOnlySpan<char> digits)
    {
        var n = 0;
        foreach (var c in digits) n = n * 10 + (c - '0');
        return n;
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
