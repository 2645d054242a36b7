using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GovData.Domain.Supervision;

namespace GovData.Domain.Tests.Supervision;

public class ScorecardPeriodTests
{
    [Theory]
    [InlineData("2026", PeriodKind.Year, 2026, 1)]
    [InlineData("2026-Q4", PeriodKind.Quarter, 2026, 4)]
    [InlineData("2026-01", PeriodKind.Month, 2026, 1)]
    [InlineData("2026-12", PeriodKind.Month, 2026, 12)]
    public void Keys_parse_and_print_back(string key, PeriodKind kind, int year, int number)
    {
        var p = ScorecardPeriod.TryParse(key, out var error);
        Assert.Null(error);
        Assert.Equal(new ScorecardPeriod(kind, year, number), p);
        Assert.Equal(key, p!.Key);
    }

    [Theory]
    [InlineData("2026", "2026年度")]
    [InlineData("2026-Q4", "2026年第4季度")]
    [InlineData("2026-03", "2026年3月")]
    [InlineData("2026-11", "2026年11月")]
    public void A_period_has_the_Chinese_name_people_read(string key, string name) =>
        Assert.Equal(name, ScorecardPeriod.TryParse(key, out _)!.ChineseName);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("26")]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("2026-Q5")]
    [InlineData("2026-Q0")]
    [InlineData("1999")]
    [InlineData("2026-1")]
    [InlineData("2026-11-01")]
    [InlineData("x2026")]
    [InlineData("+202")]
    public void Other_keys_are_refused_with_a_reason(string? key)
    {
        Assert.Null(ScorecardPeriod.TryParse(key, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void An_instant_counts_in_the_China_date_period()
    {
        // 23:30 UTC on 31 December is 07:30 on 1 January in China: the new year, quarter and month.
        var periods = ScorecardPeriod.Of(new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero));
        Assert.Equal(["2027", "2027-Q1", "2027-01"], periods.Select(p => p.Key));
        Assert.Equal(["2026", "2026-Q4", "2026-11"], ScorecardPeriod.Of(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(8))).Select(p => p.Key));
    }

    [Fact]
    public void Previous_periods_cross_years()
    {
        Assert.Equal("2025-12", ScorecardPeriod.TryParse("2026-01", out _)!.Previous.Key);
        Assert.Equal("2025-Q4", ScorecardPeriod.TryParse("2026-Q1", out _)!.Previous.Key);
        Assert.Equal("2025", ScorecardPeriod.TryParse("2026", out _)!.Previous.Key);
        Assert.Equal(new DateOnly(2026, 10, 1), ScorecardPeriod.TryParse("2026-Q4", out _)!.FirstDay);
        Assert.Equal(new DateOnly(2027, 1, 1), ScorecardPeriod.TryParse("2026-Q4", out _)!.NextFirstDay);
    }
}

public class ScorecardCountersTests
{
    private static Dictionary<string, string> D(params (string K, string V)[] kv) => kv.ToDictionary(x => x.K, x => x.V);

