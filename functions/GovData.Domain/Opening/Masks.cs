using System.Buffers;
using System.Collections.Frozen;

namespace GovData.Domain.Opening;

/// <summary>
/// The masking rules of docs/opening.md. Every mask keeps the value's length (one <c>*</c> per hidden character), so it
/// writes into a destination of the input's length and a string is made once with <c>string.Create</c>.
/// </summary>
public static class Masks
{
    /// <summary>The character that replaces hidden ones.</summary>
    public const char MaskChar = '*';

    private static readonly SearchValues<char> DigitsOrAt = SearchValues.Create("0123456789@");

    // 复姓 recognised when masking names; a name of two characters is always surname + given name.
    private static readonly FrozenSet<string> CompoundSurnames = new[]
    {
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕",
        "令狐", "钟离", "端木", "申屠", "独孤", "南宫", "西门", "百里", "呼延", "万俟", "澹台", "公冶", "太史", "闻人",
        "赫连", "拓跋", "司空", "东郭", "第五", "左丘", "濮阳", "淳于", "单于", "宗政", "仲孙", "羊舌",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> CompoundLookup =
        CompoundSurnames.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Masks <paramref name="value"/> with <paramref name="style"/> into a new string of the same length.</summary>
    public static string Apply(MaskStyle style, string value, int keepFirst = 0, int keepLast = 0)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0) return string.Empty;
        return string.Create(value.Length, (value, style, keepFirst, keepLast),
            static (dest, s) => Write(s.style, s.value, dest, s.keepFirst, s.keepLast));
    }

    /// <summary>Masks <paramref name="value"/> into <paramref name="destination"/> (at least as long as the value); writes exactly value.Length characters.</summary>
    public static void Write(MaskStyle style, ReadOnlySpan<char> value, Span<char> destination, int keepFirst = 0, int keepLast = 0)
    {
        switch (style)
        {
            case MaskStyle.ResidentIdNumber: ResidentIdNumber(value, destination); break;
            case MaskStyle.PhoneNumber: PhoneNumber(value, destination); break;
            case MaskStyle.PersonalName: PersonalName(value, destination); break;
            case MaskStyle.BankCard: KeepEnds(value, 0, 4, destination); break;
            case MaskStyle.Email: Email(value, destination); break;
            case MaskStyle.FreeText: FreeText(value, destination); break;
            case MaskStyle.KeepEnds: KeepEnds(value, keepFirst, keepLast, destination); break;
            default: throw new ArgumentOutOfRangeException(nameof(style), style, "unknown mask style");
        }
    }

    /// <summary>Keeps the first <paramref name="first"/> and last <paramref name="last"/> letters or digits; masks every other one, and all of them when there are not more than first + last.</summary>
    public static void KeepEnds(ReadOnlySpan<char> value, int first, int last, Span<char> destination)
    {
        var n = 0;
        foreach (var c in value) if (IsMaskable(c)) n++;
        var hideAll = n <= first + last;
        var k = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!IsMaskable(c)) { destination[i] = c; continue; }
            destination[i] = !hideAll && (k < first || k >= n - last) ? c : MaskChar;
            k++;
        }
    }

    /// <summary>First 6 and last 4 (15-digit old form: last 3).</summary>
    public static void ResidentIdNumber(ReadOnlySpan<char> value, Span<char> destination) =>
        KeepEnds(value, 6, value.Length == 15 ? 3 : 4, destination);

    /// <summary>First 3 and last 4 digits of the national number; a leading +86 or 0086 is kept as it is.</summary>
    public static void PhoneNumber(ReadOnlySpan<char> value, Span<char> destination)
    {
        var prefix = value.StartsWith("+86") ? 3 : value.StartsWith("0086") ? 4 : 0;
        value[..prefix].CopyTo(destination);
        KeepEnds(value[prefix..], 3, 4, destination[prefix..]);
    }

    /// <summary>Keeps the surname (two characters for a listed compound surname in a name of three or more); separators such as · stay.</summary>
    public static void PersonalName(ReadOnlySpan<char> value, Span<char> destination)
    {
        var keep = value.Length >= 3 && CompoundLookup.Contains(value[..2]) ? 2 : 1;
        if (keep == 1 && char.IsHighSurrogate(value[0]) && value.Length > 1) keep = 2; // a surname outside the BMP
        if (value.Length <= keep) keep = 0; // a lone character is not kept: it would be the whole name
        value[..keep].CopyTo(destination);
        for (var i = keep; i < value.Length; i++)
            destination[i] = value[i] is '·' or '•' or '.' or ' ' ? value[i] : MaskChar;
    }

    /// <summary>Keeps the first character of the local part and the whole domain.</summary>
    public static void Email(ReadOnlySpan<char> value, Span<char> destination)
    {
        var at = value.LastIndexOf('@');
        if (at < 0) { KeepEnds(value, 1, 0, destination); return; }
        for (var i = 0; i < at; i++) destination[i] = i == 0 ? value[0] : MaskChar;
        value[at..].CopyTo(destination[at..]);
    }

    /// <summary>Copies the text and masks every identifier found in it with its own rule.</summary>
    public static void FreeText(ReadOnlySpan<char> value, Span<char> destination)
    {
        value.CopyTo(destination);
        if (!value.ContainsAny(DigitsOrAt)) return; // most remarks: nothing to find
        var from = 0;
        while (IdentifierMatcher.TryFindNext(value, from, IdentifierKind.All, out var m))
        {
            MaskMatch(m, value, destination);
            from = m.End;
        }
    }

    /// <summary>Masks one match in place with the rule of its kind.</summary>
    internal static void MaskMatch(IdentifierMatch m, ReadOnlySpan<char> value, Span<char> destination)
    {
        var source = value.Slice(m.Start, m.Length);
        var target = destination.Slice(m.Start, m.Length);
        switch (m.Kind)
        {
            case IdentifierKind.ResidentIdNumber: KeepEnds(source, 6, CountDigits(source) == 15 ? 3 : 4, target); break;
            case IdentifierKind.MobileNumber: KeepEnds(source, 3, 4, target); break;
            case IdentifierKind.BankCard: KeepEnds(source, 0, 4, target); break;
            default: Email(source, target); break;
        }
    }

    private static int CountDigits(ReadOnlySpan<char> s)
    {
        var n = 0;
        foreach (var c in s) if (char.IsAsciiDigit(c)) n++;
        return n;
    }

    // Surrogates count as maskable so characters outside the BMP are never copied through.
    private static bool IsMaskable(char c) => char.IsLetterOrDigit(c) || char.IsSurrogate(c);
}
