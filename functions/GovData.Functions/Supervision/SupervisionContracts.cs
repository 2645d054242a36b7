using System.Text.Json.Serialization;
using GovData.Domain.Supervision;

namespace GovData.Functions.Supervision;

/// <summary>A department's answer to its finding.</summary>
public sealed record FindingAnswerRequest(FindingAnswer Answer, string? Note);

/// <summary>The DataAuthority's decision on a finding.</summary>
public sealed record FindingDecisionRequest(FindingDecision Decision, string? Reason);

/// <summary>The DataAuthority's figure for a department and year: resources expected in its catalogue and where the figure comes from.</summary>
public sealed record CatalogBaselineRequest(int? ExpectedResources, string? Source);

/// <summary>Why the DataAuthority withdraws a published ranking.</summary>
public sealed record RankingWithdrawalRequest(string? Reason);

/// <summary>The request to generate a report now.</summary>
public sealed record ReportRequest(string? Period);

/// <summary>A finding as answered over HTTP: the raised facts, its state, every answer and decision, and its ETag (the If-Match of answers and decisions).</summary>
public sealed record FindingView(string Id, string Department, string Rule, string Citation, string Subject, string Description, DateTimeOffset DueAt,
    DateTimeOffset? ActualAt, DateTimeOffset RaisedAt, FindingState State, IReadOnlyList<FindingStep> History, [property: JsonPropertyName("etag")] string? ETag)
{
    /// <summary>The view of a stored finding.</summary>
    public static FindingView Of(FindingDocument f) =>
        new(f.Id, f.Department, f.Rule, f.Citation, f.Subject, f.Description, f.DueAt, f.ActualAt, f.RaisedAt, f.State, f.History, f.ETag);
}

/// <summary>The findings the caller may see (GET /api/supervision/findings).</summary>
public sealed record FindingList(IReadOnlyList<FindingView> Items);

/// <summary>A catalog baseline as answered over HTTP, with its history and ETag (the If-Match of the next change).</summary>
public sealed record BaselineView(string Department, int Year, int ExpectedResources, string Source, string SetBy, DateTimeOffset SetAt,
    IReadOnlyList<BaselineChange> History, [property: JsonPropertyName("etag")] string? ETag)
{
    /// <summary>The view of a stored baseline.</summary>
    public static BaselineView Of(CatalogBaseline b) => new(b.Department, b.Year, b.ExpectedResources, b.Source, b.SetBy, b.SetAt, b.History, b.ETag);
}

/// <summary>The catalog baselines of a year the caller may see (GET /api/supervision/baselines).</summary>
public sealed record BaselineList(int Year, IReadOnlyList<BaselineView> Items);

/// <summary>A department's scorecard for a period, as answered over HTTP and written into reports.</summary>
public sealed record ScorecardView(string Department, string? Name, string Period, int? Rank, double? Score, ScoreComponents Components,
    ScorecardCatalogView Catalog, ScorecardCoverageView Coverage, ScorecardAggregationView Aggregation, ScorecardSharingView Sharing,
    ScorecardDisputesView Disputes, ScorecardOpeningView Opening, ScorecardFindingsView Findings)
{
    /// <summary>
    /// The scorecard of <paramref name="department"/> from its counters, its open findings now and its catalog coverage; ranked
    /// when <paramref name="ranked"/> is its row of the period's ranking (else scored alone, without a rank).
    /// </summary>
    public static ScorecardView Of(string department, string? name, ScorecardPeriod period, ScorecardCounters c, int openFindings, CatalogCoverage coverage, RankedDepartment? ranked) =>
        new(department, name, period.Key, ranked?.Rank, ranked is null ? EvaluationScore.Score(c) : ranked.Score, ranked?.Components ?? EvaluationScore.Components(c),
            new(c.CatalogPublished, c.CatalogPublishedWithDeadline, c.CatalogPublishedOnTime, c.CatalogOnTimeRate, c.CatalogReviews, c.CatalogReviewsOnTime),
            new(coverage.Catalogued, coverage.Baseline, coverage.BaselineSource, coverage.Rate, coverage.Known ? "known" : "unknown"),
            new(c.AggregationSubmissions, c.AggregationOnTime, c.AggregationOnTimeRate, c.AggregationAccepted, c.QualityPassRate, c.AggregationRows, c.AggregationFailedRows),
            new(c.ShareRequestsReceived, c.ShareRequestsAnswered, c.ShareAnsweredOnTime, c.ShareOnTimeRate, c.ShareApproved, c.SharePartlyApproved, c.ShareRefused,
                c.MedianAnswerWorkingDays, c.ChangeNotices, c.ChangeNoticesOnTime, c.ShareDataMadeAvailable, c.ShareDataMadeAvailableOnTime, c.ShareAvailabilityOnTimeRate,
                c.ShareAvailabilityMissed),
            new(c.DisputesDecided, c.DisputesUpheld, c.DisputesOverturned),
            new(c.OpenDatasetsPublished),
            new(c.FindingsRaised, c.FindingsClosed, c.FindingsReopened, openFindings));
}

