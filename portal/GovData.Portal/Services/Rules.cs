namespace GovData.Portal.Services;

/// <summary>How a cited rule reads on a page: without the rule-set stamp (350800@v1+350000@v1), with its article once.</summary>
public static class Rules
{
    public static string Readable(string rule, string? article = null)
    {
        var text = rule.Trim();
        // "350800@v1+350000@v1 shareDecision.deadline = 5 working days (004 第十二条)": the stamp says which rule-set versions applied.
        var space = text.IndexOf(' ');
        if (space > 0 && text[..space].Contains('@')) text = text[(space + 1)..];
        if (!string.IsNullOrEmpty(article) && !text.Contains(article, StringComparison.Ordinal)) text += "（" + article + "）";
        return text;
    }
}
