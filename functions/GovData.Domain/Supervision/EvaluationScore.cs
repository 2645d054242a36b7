namespace GovData.Domain.Supervision;

/// <summary>
/// The evaluation score of a department for a period, from its scorecard alone (001 第二十二条, 004 第二十七条).
/// Each component is a share between 0 and 1; components where the department had nothing to do are left out and the
/// others' weights are scaled up, so a department is not rewarded or punished for work it never had. Findings raised in
/// the period cost <see cref="PenaltyPerFinding"/> points each, at most <see cref="MaxPenalty"/>. Documented in docs/supervision.md.
/// </summary>
public static class EvaluationScore
{
    /// <summary>Weight of catalog timeliness: publications after a declared change and yearly reviews made in time.</summary>
    public const double CatalogWeight = 20;
    /// <summary>Weight of aggregation: the mean of the on-time rate and the quality pass rate.</summary>
    public const double AggregationWeight = 25;
    /// <summary>Weight of sharing: share requests answered within the deadline.</summary>
    public const double SharingWeight = 35;
    /// <summary>Weight of disputes: the share of the department's refusals that stood when disputed.</summary>
    public const double DisputeWeight = 10;
    /// <summary>Weight of change notices sent in time.</summary>
    public const double ChangeNoticeWeight = 10;
    /// <summary>Points taken per finding raised in the period.</summary>
    public const double PenaltyPerFinding = 2;
    /// <summary>The most points findings can take.</summary>
    public const double MaxPenalty = 20;

    /// <summary>The components of a scorecard (null where the department had nothing of that kind to do).</summary>
    public static ScoreComponents Components(ScorecardCounters c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var catalogDue = c.CatalogPublishedWithDeadline + c.CatalogReviews;
        double? catalog = catalogDue == 0 ? null : (double)(c.CatalogPublishedOnTime + c.CatalogReviewsOnTime) / catalogDue;
        double? aggregation = c.AggregationSubmissions == 0 ? null : (c.AggregationOnTimeRate!.Value + c.QualityPassRate!.Value) / 2;
        double? disputes = c.DisputeOverturnRate is { } o ? 1 - o : null;
        double? notices = c.ChangeNotices == 0 ? null : (double)c.ChangeNoticesOnTime / c.ChangeNotices;
        return new ScoreComponents(catalog, aggregation, c.ShareOnTimeRate, disputes, notices);
    }

    /// <summary>The score between 0 and 100 (one decimal), or null when the department had nothing to be scored on.</summary>
    public static double? Score(ScorecardCounters c)
    {
        var parts = Components(c);
        double weighted = 0, weights = 0;
        void Add(double? value, double weight) { if (value is { } v) { weighted += v * weight; weights += weight; } }
        Add(parts.Catalog, CatalogWeight);
        Add(parts.Aggregation, AggregationWeight);
        Add(parts.Sharing, SharingWeight);
        Add(parts.Disputes, DisputeWeight);
        Add(parts.ChangeNotices, ChangeNoticeWeight);
        if (weights == 0) return null;
        var penalty = Math.Min(MaxPenalty, PenaltyPerFinding * c.FindingsRaised);
        return Math.Round(Math.Max(0, 100 * weighted / weights - penalty), 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// Ranks departments by score, highest first; equal scores share a rank (1, 2, 2, 4) and are listed by code;
    /// departments without a score come last, unranked.
    /// </summary>
    public static IReadOnlyList<RankedDepartment> Rank(IEnumerable<(string Department, ScorecardCounters Counters)> departments)
    {
        ArgumentNullException.ThrowIfNull(departments);
        var scored = departments.Select(d => (d.Department, d.Counters, Score: Score(d.Counters)))
            .OrderBy(d => d.Score is null)
            .ThenByDescending(d => d.Score ?? 0)
            .ThenBy(d => d.Department, StringComparer.Ordinal)
            .ToList();
        var list = new List<RankedDepartment>(scored.Count);
        for (var i = 0; i < scored.Count; i++)
        {
            var (dept, counters, score) = scored[i];
            int? rank = score is null ? null : i > 0 && scored[i - 1].Score == score ? list[i - 1].Rank : i + 1;
            list.Add(new RankedDepartment(rank, dept, score, Components(counters), counters));
        }
        return list;
    }
}

/// <summary>The score's components, each a share between 0 and 1, or null where nothing was due.</summary>
public sealed record ScoreComponents(double? Catalog, double? Aggregation, double? Sharing, double? Disputes, double? ChangeNotices);

/// <summary>One row of the ranking.</summary>
public sealed record RankedDepartment(int? Rank, string Department, double? Score, ScoreComponents Components, ScorecardCounters Counters);
