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

    [Fact]
    public void Receipt_on_a_调休_Saturday_in_office_hours_counts_that_Saturday_as_the_day_of_receipt()
    {
        // 2026-02-14 is a declared working Saturday; the Spring Festival 2-15..2-23 follows; 2-28 is the next 调休 Saturday.
        var d = BuiltIn.AddWorkingDays(China(2026, 2, 14, 10), 5);
        AssertDeadline(d, D(2026, 2, 14), D(2026, 2, 24), D(2026, 2, 28));
        Assert.Equal(China(2026, 3, 1, 0), d.DueAt);
        Assert.Equal("2026v1", d.CalendarStamp);
    }

    [Fact]
    public void Receipt_on_a_调休_Saturday_after_office_hours_counts_from_after_the_next_working_day() =>
        AssertDeadline(BuiltIn.AddWorkingDays(China(2026, 2, 14, 18), 5), D(2026, 2, 24), D(2026, 2, 25), D(2026, 3, 2));

    [Fact]
    public void Receipt_during_the_Spring_Festival_counts_as_receipt_on_the_first_working_day_after_it() =>
        AssertDeadline(BuiltIn.AddWorkingDays(China(2026, 2, 17, 9), 1), D(2026, 2, 24), D(2026, 2, 25), D(2026, 2, 25));

    [Fact]
    public void Receipt_on_an_ordinary_Saturday_counts_as_receipt_on_Monday() =>
        AssertDeadline(BuiltIn.AddWorkingDays(China(2026, 3, 7, 10), 1), D(2026, 3, 9), D(2026, 3, 10), D(2026, 3, 10));

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
    public void Converts_any_offset_to_China_time_before_deciding_office_hours()
    {
        // 09:45Z is 17:45 in China: after the close, so receipt counts on the next working day (10-9 after the holiday).
        AssertDeadline(BuiltIn.AddWorkingDays(new DateTimeOffset(2025, 9, 30, 9, 45, 0, TimeSpan.Zero), 1), D(2025, 10, 9), D(2025, 10, 10), D(2025, 10, 10));
        AssertDeadline(BuiltIn.AddWorkingDays(new DateTimeOffset(2025, 9, 30, 1, 0, 0, TimeSpan.Zero), 1), D(2025, 9, 30), D(2025, 10, 9), D(2025, 10, 9));
    }

    [Fact]
    public void The_office_close_is_exclusive_at_17_30()
    {
        Assert.Equal(D(2026, 3, 11), BuiltIn.AddWorkingDays(China(2026, 3, 10, 17, 29, 59), 1).DueDate);
        Assert.Equal(D(2026, 3, 12), BuiltIn.AddWorkingDays(China(2026, 3, 10, 17, 30), 1).DueDate);
    }

    [Fact]
    public void A_jurisdiction_can_set_another_office_close()
    {
        var calendar = BuiltInCalendar.Create(officeClose: new TimeOnly(18, 0));
        Assert.Equal(D(2026, 3, 11), calendar.AddWorkingDays(China(2026, 3, 10, 17, 45), 1).DueDate);
    }

    [Fact]
    public void Zero_working_days_is_due_at_the_end_of_the_effective_receipt_day()
    {
        var d = BuiltIn.AddWorkingDays(China(2026, 2, 17, 9), 0);
        Assert.Equal(D(2026, 2, 24), d.DueDate);
        Assert.Equal(China(2026, 2, 25, 0), d.DueAt);
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
        // 20:00Z is 04:00 on 2020-01-01 (元旦) in China: receipt counts on 1-2, day 1 is 1-3.
        AssertDeadline(BuiltIn.AddWorkingDays(new DateTimeOffset(2019, 12, 31, 20, 0, 0, TimeSpan.Zero), 1), D(2020, 1, 2), D(2020, 1, 3), D(2020, 1, 3));
    }

    [Fact]
    public void Negative_working_days_are_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BuiltIn.AddWorkingDays(China(2026, 3, 10), -1));
}
