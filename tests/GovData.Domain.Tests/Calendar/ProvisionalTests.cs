using GovData.Domain.Calendar;
using static GovData.Domain.Tests.Calendar.CalendarFixtures;

namespace GovData.Domain.Tests.Calendar;

public class ProvisionalTests
{
    // Filed on Monday 2026-12-28 with 5 working days: 12-29, 12-30, 12-31, then 2027, not announced yet.
    private static readonly DateTimeOffset FiledInDecember = China(2026, 12, 28, 10);

    [Fact]
    public void A_deadline_that_runs_into_an_unannounced_year_is_provisional_and_skips_the_statutory_holidays()
    {
        var d = BuiltIn.AddWorkingDays(FiledInDecember, 5);
        // 12-29, 12-30, 12-31, then 2027-01-01 (元旦, a Friday) is a day off by rule: 01-04 and 01-05.
        Assert.Equal(D(2027, 1, 5), d.DueDate);
        Assert.True(d.IsProvisional);
        Assert.Equal([2027], d.ProvisionalYears);
        Assert.Equal("2026v1,2027p", d.CalendarStamp);
        Assert.Equal(D(2027, 1, 4), BuiltIn.AddWorkingDays(FiledInDecember, 4).DueDate);
    }

    [Fact]
    public void Every_statutory_holiday_of_a_provisional_year_is_a_day_off_and_no_调休_is_guessed()
    {
        foreach (var h in StatutoryHolidays.For(2027))
            Assert.Equal(new CalendarDay(h.Date, DayKind.Holiday, false, h.Name, IsProvisional: true), BuiltIn.Describe(h.Date));
        // 春节 2027 by rule is 除夕 02-05 (Friday) to 初三 02-08 (Monday); the Tuesday after it is an ordinary working day
        // and the weekend before it stays a weekend (the notice may add bridging days and 调休; nothing guesses them).
        Assert.True(BuiltIn.Describe(D(2027, 2, 9)) is { IsWorkingDay: true, Kind: DayKind.Weekday, IsProvisional: true });
        Assert.True(BuiltIn.Describe(D(2027, 1, 31)) is { IsWorkingDay: false, Kind: DayKind.Weekend, IsProvisional: true });
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
        // Received Wednesday 2027-09-29: by rule 10-01..10-03 are off, so 3 working days end on 10-05.
        var provisional = BuiltIn.AddWorkingDays(China(2027, 9, 29, 10), 3);
        Assert.Equal(D(2027, 10, 5), provisional.DueDate);
        Assert.True(provisional.IsProvisional);
        var calendar = BuiltIn.WithYear(Hypothetical2027(), LoadedAt);

        Assert.False(BuiltIn.ShouldRecompute(provisional));
        Assert.True(calendar.ShouldRecompute(provisional));
        var recomputed = calendar.Recompute(provisional);

        // The (made-up) notice gives 10-01..10-07 off and makes Saturday 10-09 a working day: 09-30, 10-08, 10-09.
        Assert.Equal(D(2027, 10, 9), recomputed.DueDate);
        Assert.False(recomputed.IsProvisional);
        Assert.Empty(recomputed.ProvisionalYears);
        Assert.Equal("2027v1", recomputed.CalendarStamp);
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
        Assert.Equal(new CalendarDay(D(2027, 1, 1), DayKind.Holiday, false, "元旦", true), BuiltIn.Describe(D(2027, 1, 1)));
        Assert.Equal(new CalendarDay(D(2027, 1, 4), DayKind.Weekday, true, null, true), BuiltIn.Describe(D(2027, 1, 4)));
        var count = BuiltIn.CountWorkingDaysAllowingProvisional(FiledInDecember, China(2027, 1, 5, 0));
        Assert.Equal(new WorkingDayCount(4, true, count.ProvisionalYears, "2026v1,2027p"), count);
        Assert.Equal([2027], count.ProvisionalYears);
        var exact = BuiltIn.CountWorkingDaysAllowingProvisional(FiledInDecember, China(2027, 1, 1, 0));
        Assert.False(exact.IsProvisional);
        Assert.Equal(3, exact.Days);
    }

    [Fact]
    public void Receipt_on_the_last_loaded_day_counts_into_the_provisional_year()
    {
        // Received 2026-12-31 in the evening: that is the day of receipt; 01-01 is 元旦 by rule, then a weekend.
        var d = BuiltIn.AddWorkingDays(China(2026, 12, 31, 18), 1);
        Assert.Equal(D(2026, 12, 31), d.EffectiveReceiptDate);
        Assert.Equal(D(2027, 1, 4), d.DueDate);
        Assert.True(d.IsProvisional);
    }

    [Fact]
    public void Provisional_years_are_computed_ten_years_ahead_and_no_further()
    {
        Assert.Equal(2036, BuiltIn.LastComputedYear);
        Assert.True(BuiltIn.Describe(D(2036, 10, 1)) is { Kind: DayKind.Holiday, IsProvisional: true });
        var beyond = Assert.Throws<CalendarNotLoadedException>(() => BuiltIn.Describe(D(2037, 1, 5)));
        Assert.False(beyond.IsBeforeFirstYear);
        Assert.Contains("beyond", beyond.Message);
        Assert.Throws<CalendarNotLoadedException>(() => BuiltIn.AddWorkingDays(China(2036, 12, 30, 10), 5));
    }
}
