using GovData.Domain.Calendar;
using static GovData.Domain.Tests.Calendar.CalendarFixtures;

namespace GovData.Domain.Tests.Calendar;

public class ProvisionalTests
{
    // Filed on Monday 2026-12-28 with 5 working days: 12-29, 12-30, 12-31, then 2027, not announced yet.
    private static readonly DateTimeOffset FiledInDecember = China(2026, 12, 28, 10);

    [Fact]
    public void A_deadline_that_runs_into_an_unannounced_year_is_provisional_Monday_to_Friday()
    {
        var d = BuiltIn.AddWorkingDays(FiledInDecember, 5);
        Assert.Equal(D(2027, 1, 4), d.DueDate); // 2027-01-01 (a Friday) assumed a working day
        Assert.True(d.IsProvisional);
        Assert.Equal([2027], d.ProvisionalYears);
        Assert.Equal("2026v1,2027p", d.CalendarStamp);
    }

    [Fact]
    public void A_December_deadline_that_stays_in_the_loaded_year_is_not_provisional()
    {
        var d = BuiltIn.AddWorkingDays(FiledInDecember, 3);
        Assert.Equal(D(2026, 12, 31), d.DueDate);
        Assert.False(d.IsProvisional);
        Assert.Equal("2026v1", d.CalendarStamp);
    }

    [Fact]
    public void Loading_the_new_year_recomputes_the_provisional_deadline()
    {
        var provisional = BuiltIn.AddWorkingDays(FiledInDecember, 5);
        var calendar = BuiltIn.WithYear(Hypothetical2027(), LoadedAt);

        Assert.False(BuiltIn.ShouldRecompute(provisional));
        Assert.True(calendar.ShouldRecompute(provisional));
        var recomputed = calendar.Recompute(provisional);

        Assert.Equal(D(2027, 1, 5), recomputed.DueDate); // 2027-01-01..03 are days off in the loaded year
        Assert.False(recomputed.IsProvisional);
        Assert.Empty(recomputed.ProvisionalYears);
        Assert.Equal("2026v1,2027v1", recomputed.CalendarStamp);
        Assert.Equal(provisional.ReceivedAt, recomputed.ReceivedAt);
        Assert.Equal(provisional.WorkingDays, recomputed.WorkingDays);
        Assert.False(calendar.ShouldRecompute(recomputed));
    }

    [Fact]
    public void A_deadline_two_years_out_stays_provisional_for_the_year_still_missing()
    {
        var d = BuiltIn.AddWorkingDays(FiledInDecember, 300);
        Assert.Equal([2027, 2028], d.ProvisionalYears);
        var again = BuiltIn.WithYear(Hypothetical2027(), LoadedAt).Recompute(d);
        Assert.True(again.IsProvisional);
        Assert.Equal([2028], again.ProvisionalYears);
        Assert.Equal("2026v1,2027v1,2028p", again.CalendarStamp);
    }

    [Fact]
    public void The_exact_queries_refuse_an_unannounced_year_instead_of_guessing()
    {
        var e = Assert.Throws<CalendarNotLoadedException>(() => BuiltIn.IsWorkingDay(D(2027, 1, 1)));
        Assert.False(e.IsBeforeFirstYear);
        Assert.Equal(2026, e.LastLoadedYear);
        var count = Assert.Throws<CalendarNotLoadedException>(() => BuiltIn.CountWorkingDays(FiledInDecember, China(2027, 1, 5, 0)));
        Assert.Equal(D(2027, 1, 1), count.Date);
    }

    [Fact]
    public void The_provisional_queries_answer_and_say_so()
    {
        Assert.Equal(new CalendarDay(D(2027, 1, 1), DayKind.Weekday, true, null, true), BuiltIn.Describe(D(2027, 1, 1)));
        var count = BuiltIn.CountWorkingDaysAllowingProvisional(FiledInDecember, China(2027, 1, 5, 0));
        Assert.Equal(new WorkingDayCount(5, true, count.ProvisionalYears, "2026v1,2027p"), count);
        Assert.Equal([2027], count.ProvisionalYears);
        var exact = BuiltIn.CountWorkingDaysAllowingProvisional(FiledInDecember, China(2027, 1, 1, 0));
        Assert.False(exact.IsProvisional);
        Assert.Equal(3, exact.Days);
    }

    [Fact]
    public void Receipt_after_hours_on_the_last_loaded_day_starts_in_the_provisional_year()
    {
        var d = BuiltIn.AddWorkingDays(China(2026, 12, 31, 18), 1);
        Assert.Equal(D(2027, 1, 1), d.EffectiveReceiptDate);
        Assert.Equal(D(2027, 1, 4), d.DueDate);
        Assert.True(d.IsProvisional);
    }
}