/// <summary>A scorecard's catalog counts: publications, those with a deadline and on time, yearly reviews.</summary>
public sealed record ScorecardCatalogView(int Published, int WithDeadline, int OnTime, double? OnTimeRate, int YearlyReviews, int YearlyReviewsOnTime);

/// <summary>A scorecard's catalog coverage: entries catalogued over the year's baseline; <c>status</c> is <c>known</c> or <c>unknown</c> (no baseline, no rate).</summary>
public sealed record ScorecardCoverageView(int Catalogued, int? Baseline, string? BaselineSource, double? Rate, string Status);

/// <summary>A scorecard's aggregation counts: submissions, on time, accepted, rows.</summary>
public sealed record ScorecardAggregationView(int Submissions, int OnTime, double? OnTimeRate, int Accepted, double? QualityPassRate, long Rows, long FailedRows);

/// <summary>
/// A scorecard's sharing counts: requests received and answered (on time, by outcome, median working days), change notices,
/// and data not yet aggregated that was made available, in time or not, with the availability deadlines missed (002 第二十三条; 001 第二十三条).
/// </summary>
public sealed record ScorecardSharingView(int Received, int Answered, int AnsweredOnTime, double? OnTimeRate, int Approved, int PartlyApproved, int Refused,
    double? MedianAnswerWorkingDays, int ChangeNotices, int ChangeNoticesOnTime, int MadeAvailable, int MadeAvailableOnTime, double? AvailabilityOnTimeRate,
    int AvailabilityMissed);

/// <summary>A scorecard's disputes about the department's refusals.</summary>
public sealed record ScorecardDisputesView(int Decided, int Upheld, int Overturned);

/// <summary>A scorecard's opening counts.</summary>
public sealed record ScorecardOpeningView(int DatasetsPublished);

/// <summary>A scorecard's findings: raised, closed and reopened in the period, and open now.</summary>
public sealed record ScorecardFindingsView(int Raised, int Closed, int Reopened, int OpenNow);

/// <summary>
/// The scorecards of a period the caller may see, ranked (GET /api/supervision/scorecards), and whether the ranking is
/// published (or when it was withdrawn, and why).
/// </summary>
public sealed record ScorecardRanking(string Period, bool Published, DateTimeOffset? PublishedAt, DateTimeOffset? WithdrawnAt, string? WithdrawalReason,
    IReadOnlyList<ScorecardView> Items);

/// <summary>The publication of a period's ranking, as its publishing answers it.</summary>
public sealed record PublishedRankingView(string Period, string PublishedBy, DateTimeOffset PublishedAt);

/// <summary>A ranking publication as answered over HTTP: in force or withdrawn, with every publication and withdrawal (who, when, why).</summary>
public sealed record RankingPublicationView(string Period, bool Published, string PublishedBy, DateTimeOffset PublishedAt, string? WithdrawnBy,
    DateTimeOffset? WithdrawnAt, string? WithdrawalReason, IReadOnlyList<PublicationChange> History)
{
    /// <summary>The view of a stored publication.</summary>
    public static RankingPublicationView Of(RankingPublication p) =>
        new(p.Period, !p.Withdrawn, p.PublishedBy, p.PublishedAt, p.WithdrawnBy, p.WithdrawnAt, p.WithdrawalReason, p.History);
}

/// <summary>An evaluation report as answered over HTTP: who generated it and when, and where its files are.</summary>
public sealed record EvaluationReportView(string Period, DateTimeOffset GeneratedAt, string GeneratedBy, int Departments, IReadOnlyDictionary<string, string> Files)
{
    /// <summary>The view of a stored report: its files by name, in order, each with its download path.</summary>
    public static EvaluationReportView Of(EvaluationReportDocument r) => new(r.Period, r.GeneratedAt, r.GeneratedBy, r.Departments,
        r.Files.Keys.Order(StringComparer.Ordinal).ToDictionary(f => f, f => $"/api/supervision/reports/{r.Period}/files/{f}"));
}

/// <summary>One file of an evaluation report as a download: its name, content type and content.</summary>
public sealed record EvaluationReportFile(string FileName, string ContentType, Stream Content);
