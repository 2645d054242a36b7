using GovData.Domain.Calendar;

namespace GovData.Domain.Tests.Calendar;

/// <summary>Working days left before a due date, as deadlines show them: today included, negative once passed.</summary>
public class WorkingDaysLeftTests
{
    private static readonly WorkingDayCalendar Calendar = CalendarFixtures.BuiltIn;
    private static DateTimeOffset At(int month, int day, int hour = 10) => new(2026, month, day, hour, 0, 0, ChinaTime.Offset);

    [Fact]
    public void Today_counts_while_it_runs_weekends_do_not_and_a_passed_date_counts_negative()
    {
        // Due Monday 11-30: on Thursday 11-26, Thursday, Friday and Monday are left.
        Assert.Equal(new WorkingDaysLeft(3, false), WorkingDaysLeft.Until(Calendar, At(11, 26), new DateOnly(2026, 11, 30)));
        Assert.Equal(1, WorkingDaysLeft.Until(Calendar, At(11, 30, 23), new DateOnly(2026, 11, 30)).Days);
        // On Saturday 11-28, only Monday is left.
        Assert.Equal(1, WorkingDaysLeft.Until(Calendar, At(11, 28), new DateOnly(2026, 11, 30)).Days);
        // Wednesday 12-02: Tuesday and Wednesday have passed since.
        Assert.Equal(-2, WorkingDaysLeft.Until(Calendar, At(12, 2), new DateOnly(2026, 11, 30)).Days);
    }

    [Fact]
    public void The_count_agrees_with_the_due_date_AddWorkingDays_computes()
    {
        var received = At(11, 2);
        var due = Calendar.AddWorkingDays(received, 20);
        // The day after receipt, all 20 working days are left.
        Assert.Equal(20, WorkingDaysLeft.Until(Calendar, At(11, 3, 8), due.DueDate).Days);
    }
}