    [Fact]
    public void Each_kind_moves_its_counters()
    {
        var c = new ScorecardCounters();
        Assert.True(c.Apply(ScorecardFacts.CatalogEntryPublished, D(("onTime", "true"))));
        c.Apply(ScorecardFacts.CatalogEntryPublished, D(("onTime", "false")));
        c.Apply(ScorecardFacts.CatalogEntryPublished, D());
        c.Apply(ScorecardFacts.CatalogReviewCompleted, D(("onTime", "true")));
        c.Apply(ScorecardFacts.AggregationSubmitted, D(("accepted", "true"), ("onTime", "true"), ("rows", "100"), ("failedRows", "0")));
        c.Apply(ScorecardFacts.AggregationSubmitted, D(("accepted", "false"), ("onTime", "false"), ("rows", "50"), ("failedRows", "7")));
        c.Apply(ScorecardFacts.ShareRequestReceived, D());
        c.Apply(ScorecardFacts.ShareRequestAnswered, D(("outcome", "Refused"), ("onTime", "false"), ("workingDays", "7")));
        c.Apply(ScorecardFacts.DisputeDecided, D(("outcome", "Overturned")));
        c.Apply(ScorecardFacts.OpenDatasetPublished, D());
        c.Apply(ScorecardFacts.FindingRaised, D());
        Assert.False(c.Apply("some.futureKind", D()));

        Assert.Equal((3, 2, 1), (c.CatalogPublished, c.CatalogPublishedWithDeadline, c.CatalogPublishedOnTime));
        Assert.Equal(0.5, c.CatalogOnTimeRate);
        Assert.Equal((2, 1, 1, 150L, 7L), (c.AggregationSubmissions, c.AggregationOnTime, c.AggregationAccepted, c.AggregationRows, c.AggregationFailedRows));
        Assert.Equal(0.5, c.QualityPassRate);
        Assert.Equal((1, 1, 0, 1), (c.ShareRequestsReceived, c.ShareRequestsAnswered, c.ShareAnsweredOnTime, c.ShareRefused));
        Assert.Equal(7, c.MedianAnswerWorkingDays);
        Assert.Equal((1, 1, 0), (c.DisputesDecided, c.DisputesOverturned, c.DisputesUpheld));
        Assert.Equal(1, c.OpenDatasetsPublished);
        Assert.Equal(1, c.FindingsRaised);
    }

    [Fact]
    [Trait("Rule", "nonAggregated.availabilityDeadline")]
    public void Data_made_available_and_missed_availability_deadlines_are_counted_and_summed()
    {
        var c = new ScorecardCounters();
        Assert.True(c.Apply(ScorecardFacts.ShareDataMadeAvailable, D(("onTime", "true"), ("workingDays", "12"))));
        Assert.True(c.Apply(ScorecardFacts.ShareDataMadeAvailable, D(("onTime", "false"), ("workingDays", "25"))));
        Assert.True(c.Apply(ScorecardFacts.ShareAvailabilityMissed, D(("rule", "nonAggregated.availabilityDeadline"))));
        Assert.Equal((2, 1, 1), (c.ShareDataMadeAvailable, c.ShareDataMadeAvailableOnTime, c.ShareAvailabilityMissed));
        Assert.Equal(0.5, c.ShareAvailabilityOnTimeRate);
        Assert.Contains(ScorecardFacts.ShareAvailabilityMissed, ScorecardFacts.All);
        var sum = ScorecardCounters.Sum([c, c]);
        Assert.Equal((4, 2, 2), (sum.ShareDataMadeAvailable, sum.ShareDataMadeAvailableOnTime, sum.ShareAvailabilityMissed));
        // Answers are counted apart: availability is not an answer.
        Assert.Equal(0, sum.ShareRequestsAnswered);
    }

    [Fact]
    public void Hostile_figures_neither_throw_nor_count_negative()
    {
        var c = new ScorecardCounters { AnswerDays = [1, 2] };
        c.Apply(ScorecardFacts.ShareRequestAnswered, D(("workingDays", "-5"), ("onTime", "yes")));
        c.Apply(ScorecardFacts.ShareRequestAnswered, D(("workingDays", "99999999999")));
        c.Apply(ScorecardFacts.AggregationSubmitted, D(("rows", "-1"), ("failedRows", "NaN")));
        Assert.Equal(ScorecardCounters.MaxAnswerDays + 1, c.AnswerDays.Length);
        Assert.Equal([2, 2], c.AnswerDays[..2]);
        Assert.Equal(1, c.AnswerDays[ScorecardCounters.MaxAnswerDays]);
        Assert.Equal(0, c.ShareAnsweredOnTime);
        Assert.Equal(0, c.AggregationRows);
    }

    private static readonly Arbitrary<int[]> Samples = Gen.Choose(0, ScorecardCounters.MaxAnswerDays).ArrayOf().Where(a => a.Length > 0).ToArbitrary();

