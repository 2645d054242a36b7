using GovData.Domain.Calendar;
using static GovData.Domain.Tests.Calendar.CalendarFixtures;

namespace GovData.Domain.Tests.Calendar;

public class CalendarYearValidatorTests
{
    private static readonly CalendarYear Valid = Year(2026);

    private static IReadOnlyList<ValidationError> Errors(CalendarYear year) => CalendarYearValidator.Validate(year);

    [Fact]
    public void The_official_year_is_valid() => Assert.Empty(Errors(Valid));

    [Fact]
    public void A_date_outside_the_year_is_rejected() =>
        Assert.Contains(new ValidationError("adjustedWorkingDays[0].date", "2025-12-28 is not in 2026: each year's file holds only its own dates"),
            Errors(Valid with { AdjustedWorkingDays = [new NamedDate(D(2025, 12, 28), "元旦调休")] }));

    [Fact]
    public void A_holiday_that_is_also_a_调休_day_is_rejected() =>
        Assert.Contains(new ValidationError("adjustedWorkingDays[6].date", "2026-02-15 is also listed as a holiday"),
            Errors(Valid with { AdjustedWorkingDays = [.. Valid.AdjustedWorkingDays, new NamedDate(D(2026, 2, 15), "春节调休")] }));

    [Fact]
    public void A_调休_day_that_is_not_a_weekend_day_is_rejected() =>
        Assert.Equal([new ValidationError("adjustedWorkingDays[0].date", "2026-03-11 is a Wednesday: only a Saturday or Sunday can be declared a working day")],
            Errors(Valid with { AdjustedWorkingDays = [new NamedDate(D(2026, 3, 11), "调休")] }));

    [Fact]
    public void Duplicates_are_rejected() =>
        Assert.Equal([new ValidationError("holidays[33].date", "2026-01-01 is already listed at holidays[0]")],
            Errors(Valid with { Holidays = [.. Valid.Holidays, new NamedDate(D(2026, 1, 1), "元旦")] }));

    [Fact]
    public void An_empty_source_or_name_and_a_zero_version_are_rejected()
    {
        var errors = Errors(Valid with { Source = " ", Version = 0, Holidays = [.. Valid.Holidays.Skip(1), new NamedDate(D(2026, 1, 1), "")] });
        Assert.Equal(["source", "version", "holidays[32].name"], errors.Select(e => e.Field));
    }

    [Fact]
    public void The_fixed_statutory_holidays_must_be_there() =>
        Assert.Equal(
            ["must include 2026-10-01 (国庆节), a fixed statutory holiday (全国年节及纪念日放假办法 第二条)",
             "must include 2026-10-02 (国庆节), a fixed statutory holiday (全国年节及纪念日放假办法 第二条)",
             "must include 2026-10-03 (国庆节), a fixed statutory holiday (全国年节及纪念日放假办法 第二条)"],
            Errors(Valid with { Holidays = Valid.Holidays.Where(h => h.Date.Month != 10).ToList() }).Select(e => e.Reason));

    [Fact]
    public void A_year_before_1992_is_rejected_because_China_then_had_daylight_saving_time() =>
        Assert.Contains(Errors(Valid with { Year = 1991 }), e => e.Field == "year");

    [Fact]
    public void Missing_lists_are_rejected_not_thrown() =>
        Assert.Equal(["holidays", "adjustedWorkingDays"], Errors(Valid with { Holidays = null!, AdjustedWorkingDays = null! }).Select(e => e.Field));
}
