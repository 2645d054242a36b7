using GovData.Domain.Calendar;
using GovData.Functions.Workflow;

namespace GovData.Functions.Supervision;

/// <summary>Pieces of a finding's description, which department staff and leadership read: in Chinese, dates as China writes them.</summary>
public static class FindingText
{
    /// <summary>"2026年12月1日", with "（暂定）" when the date falls in a year whose calendar is not loaded yet.</summary>
    public static string Due(DateOnly due, bool provisional) =>
        ChinaTime.ChineseDate(due) + (provisional ? "（暂定）" : "");

    /// <summary>"what happened；期限 2026年12月1日（rule）": a missed deadline's finding, with its due date and the rule that set it.</summary>
    public static string Missed(string what, DeadlineTimer timer) =>
        $"{what}；期限 {Due(timer.Deadline.DueDate, timer.Deadline.IsProvisional)}（{timer.Rule}）";
}
