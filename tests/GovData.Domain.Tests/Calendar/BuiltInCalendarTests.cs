using GovData.Domain.Calendar;
using static GovData.Domain.Tests.Calendar.CalendarFixtures;

namespace GovData.Domain.Tests.Calendar;

public class BuiltInCalendarTests
{
    [Fact]
    public void Loads_the_seven_official_years_each_valid_at_version_1()
    {
        var years = BuiltInCalendar.Load();
        Assert.Equal([2020, 2021, 2022, 2023, 2024, 2025, 2026], years.Select(y => y.Year));
        Assert.All(years, y =>
        {
            Assert.Empty(CalendarYearValidator.Validate(y));
            Assert.Equal(1, y.Version);
            Assert.Null(y.LoadedAt);
        });
        Assert.Equal("2020v1,2021v1,2022v1,2023v1,2024v1,2025v1,2026v1", BuiltIn.Stamp);
    }

    [Theory]
    [InlineData(2020, "国办发明电〔2019〕16号")]
    [InlineData(2020, "国办发明电〔2020〕1号")]
    [InlineData(2021, "国办发明电〔2020〕27号")]
    [InlineData(2022, "国办发明电〔2021〕11号")]
    [InlineData(2023, "国办发明电〔2022〕16号")]
    [InlineData(2024, "国办发明电〔2023〕7号")]
    [InlineData(2025, "国办发明电〔2024〕12号")]
    [InlineData(2026, "国办发明电〔2025〕7号")]
    public void Each_year_names_its_notice(int year, string notice) =>
        Assert.Contains(notice, Year(year).Source);

    [Theory]
    // 2026 Spring Festival 2-15..2-23 with 调休 2-14 and 2-28; New Year 1-1..1-3 with 调休 1-4.
    [InlineData("2026-02-14", true)]
    [InlineData("2026-02-15", false)]
    [InlineData("2026-02-23", false)]
    [InlineData("2026-02-24", true)]
    [InlineData("2026-02-28", true)]
    [InlineData("2026-01-02", false)]
    [InlineData("2026-01-04", true)]
    // 2025 National Day and Mid-Autumn 10-1..10-8 with 调休 9-28 and 10-11; Spring Festival from 除夕 1-28 under the 2025 rule.
    [InlineData("2025-09-28", true)]
    [InlineData("2025-10-08", false)]
    [InlineData("2025-10-11", true)]
    [InlineData("2025-01-28", false)]
    [InlineData("2025-02-08", true)]
    // 2024: 除夕 2-9 was only "encouraged" as a day off, so it stays a working day.
    [InlineData("2024-02-09", true)]
    [InlineData("2024-02-18", true)]
    // 2020: the COVID extension (国办发明电〔2020〕1号) made 1-31 a holiday and cancelled the 2-1 调休.
    [InlineData("2020-01-31", false)]
    [InlineData("2020-02-01", false)]
    [InlineData("2020-02-03", true)]
    [InlineData("2020-01-19", true)]
    // 2022-12-31 opens the 2023 New Year holiday (announced in the 2023 notice, filed under 2022).
    [InlineData("2022-12-31", false)]
    [InlineData("2023-01-02", false)]
    [InlineData("2023-01-29", true)]
    // An ordinary Saturday and Wednesday.
    [InlineData("2026-03-07", false)]
    [InlineData("2026-03-11", true)]
    public void Knows_the_official_days(string date, bool working) =>
        Assert.Equal(working, BuiltIn.IsWorkingDay(DateOnly.Parse(date)));

    [Fact]
    public void Describes_a_day_with_its_kind_and_name()
    {
        Assert.Equal(new CalendarDay(D(2026, 2, 14), DayKind.AdjustedWorkingDay, true, "春节调休", false), BuiltIn.Describe(D(2026, 2, 14)));
        Assert.Equal(new CalendarDay(D(2026, 2, 17), DayKind.Holiday, false, "春节", false), BuiltIn.Describe(D(2026, 2, 17)));
        Assert.Equal(new CalendarDay(D(2026, 3, 7), DayKind.Weekend, false, null, false), BuiltIn.Describe(D(2026, 3, 7)));
    }

    [Fact]
    public void Day_number_zero_is_a_Monday_as_the_index_assumes() =>
        Assert.Equal(DayOfWeek.Monday, DateOnly.FromDayNumber(0).DayOfWeek);
}
