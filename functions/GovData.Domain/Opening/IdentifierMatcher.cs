using System.Buffers;

namespace GovData.Domain.Opening;

/// <summary>
/// Finds resident ID numbers, mobile numbers, bank card numbers and e-mail addresses inside a value, without allocating.
/// Shared by free-text masking and the pre-publish scanner so that whatever masking hides, the scanner agrees is hidden.
/// </summary>
public static class IdentifierMatcher
{
    private const int MaxGroupedDigits = 19;

    // SearchValues rather than the generic IndexOfAnyInRange<T>: where that generic runs unoptimized (tiered compilation off,
    // or before tier-up) its type tests box both bounds on every call, which made the scan allocate per value.
    internal static readonly SearchValues<char> AsciiDigits = SearchValues.Create("0123456789");

    /// <summary>Whether <paramref name="text"/> contains any identifier of <paramref name="kinds"/>.</summary>
    public static bool ContainsAny(ReadOnlySpan<char> text, IdentifierKind kinds) => TryFindNext(text, 0, kinds, out _);

    /// <summary>Finds the first identifier of <paramref name="kinds"/> at or after <paramref name="from"/>.</summary>
    public static bool TryFindNext(ReadOnlySpan<char> text, int from, IdentifierKind kinds, out IdentifierMatch match)
    {
        var wantEmail = (kinds & IdentifierKind.Email) != 0;
        var i = from;
        while (i < text.Length)
        {
            if (!wantEmail)
            {
                // Without e-mails only digits can start a match: jump to the next one (vectorized), which is most of the scan's speed.
                var next = text[i..].IndexOfAny(AsciiDigits);
                if (next < 0) break;
                i += next;
            }
            var c = text[i];
            // An e-mail is checked at the start of each local-part word, before its digits, so 13812345678@163.com is one e-mail.
            if (wantEmail && IsLocalChar(c) && (i == from || !IsLocalChar(text[i - 1])))
            {
                var end = EmailEnd(text, i);
                if (end > 0)
                {
                    match = new IdentifierMatch(IdentifierKind.Email, i, end - i);
                    return true;
                }
            }
            if (char.IsAsciiDigit(c))
            {
                var e = i + 1;
                while (e < text.Length && char.IsAsciiDigit(text[e])) e++;
                if (ClassifyRun(text, i, e, kinds, out match) || ClassifyGroups(text, i, e, kinds, out match)) return true;
                i = e;
                continue;
            }
            i++;
        }
        match = default;
        return false;
    }

    // A maximal run of digits [s, e).
    private static bool ClassifyRun(ReadOnlySpan<char> text, int s, int e, IdentifierKind kinds, out IdentifierMatch match)
    {
        var run = text[s..e];
        var len = run.Length;
        if ((kinds & IdentifierKind.ResidentIdNumber) != 0)
        {
            if ((len == 18 && IdentifierChecks.IsResidentIdNumber18(run))
                || (len == 15 && IdentifierChecks.IsResidentIdNumber15(run)))
                return Found(IdentifierKind.ResidentIdNumber, s, len, out match);
            if (len == 17 && e < text.Length && text[e] is 'X' or 'x' && IdentifierChecks.IsResidentIdNumber18(text.Slice(s, 18)))
                return Found(IdentifierKind.ResidentIdNumber, s, 18, out match);
        }
        if ((kinds & IdentifierKind.MobileNumber) != 0)
        {
            if (len == 11 && IdentifierChecks.IsMobileNumber(run)) return Found(IdentifierKind.MobileNumber, s, 11, out match);
            if (len == 13 && run.StartsWith("86") && IdentifierChecks.IsMobileNumber(run[2..])) return Found(IdentifierKind.MobileNumber, s + 2, 11, out match);
            if (len == 15 && run.StartsWith("0086") && IdentifierChecks.IsMobileNumber(run[4..])) return Found(IdentifierKind.MobileNumber, s + 4, 11, out match);
        }
        if ((kinds & IdentifierKind.BankCard) != 0 && len is >= 13 and <= 19 && IdentifierChecks.PassesLuhn(run))
            return Found(IdentifierKind.BankCard, s, len, out match);
        match = default;
        return false;
    }

    // Digits in groups joined by single spaces or hyphens, as cards and phones are often written: 6222 0212 3456 7890, 138-1234-5678.
    private static bool ClassifyGroups(ReadOnlySpan<char> text, int s, int e, IdentifierKind kinds, out IdentifierMatch match)
    {
        match = default;
        if (!(e + 1 < text.Length && text[e] is ' ' or '-' && char.IsAsciiDigit(text[e + 1]))) return false;
        Span<char> digits = stackalloc char[MaxGroupedDigits];
        var d = 0;
        var p = s;
        var thirdDigitAt = -1;
        while (true)
        {
            while (p < text.Length && char.IsAsciiDigit(text[p]))
            {
                if (d == MaxGroupedDigits) return false;
                if (d == 2) thirdDigitAt = p;
                digits[d++] = text[p++];
            }
            if (p + 1 < text.Length && text[p] is ' ' or '-' && char.IsAsciiDigit(text[p + 1])) { p++; continue; }
            break;
        }
        var all = digits[..d];
        if ((kinds & IdentifierKind.ResidentIdNumber) != 0 && d == 18 && IdentifierChecks.IsResidentIdNumber18(all))
            return Found(IdentifierKind.ResidentIdNumber, s, p - s, out match);
        if ((kinds & IdentifierKind.MobileNumber) != 0)
        {
            if (d == 11 && IdentifierChecks.IsMobileNumber(all)) return Found(IdentifierKind.MobileNumber, s, p - s, out match);
            if (d == 13 && all.StartsWith("86") && IdentifierChecks.IsMobileNumber(all[2..]))
                return Found(IdentifierKind.MobileNumber, thirdDigitAt, p - thirdDigitAt, out match);
        }
        if ((kinds & IdentifierKind.BankCard) != 0 && d is >= 13 and <= 19 && IdentifierChecks.PassesLuhn(all))
            return Found(IdentifierKind.BankCard, s, p - s, out match);
        return false;
    }

    private static bool Found(IdentifierKind kind, int start, int length, out IdentifierMatch match)
    {
        match = new IdentifierMatch(kind, start, length);
        return true;
    }

    // Returns the end of an e-mail whose local part starts at i, or -1.
    private static int EmailEnd(ReadOnlySpan<char> text, int i)
    {
        var at = i;
        while (at < text.Length && IsLocalChar(text[at])) at++;
        if (at == i || at >= text.Length || text[at] != '@') return -1;
        var end = at + 1;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '.' or '-')) end++;
        while (end > at + 1 && text[end - 1] is '.' or '-') end--;
        var domain = text[(at + 1)..end];
        var dot = domain.LastIndexOf('.');
        if (dot <= 0 || domain.Length - dot - 1 < 2) return -1;
        foreach (var c in domain[(dot + 1)..]) if (!char.IsAsciiLetter(c)) return -1;
        return end;
    }

    private static bool IsLocalChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';
}
