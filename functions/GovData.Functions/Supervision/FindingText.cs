using System.Globalization;

namespace GovData.Functions.Supervision;

/// <summary>Pieces of a finding's description, which department staff and leadership read: in Chinese, dates as China writes them.</summary>
public static class FindingText
{
    /// <summary>"2026年12月1日", with "（暂定）" when the date falls in a year whose calendar is not loaded yet.</summary>
    public static string Due(DateOnly due, bool provisional) =>
        due.ToString("yyyy年M月d日", CultureInfo.InvariantCulture) + (provisional ? "（暂定）" : "");
}