    [Property(MaxTest = 500)]
    public Property The_histogram_median_equals_the_median_of_the_values() =>
        Prop.ForAll(Samples, values =>
        {
            var histogram = new int[ScorecardCounters.MaxAnswerDays + 1];
            foreach (var v in values) histogram[v]++;
            var sorted = values.Order().ToArray();
            var expected = (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2.0;
            return ScorecardCounters.Median(histogram) == expected;
        });

    [Fact]
    public void No_answers_have_no_median() => Assert.Null(new ScorecardCounters().MedianAnswerWorkingDays);
}

public class EvaluationScoreTests
{
    private static ScorecardCounters Card(int answered, int onTime, int findings = 0)
    {
        var c = new ScorecardCounters();
        for (var i = 0; i < answered; i++)
            c.Apply(ScorecardFacts.ShareRequestAnswered, new Dictionary<string, string> { ["onTime"] = (i < onTime).ToString(), ["workingDays"] = "3" });
        for (var i = 0; i < findings; i++) c.Apply(ScorecardFacts.FindingRaised, new Dictionary<string, string>());
        return c;
    }

    [Fact]
    public void Only_components_with_work_count_and_findings_cost_points()
    {
        Assert.Equal(80, EvaluationScore.Score(Card(10, 8)));
        Assert.Equal(76, EvaluationScore.Score(Card(10, 8, findings: 2)));
        Assert.Equal(0, EvaluationScore.Score(Card(10, 1, findings: 30)));
        Assert.Null(EvaluationScore.Score(new ScorecardCounters()));

        var mixed = Card(4, 4);
        mixed.Apply(ScorecardFacts.AggregationSubmitted, new Dictionary<string, string> { ["onTime"] = "false", ["accepted"] = "true" });
        // Sharing 1.0 x 35 and aggregation (0 + 1) / 2 x 25, over the 60 points of weight in play.
        Assert.Equal(Math.Round(100 * (35 + 12.5) / 60, 1), EvaluationScore.Score(mixed));
    }

    [Fact]
    public void Ranking_shares_ranks_on_ties_and_puts_unscored_departments_last()
    {
        var ranked = EvaluationScore.Rank([("C", Card(10, 8)), ("A", new ScorecardCounters()), ("B", Card(10, 8)), ("D", Card(10, 10)), ("E", Card(10, 1))]);
        Assert.Equal(["D", "B", "C", "E", "A"], ranked.Select(r => r.Department));
        Assert.Equal([1, 2, 2, 4, null], ranked.Select(r => r.Rank));
    }
}

public class FindingWorkflowTests
{
    [Theory]
    [InlineData(FindingState.Open, FindingAnswer.Remedied, FindingState.Remedied, FindingCountChange.Closed)]
    [InlineData(FindingState.AcceptanceRequested, FindingAnswer.Remedied, FindingState.Remedied, FindingCountChange.Closed)]
    [InlineData(FindingState.Open, FindingAnswer.AcceptanceRequested, FindingState.AcceptanceRequested, FindingCountChange.None)]
    public void A_department_answers_an_open_finding(FindingState from, FindingAnswer answer, FindingState to, FindingCountChange change)
    {
        var t = FindingWorkflow.Answer(from, answer, "done");
        Assert.Equal(to, t.Next);
        Assert.Equal(change, t.Change);
    }

    [Theory]
    [InlineData(FindingState.Remedied, FindingAnswer.Remedied)]
    [InlineData(FindingState.AcceptedWithReason, FindingAnswer.AcceptanceRequested)]
    [InlineData(FindingState.AcceptanceRequested, FindingAnswer.AcceptanceRequested)]
    public void A_closed_or_pending_finding_cannot_be_answered_again(FindingState from, FindingAnswer answer)
    {
        var t = FindingWorkflow.Answer(from, answer, "again");
        Assert.False(t.Succeeded);
        Assert.NotNull(t.Conflict);
    }

