namespace GovData.Domain.RuleSets;

/// <summary>
/// The article of a regulation a rule rests on, such as <c>004 第十二条</c>: the regulation file number
/// (000 to 004, see regulations/README.md), the article, and optionally the sentence quoted from it.
/// </summary>
public sealed record Citation(string RegulationFile, string Article, string? Quote = null)
{
    /// <summary>Returns why the citation cannot be used, or null when it can.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(RegulationFile)) return "names no regulation file";
        if (string.IsNullOrWhiteSpace(Article)) return "names no article";
        // Articles are written the way the regulations number them (第N条) so they can be found in the text.
        if (!Article.Contains('第')) return "article must be written as in the text, e.g. 第十二条";
        return null;
    }

    /// <inheritdoc />
    public override string ToString() => $"{RegulationFile} {Article}";
}
