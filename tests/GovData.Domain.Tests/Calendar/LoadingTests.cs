using GovData.Domain.Calendar;
using static GovData.Domain.Tests.Calendar.CalendarFixtures;

namespace GovData.Domain.Tests.Calendar;

public class LoadingTests
{
    // A made-up correction of 2026 that makes 2026-12-31 a day off, to see versions at work.
    private static CalendarYear Corrected2026(int version) => Year(2026) with
    {
        Version = version,
        Source = Year(2026).Source + "; 测试用假想更正",
        Holidays = [.. Year(2026).Holidays, new NamedDate(D(2026, 12, 31), "元旦")],
    };

    [Fact]
    public void Loading_the_next_year_extends_the_calendar_and_leaves_the_old_one_unchanged()
    {
        var calendar = BuiltIn.WithYear(Hypothetical2027(), LoadedAt);
        Assert.Equal([2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027], calendar.LoadedYears);
        Assert.Equal(LoadedAt, calendar.Years[^1].LoadedAt);
        Assert.False(calendar.IsWorkingDay(D(2027, 1, 1)));
        Assert.Equal(2026, BuiltIn.LastLoadedYear);
    }

    [Fact]
    public void A_correction_takes_the_next_version_and_past_deadlines_can_be_replayed_with_the_version_they_used()
    {
        var before = BuiltIn.AddWorkingDays(China(2026, 12, 29, 10), 2);
        Assert.Equal(D(2026, 12, 31), before.DueDate);

        var corrected = BuiltIn.WithYear(Corrected2026(2), LoadedAt);
        Assert.Equal("2020v1,2021v1,2022v1,2023v1,2024v1,2025v1,2026v2", corrected.Stamp);
        Assert.Equal([1, 2], corrected.VersionsOf(2026).Select(y => y.Version));
        Assert.False(corrected.IsWorkingDay(D(2026, 12, 31)));
        Assert.False(corrected.ShouldRecompute(before)); // not provisional: a past decision keeps its calendar

        var replayed = corrected.ForStamp(before.CalendarStamp).Recompute(before);
        Assert.Equal(before.DueDate, replayed.DueDate);
        Assert.Equal("2026v1", replayed.CalendarStamp);
    }

    [Theory]
    [InlineData(1, "must be 2: 2026 is at version 1 and a correction takes the next version")]
    [InlineData(3, "must be 2: 2026 is at version 1 and a correction takes the next version")]
    public void A_correction_with_another_version_is_rejected(int version, string reason)
    {
        Assert.Equal([new ValidationError("version", reason)], BuiltIn.ValidateLoad(Corrected2026(version)));
        var e = Assert.Throws<CalendarValidationException>(() => BuiltIn.WithYear(Corrected2026(version), LoadedAt));
        Assert.Equal("version", Assert.Single(e.Errors).Field);
    }

    [Fact]
    public void A_year_that_would_leave_a_gap_is_rejected()
    {
        var y2029 = Hypothetical2027() with
        {
            Year = 2029,
            Holidays = Hypothetical2027().Holidays.Select(h => h with { Date = h.Date.AddYears(2) }).ToList(),
            AdjustedWorkingDays = [],
        };
        var errors = BuiltIn.ValidateLoad(y2029);
        Assert.Equal("year", Assert.Single(errors).Field);
    }

    [Fact]
    public void Create_rejects_gaps_duplicates_and_invalid_years_with_every_reason()
    {
        var e = Assert.Throws<CalendarValidationException>(() => WorkingDayCalendar.Create(
            [Year(2020), Year(2022), Year(2022), Year(2023) with { Source = "" }]));
        Assert.Contains(new ValidationError("years", "2021 is missing: the loaded years must be consecutive"), e.Errors);
        Assert.Contains(e.Errors, x => x.Field == "years" && x.Reason.StartsWith("2022 is given more than once", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Field == "2023.source");
        Assert.Throws<CalendarValidationException>(() => WorkingDayCalendar.Create([]));
    }

    [Fact]
    public void ForStamp_refuses_a_version_never_held() =>
        Assert.Throws<ArgumentException>(() => BuiltIn.ForStamp("2026v9"));

    [Fact]
    public void Local_days_off_are_not_working_days_and_appear_in_the_stamp()
    {
        // Illustrative only (shape of 广西 壮族三月三), not an official local notice.
        var local = new LocalDaysOff("450000", 1, "测试用假想地方通知",
            [new NamedDate(D(2025, 3, 31), "壮族三月三"), new NamedDate(D(2025, 4, 1), "壮族三月三")]);
        var calendar = BuiltInCalendar.Create(local);

        Assert.False(calendar.IsWorkingDay(D(2025, 3, 31)));
        Assert.Equal(DayKind.LocalDayOff, calendar.Describe(D(2025, 4, 1)).Kind);
        Assert.Equal(D(2025, 3, 31), BuiltIn.AddWorkingDays(China(2025, 3, 28), 1).DueDate);
        var d = calendar.AddWorkingDays(China(2025, 3, 28), 3); // 4-2, 4-3, then 清明 4-4..4-6, 4-7
        Assert.Equal(D(2025, 4, 7), d.DueDate);
        Assert.Equal("2025v1;450000v1", d.CalendarStamp);
        Assert.Equal(d.DueDate, calendar.ForStamp(d.CalendarStamp).Recompute(d).DueDate);
    }

    [Fact]
    public void Local_days_off_are_versioned_per_jurisdiction()
    {
        var v1 = new LocalDaysOff("450000", 1, "测试用", [new NamedDate(D(2025, 3, 31), "壮族三月三")]);
        var calendar = BuiltInCalendar.Create(v1);
        Assert.Equal("version", Assert.Single(calendar.ValidateLocalDaysOff(v1)).Field);
        Assert.Contains(calendar.ValidateLocalDaysOff(v1 with { Jurisdiction = "350800", Version = 2 }), e => e.Field == "jurisdiction");
        var v2 = calendar.WithLocalDaysOff(v1 with { Version = 2, Days = [] });
        Assert.True(v2.IsWorkingDay(D(2025, 3, 31)));
        Assert.False(v2.ForStamp("2025v1;450000v1").IsWorkingDay(D(2025, 3, 31)));
    }

    [Fact]
    public void Local_days_off_in_a_provisional_year_wait_for_that_year_to_be_loaded()
    {
        var local = new LocalDaysOff("450000", 1, "测试用", [new NamedDate(D(2027, 4, 9), "壮族三月三")]);
        var calendar = BuiltInCalendar.Create(local);
        Assert.True(calendar.Describe(D(2027, 4, 9)) is { IsWorkingDay: true, IsProvisional: true });
        Assert.False(calendar.WithYear(Hypothetical2027(), LoadedAt).IsWorkingDay(D(2027, 4, 9)));
    }
}
