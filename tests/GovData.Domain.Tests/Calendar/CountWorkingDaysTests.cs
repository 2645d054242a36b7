using GovData.Domain.Calendar;
using static GovData.Domain.Tests.Calendar.CalendarFixtures;

namespace GovData.Domain.Tests.Calendar;

public class CountWorkingDaysTests
{
    [Fact]
    public void Counts_only_working_days_that_have_ended_after_the_effective_receipt_day()
    {
        var received = China(2026, 2, 14, 10);
        Assert.Equal(0, BuiltIn.CountWorkingDays(received, China(2026, 2, 24, 23, 59, 59)));
        Assert.Equal(1, BuiltIn.CountWorkingDays(received, China(2026, 2, 25, 0)));
        Assert.Equal(5, BuiltIn.CountWorkingDays(received, China(2026, 3, 1, 0)));
        Assert.Equal(5, BuiltIn.CountWorkingDays(received, China(2026, 3, 2, 12)));
    }

    [Fact]
    public void Inverts_AddWorkingDays_exactly_at_the_due_instant()
    {
        var received = China(2025, 9, 30, 18);
        var d = BuiltIn.AddWorkingDays(received, 7);
        Assert.Equal(7, BuiltIn.CountWorkingDays(received, d.DueAt));
        Assert.Equal(6, BuiltIn.CountWorkingDays(received, d.DueAt.AddTicks(-1)));
    }

    [Fact]
    public void Counts_across_the_2026_Spring_Festival_and_a_year_boundary()
    {
        // 2025-12-31, 2026-01-04 (调休), 01-05 … : from 2025-12-30 to 2026-02-28 inclusive.
        Assert.Equal(38, BuiltIn.CountWorkingDays(China(2025, 12, 30, 10), China(2026, 3, 1, 0)));
    }

    [Fact]
    public void Is_zero_when_to_is_not_after_from() =>
        Assert.Equal(0, BuiltIn.CountWorkingDays(China(2026, 3, 10), China(2026, 3, 9)));

    [Fact]
    public void Before_the_first_loaded_year_is_a_clear_error() =>
        Assert.Equal(D(2019, 6, 3), Assert.Throws<CalendarNotLoadedException>(() => BuiltIn.CountWorkingDays(China(2019, 6, 3), China(2020, 6, 3))).Date);
}
