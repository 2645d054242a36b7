using GovData.Domain.Calendar;
using static GovData.Domain.Tests.Calendar.CalendarFixtures;

namespace GovData.Domain.Tests.Calendar;

/// <summary>The statutory holidays computed by rule (全国年节及纪念日放假办法 第二条) for years not announced yet.</summary>
public class StatutoryHolidaysTests
{
    [Theory]
    [InlineData(2020)]
    [InlineData(2021)]
    [InlineData(2022)]
    [InlineData(2023)]
    [InlineData(2024)]
    [InlineData(2025)]
    [InlineData(2026)]
    public void Every_holiday_computed_by_rule_is_a_holiday_in_the_official_year(int year)
    {
        var official = Year(year).Holidays.Select(h => h.Date).ToHashSet();
        var computed = StatutoryHolidays.For(year);
        Assert.All(computed, h => Assert.True(official.Contains(h.Date), $"{h.Date:yyyy-MM-dd} {h.Name} is not a holiday in the official {year} calendar"));
        // The revision in force: 11 days until 2024 (春节 初一–初三, one day of 劳动节), 13 from 2025 (除夕 and 2 May added);
        // 2020's 中秋 fell on 国庆 1 October, one day with both names.
        var expected = year switch { 2020 => 10, >= 2025 => 13, _ => 11 };
        Assert.Equal(expected, computed.Count);
    }

    [Fact]
    public void Year_2027_by_the_2024_revision()
    {
        Assert.Equal(
            [
                "2027-01-01 元旦", "2027-02-05 春节", "2027-02-06 春节", "2027-02-07 春节", "2027-02-08 春节", "2027-04-05 清明节",
                "2027-05-01 劳动节", "2027-05-02 劳动节", "2027-06-09 端午节", "2027-09-15 中秋节",
                "2027-10-01 国庆节", "2027-10-02 国庆节", "2027-10-03 国庆节",
            ],
            StatutoryHolidays.For(2027).Select(h => $"{h.Date:yyyy-MM-dd} {h.Name}"));
    }

    [Fact]
    public void A_leap_month_is_skipped_and_the_spring_festival_follows_the_revision_of_the_year()
    {
        // 2025 has a leap sixth month (闰六月): 中秋 is the 15th of the regular eighth month, 6 October.
        Assert.Contains(StatutoryHolidays.For(2025), h => h is { Name: "中秋节" } && h.Date == D(2025, 10, 6));
        // 2020 has a leap fourth month: 端午 25 June.
        Assert.Contains(StatutoryHolidays.For(2020), h => h is { Name: "端午节" } && h.Date == D(2020, 6, 25));
        // 除夕 belongs to 春节 under the 2007 and the 2024 revisions, not under the 2013 one (2024-02-09 was a working day).
        Assert.DoesNotContain(StatutoryHolidays.For(2024), h => h.Date == D(2024, 2, 9));
        Assert.Contains(StatutoryHolidays.For(2013), h => h is { Name: "春节" } && h.Date == D(2013, 2, 9));
        Assert.Contains(StatutoryHolidays.For(2025), h => h is { Name: "春节" } && h.Date == D(2025, 1, 28));
        Assert.Contains("795", StatutoryHolidays.RevisionFor(2027));
    }

    [Fact]
    public void Qingming_is_the_day_of_the_solar_term()
    {
        int[] days = [4, 4, 5, 5, 4, 4, 5, 5, 4, 4]; // 2020–2029
        for (var i = 0; i < days.Length; i++)
            Assert.Contains(StatutoryHolidays.For(2020 + i), h => h is { Name: "清明节" } && h.Date == D(2020 + i, 4, days[i]));
    }

    [Fact]
    public void Years_outside_the_computable_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StatutoryHolidays.For(2007));
        Assert.Throws<ArgumentOutOfRangeException>(() => StatutoryHolidays.For(2100));
        Assert.NotEmpty(StatutoryHolidays.For(2099));
    }
}