    [Theory]
    [InlineData(FindingState.AcceptanceRequested, FindingDecision.Accept, FindingState.AcceptedWithReason, FindingCountChange.Closed)]
    [InlineData(FindingState.Open, FindingDecision.Accept, FindingState.AcceptedWithReason, FindingCountChange.Closed)]
    [InlineData(FindingState.Remedied, FindingDecision.Reopen, FindingState.Open, FindingCountChange.Reopened)]
    [InlineData(FindingState.AcceptedWithReason, FindingDecision.Reopen, FindingState.Open, FindingCountChange.Reopened)]
    [InlineData(FindingState.AcceptanceRequested, FindingDecision.Reopen, FindingState.Open, FindingCountChange.None)]
    public void The_authority_accepts_or_reopens(FindingState from, FindingDecision decision, FindingState to, FindingCountChange change)
    {
        var t = FindingWorkflow.Decide(from, decision, "reason");
        Assert.Equal(to, t.Next);
        Assert.Equal(change, t.Change);
    }

    [Fact]
    public void Decisions_that_do_not_fit_the_state_and_missing_texts_are_refused()
    {
        Assert.NotNull(FindingWorkflow.Decide(FindingState.Open, FindingDecision.Reopen, "r").Conflict);
        Assert.NotNull(FindingWorkflow.Decide(FindingState.Remedied, FindingDecision.Accept, "r").Conflict);
        Assert.Equal("reason", FindingWorkflow.Decide(FindingState.AcceptanceRequested, FindingDecision.Accept, " ").Invalid!.Field);
        Assert.Equal("note", FindingWorkflow.Answer(FindingState.Open, FindingAnswer.Remedied, null).Invalid!.Field);
        Assert.Equal("note", FindingWorkflow.Answer(FindingState.Open, FindingAnswer.AcceptanceRequested, new string('x', 2001)).Invalid!.Field);
    }
}

public class ScorecardSumTests
{
    private static ScorecardCounters Answers(params int[] days)
    {
        var c = new ScorecardCounters();
        foreach (var d in days)
            c.Apply(ScorecardFacts.ShareRequestAnswered, new Dictionary<string, string> { ["onTime"] = (d <= 5).ToString(), ["workingDays"] = d.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return c;
    }

    [Fact]
    public void A_sum_adds_every_counter_and_takes_the_median_of_all_answers_not_of_the_months_medians()
    {
        var sum = ScorecardCounters.Sum([Answers(1, 1, 1), Answers(8, 9), Answers(10)]);
        Assert.Equal(6, sum.ShareRequestsAnswered);
        Assert.Equal(3, sum.ShareAnsweredOnTime);
        Assert.Equal(4.5, sum.MedianAnswerWorkingDays);
        // A stored histogram of another length is carried over; answers past the last bucket stay in it.
        var old = new ScorecardCounters { AnswerDays = [0, 2], ShareRequestsAnswered = 2 };
        var big = Answers(70);
        Assert.Equal(1, ScorecardCounters.Sum([old, big]).MedianAnswerWorkingDays);
        Assert.Equal(ScorecardCounters.MaxAnswerDays, ScorecardCounters.Sum([big]).MedianAnswerWorkingDays);
    }

    [Fact]
    public void Quarters_and_years_are_made_of_their_months()
    {
        Assert.Equal(["2026-10", "2026-11", "2026-12"], ScorecardPeriod.TryParse("2026-Q4", out _)!.Months.Select(m => m.Key));
        Assert.Equal(12, ScorecardPeriod.TryParse("2026", out _)!.Months.Count);
        Assert.Equal("2026-12", ScorecardPeriod.TryParse("2026", out _)!.LastMonth.Key);
        Assert.Equal(["2026-05"], ScorecardPeriod.TryParse("2026-05", out _)!.Months.Select(m => m.Key));
    }

    [Fact]
    public void Coverage_is_unknown_without_a_baseline_and_never_above_one()
    {
        Assert.Null(new CatalogCoverage(5, null, null).Rate);
        Assert.False(new CatalogCoverage(0, null, null).Known);
        Assert.Equal(0.0, new CatalogCoverage(0, 10, "权责清单").Rate);
        Assert.Equal(0.5, new CatalogCoverage(5, 10, "权责清单").Rate);
        Assert.Equal(1.0, new CatalogCoverage(12, 10, "权责清单").Rate);
    }
}
