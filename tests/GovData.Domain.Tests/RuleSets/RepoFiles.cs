using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace GovData.Domain.Tests.RuleSets;

/// <summary>Finds files next to the test sources (the docs, the regulations) without depending on the build output path.</summary>
internal static partial class RepoFiles
{
    public static string RepoRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    public static string? RegulationsFolder()
    {
        var folder = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "regulations"));
        return Directory.Exists(folder) ? folder : null;
    }

    /// <summary>Compares texts whatever their punctuation width, spacing and the pinyin glitches of 003.</summary>
    public static string Normalize(string text)
    {
        var s = Pinyin().Replace(text, "");
        s = s.Replace('，', ',').Replace('；', ';').Replace('：', ':').Replace('（', '(').Replace('）', ')').Replace('。', '.')
             .Replace('于', '於');
        return Whitespace().Replace(s, "");
    }

    [GeneratedRegex(@"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")]
    private static partial Regex Pinyin();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
