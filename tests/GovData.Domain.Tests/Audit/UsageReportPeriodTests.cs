using GovData.Domain.Audit;

namespace GovData.Domain.Tests.Audit;

/// <summary>Which usage-report period just ended at an instant, in China time (000 第三十九条).</summary>
public sealed class UsageReportPeriodTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public void A_week_ends_at_midnight_china_time_between_sunday_and_monday()
    {
        // Monday 2026-11-30 01:00 China time is still Sunday 17:00 UTC: the week 23–29 November has ended.
        var period = UsageReportPeriod.JustEnded(UsageReportFrequency.Weekly, new DateTimeOffset(2026, 11, 29, 17, 0, 0, TimeSpan.Zero));
        Assert.NotNull(period);
        Assert.Equal(new DateOnly(2026, 11, 23), period.First);
        Assert.Equal(new DateOnly(2026, 11, 29), period.Last);
        Assert.Equal("2026-W48", period.Key);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, China), period.Start);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 0, 0, 0, China), period.End);
        // Sunday 23:59 China time: the week is not over yet.
        Assert.Null(UsageReportPeriod.JustEnded(UsageReportFrequency.Weekly, new DateTimeOffset(2026, 11, 29, 23, 59, 0, China)));
        Assert.Null(UsageReportPeriod.JustEnded(UsageReportFrequency.Weekly, new DateTimeOffset(2026, 12, 1, 1, 0, 0, China)));
    }

    [Fact]
    public void A_month_ends_at_the_first_china_midnight_of_the_next_month_across_a_year()
    {
        var period = UsageReportPeriod.JustEnded(UsageReportFrequency.Monthly, new DateTimeOffset(2027, 1, 1, 1, 0, 0, China));
        Assert.NotNull(period);
        Assert.Equal("2026-12", period.Key);
        Assert.Equal(new DateOnly(2026, 12, 31), period.Last);
        Assert.Equal("2024-02", UsageReportPeriod.JustEnded(UsageReportFrequency.Monthly, new DateTimeOffset(2024, 3, 1, 0, 0, 0, China))!.Key);
        Assert.Equal(new DateOnly(2024, 2, 29), UsageReportPeriod.Containing(UsageReportFrequency.Monthly, new DateOnly(2024, 2, 10)).Last);
        // 30 November 23:00 UTC is already 1 December in China.
        Assert.Equal("2026-11", UsageReportPeriod.JustEnded(UsageReportFrequency.Monthly, new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero))!.Key);
        Assert.Null(UsageReportPeriod.JustEnded(UsageReportFrequency.Monthly, new DateTimeOffset(2026, 11, 30, 15, 59, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void An_iso_week_that_straddles_a_new_year_takes_the_year_of_its_thursday()
    {
        // Monday 2026-12-28 to Sunday 2027-01-03 is ISO week 53 of 2026.
        var week = UsageReportPeriod.Containing(UsageReportFrequency.Weekly, new DateOnly(2027, 1, 2));
        Assert.Equal("2026-W53", week.Key);
        Assert.Equal(new DateOnly(2026, 12, 28), week.First);
        Assert.Equal("2026-W01", UsageReportPeriod.Containing(UsageReportFrequency.Weekly, new DateOnly(2025, 12, 29)).Key);
    }

    [Theory]
    [InlineData("2026-W48")]
    [InlineData("2026-W53")]
    [InlineData("2026-W01")]
    [InlineData("2026-11")]
    [InlineData("2026-01")]
    public void A_key_parses_back_to_its_period(string key)
    {
        Assert.True(UsageReportPeriod.TryParse(key, out var period));
        Assert.Equal(key, period!.Key);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("2025-W53")]
    [InlineData("2026-W00")]
    [InlineData("2026-w48")]
    [InlineData("26-11")]
    [InlineData("2026-1")]
    [InlineData("../2026")]
    [InlineData("+026-11")]
    public void Anything_else_is_not_a_period(string? key) => Assert.False(UsageReportPeriod.TryParse(key, out _));

    [Fact]
    public void Consecutive_periods_tile_time_without_gaps()
    {
        foreach (var frequency in new[] { UsageReportFrequency.Weekly, UsageReportFrequency.Monthly })
        {
            var period = UsageReportPeriod.Containing(frequency, new DateOnly(2027, 3, 15));
            for (var i = 0; i < 120; i++)
            {
                var previous = period.Previous;
                Assert.Equal(period.First, previous.Last.AddDays(1));
                Assert.Equal(period.Start, previous.End);
                Assert.Equal(previous, UsageReportPeriod.JustEnded(frequency, period.Start));
                period = previous;
            }
        }
    }
}
