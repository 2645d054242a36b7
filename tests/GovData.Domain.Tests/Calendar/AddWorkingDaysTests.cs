using GovData.Domain.Calendar;
using static GovData.Domain.Tests.Calendar.CalendarFixtures;

namespace GovData.Domain.Tests.Calendar;

public class AddWorkingDaysTests
{
    private static void AssertDeadline(Deadline d, DateOnly effectiveReceipt, DateOnly start, DateOnly due)
    {
        Assert.Equal(effectiveReceipt, d.EffectiveReceiptDate);
        Assert.Equal(start, d.EffectiveStart);
        Assert.Equal(due, d.DueDate);
        Assert.Equal(new DateTimeOffset(due.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)), d.DueAt);
        Assert.False(d.IsProvisional);
        Assert.Empty(d.ProvisionalYears);
    }

    // The statutory reading (民法典 第二百零一条): the day of receipt is the calendar date in China, whatever the hour or
    // the kind of day, and is not counted; day 1 is the first working day after it.

    [Fact]
    public void Receipt_on_a_调休_Saturday_counts_that_Saturday_as_the_day_of_receipt()
    {
        // 2026-02-14 is a declared working Saturday; the Spring Festival 2-15..2-23 follows; 2-28 is the next 调休 Saturday.
        var d = BuiltIn.AddWorkingDays(China(2026, 2, 14, 10), 5);
        AssertDeadline(d, D(2026, 2, 14), D(2026, 2, 24), D(2026, 2, 28));
        Assert.Equal(China(2026, 3, 1, 0), d.DueAt);
        Assert.Equal("2026v1", d.CalendarStamp);
        Assert.Equal(DateOfReceipt.Statutory, d.Receipt);
    }

    [Fact]
    public void The_hour_of_receipt_does_not_move_the_day_of_receipt()
    {
        // Was: after 17:30 the receipt counted from the next working day (02-24) and day 1 was 02-25, one day late.
        AssertDeadline(BuiltIn.AddWorkingDays(China(2026, 2, 14, 18), 5), D(2026, 2, 14), D(2026, 2, 24), D(2026, 2, 28));
        Assert.Equal(D(2026, 3, 11), BuiltIn.AddWorkingDays(China(2026, 3, 10, 17, 29, 59), 1).DueDate);
        Assert.Equal(D(2026, 3, 11), BuiltIn.AddWorkingDays(China(2026, 3, 10, 17, 30), 1).DueDate);
        Assert.Equal(D(2026, 3, 11), BuiltIn.AddWorkingDays(China(2026, 3, 10, 23, 59, 59), 1).DueDate);
    }

    [Fact]
    public void Receipt_on_a_Thursday_evening_is_due_on_Friday_for_one_working_day()
    {
        // The case: the old reading moved the receipt to Friday and skipped it too, so the answer was due Monday.
        AssertDeadline(BuiltIn.AddWorkingDays(China(2026, 3, 12, 18), 1), D(2026, 3, 12), D(2026, 3, 13), D(2026, 3, 13));
    }

    [Fact]
    public void Receipt_during_the_Spring_Festival_counts_from_the_first_working_day_after_it() =>
        AssertDeadline(BuiltIn.AddWorkingDays(China(2026, 2, 17, 9), 1), D(2026, 2, 17), D(2026, 2, 24), D(2026, 2, 24));

    [Fact]
    public void Receipt_on_an_ordinary_Saturday_is_due_on_Monday_for_one_working_day() =>
        AssertDeadline(BuiltIn.AddWorkingDays(China(2026, 3, 7, 10), 1), D(2026, 3, 7), D(2026, 3, 9), D(2026, 3, 9));

    [Fact]
    public void Spans_the_2025_National_Day_week_and_lands_on_its_调休_Saturday() =>
        AssertDeadline(BuiltIn.AddWorkingDays(China(2025, 9, 30, 9), 3), D(2025, 9, 30), D(2025, 10, 9), D(2025, 10, 11));

    [Fact]
    public void Receipt_on_the_调休_Sunday_before_National_Day_counts_that_Sunday()
    {
        AssertDeadline(BuiltIn.AddWorkingDays(China(2025, 9, 28, 10), 2), D(2025, 9, 28), D(2025, 9, 29), D(2025, 9, 30));
        Assert.Equal(D(2025, 10, 9), BuiltIn.AddWorkingDays(China(2025, 9, 28, 10), 3).DueDate);
    }

    [Fact]
    public void Spans_the_2025_Spring_Festival_under_the_new_rule_that_starts_on_除夕() =>
        AssertDeadline(BuiltIn.AddWorkingDays(China(2025, 1, 27, 16), 10), D(2025, 1, 27), D(2025, 2, 5), D(2025, 2, 17));

    [Fact]
    public void Spans_the_2020_Spring_Festival_as_extended_for_COVID() =>
        AssertDeadline(BuiltIn.AddWorkingDays(China(2020, 1, 23, 10), 1), D(2020, 1, 23), D(2020, 2, 3), D(2020, 2, 3));

    [Fact]
    public void Crosses_the_year_boundary_and_the_2026_New_Year_调休_Sunday()
    {
        var d = BuiltIn.AddWorkingDays(China(2025, 12, 30, 10), 3);
        AssertDeadline(d, D(2025, 12, 30), D(2025, 12, 31), D(2026, 1, 5));
        Assert.Equal("2025v1,2026v1", d.CalendarStamp);
    }

    [Fact]
    public void Converts_any_offset_to_China_time_before_taking_the_date()
    {
        // 09:45Z is 17:45 on 09-30 in China: still received on 09-30, so day 1 is 10-09 after the holiday.
        AssertDeadline(BuiltIn.AddWorkingDays(new DateTimeOffset(2025, 9, 30, 9, 45, 0, TimeSpan.Zero), 1), D(2025, 9, 30), D(2025, 10, 9), D(2025, 10, 9));
        // 16:30Z is 00:30 on 10-01 in China: received on National Day.
        AssertDeadline(BuiltIn.AddWorkingDays(new DateTimeOffset(2025, 9, 30, 16, 30, 0, TimeSpan.Zero), 1), D(2025, 10, 1), D(2025, 10, 9), D(2025, 10, 9));
    }

    [Fact]
    public void A_local_after_hours_rule_moves_a_rest_day_or_after_close_receipt_to_the_next_working_day()
    {
        // Only a jurisdiction whose own text says so carries this (deadline.dateOfReceipt with the article).
        var afterHours = DateOfReceipt.NextWorkingDayAfter(new TimeOnly(17, 30));
        AssertDeadline(BuiltIn.AddWorkingDays(China(2026, 2, 14, 18), 5, afterHours), D(2026, 2, 24), D(2026, 2, 25), D(2026, 3, 2));
        AssertDeadline(BuiltIn.AddWorkingDays(China(2026, 3, 7, 10), 1, afterHours), D(2026, 3, 9), D(2026, 3, 10), D(2026, 3, 10));
        Assert.Equal(D(2026, 3, 11), BuiltIn.AddWorkingDays(China(2026, 3, 10, 17, 29, 59), 1, afterHours).DueDate);
        Assert.Equal(D(2026, 3, 12), BuiltIn.AddWorkingDays(China(2026, 3, 10, 17, 30), 1, afterHours).DueDate);
        var eighteen = DateOfReceipt.NextWorkingDayAfter(new TimeOnly(18, 0));
        Assert.Equal(D(2026, 3, 11), BuiltIn.AddWorkingDays(China(2026, 3, 10, 17, 45), 1, eighteen).DueDate);
        var d = BuiltIn.AddWorkingDays(China(2026, 3, 10, 18), 1, eighteen);
        Assert.Equal(eighteen, d.Receipt);
        Assert.Equal((d.DueDate, d.Receipt), (BuiltIn.Recompute(d).DueDate, BuiltIn.Recompute(d).Receipt));
        Assert.Equal(1, BuiltIn.CountWorkingDays(China(2026, 3, 10, 18), d.DueAt, eighteen));
        Assert.Equal(2, BuiltIn.CountWorkingDays(China(2026, 3, 10, 18), d.DueAt));
    }

    [Fact]
    public void Zero_working_days_is_due_at_the_end_of_the_day_of_receipt()
    {
        var d = BuiltIn.AddWorkingDays(China(2026, 2, 17, 9), 0);
        Assert.Equal(D(2026, 2, 17), d.DueDate);
        Assert.Equal(China(2026, 2, 18, 0), d.DueAt);
    }

    [Fact]
    public void Overdue_means_the_due_date_has_ended()
    {
        var d = BuiltIn.AddWorkingDays(China(2025, 9, 30, 9), 3);
        Assert.False(d.IsOverdue(China(2025, 10, 11, 23, 59, 59)));
        Assert.True(d.IsOverdue(China(2025, 10, 12, 0)));
    }

    [Fact]
    public void Receipt_before_the_first_loaded_year_is_a_clear_error()
    {
        var e = Assert.Throws<CalendarNotLoadedException>(() => BuiltIn.AddWorkingDays(China(2019, 12, 31, 10), 1));
        Assert.Equal(D(2019, 12, 31), e.Date);
        Assert.Equal(2020, e.FirstLoadedYear);
        Assert.True(e.IsBeforeFirstYear);
        Assert.Contains("2020", e.Message);
    }

    [Fact]
    public void A_UTC_moment_on_31_December_2019_is_already_2020_in_China()
    {
        // 20:00Z is 04:00 on 2020-01-01 (元旦) in China: received on 1-1, day 1 is 1-2.
        AssertDeadline(BuiltIn.AddWorkingDays(new DateTimeOffset(2019, 12, 31, 20, 0, 0, TimeSpan.Zero), 1), D(2020, 1, 1), D(2020, 1, 2), D(2020, 1, 2));
    }

    [Fact]
    public void Negative_working_days_are_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BuiltIn.AddWorkingDays(China(2026, 3, 10), -1));
}
