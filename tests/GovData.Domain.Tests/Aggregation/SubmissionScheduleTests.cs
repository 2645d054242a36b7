using GovData.Domain.Aggregation;
using GovData.Domain.Calendar;
using GovData.Domain.Catalog;

namespace GovData.Domain.Tests.Aggregation;

/// <summary>The next submission is due one update cycle after the accepted one, on a working day (002 第十七条).</summary>
public sealed class SubmissionScheduleTests
{
    private static readonly WorkingDayCalendar Calendar = BuiltInCalendar.Create();

    private static DateTimeOffset At(int y, int m, int d, int h = 10) => new(y, m, d, h, 0, 0, ChinaTime.Offset);

    [Theory]
    [InlineData(UpdateCycle.Daily, "2026-11-24", "2026-11-25")]
    [InlineData(UpdateCycle.RealTime, "2026-11-24", "2026-11-25")]
    [InlineData(UpdateCycle.Daily, "2026-11-27", "2026-11-30")] // Friday: due Monday
    [InlineData(UpdateCycle.Weekly, "2026-11-24", "2026-12-01")]
    [InlineData(UpdateCycle.Monthly, "2026-11-24", "2026-12-24")]
    [InlineData(UpdateCycle.Monthly, "2026-09-01", "2026-10-08")] // 10-01 falls in the National Day holiday: the first working day after it
    [InlineData(UpdateCycle.Quarterly, "2026-01-31", "2026-04-30")]
    [InlineData(UpdateCycle.Yearly, "2025-11-24", "2026-11-24")]
    public void The_due_date_is_the_first_working_day_on_or_after_one_cycle(UpdateCycle cycle, string accepted, string due)
    {
        var day = DateOnly.Parse(accepted, System.Globalization.CultureInfo.InvariantCulture);
        var deadline = SubmissionSchedule.NextDue(cycle, At(day.Year, day.Month, day.Day), Calendar)!;
        Assert.Equal(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), deadline.DueDate);
        Assert.True(Calendar.IsWorkingDay(deadline.DueDate));
        var end = SubmissionSchedule.PeriodEnd(cycle, day)!.Value;
        Assert.True(deadline.DueDate >= end);
        // Minimal: one working day fewer would end before the period does.
        if (deadline.WorkingDays > 1) Assert.True(Calendar.AddWorkingDays(deadline.ReceivedAt, deadline.WorkingDays - 1).DueDate < end);
    }

    [Fact]
    public void Irregular_entries_have_nothing_due()
    {
        Assert.Null(SubmissionSchedule.NextDue(UpdateCycle.Irregular, At(2026, 11, 24), Calendar));
        Assert.Equal(0, SubmissionSchedule.ReminderWorkingDays(UpdateCycle.Daily));
        Assert.Equal(1, SubmissionSchedule.ReminderWorkingDays(UpdateCycle.Monthly));
    }
}
