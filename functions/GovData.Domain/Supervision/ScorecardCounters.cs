using System.Globalization;
using System.Text.Json.Serialization;

namespace GovData.Domain.Supervision;

/// <summary>
/// The running counts of one department in one period. Each fact adds to them once; every rate and the median answer
/// time are derived from the counts, so a scorecard is never recomputed from the history.
/// </summary>
public sealed class ScorecardCounters
{
    /// <summary>Answer times of 0..<see cref="MaxAnswerDays"/> working days have their own bucket; longer ones share the last.</summary>
    public const int MaxAnswerDays = 60;

    /// <summary>Catalog entries (and versions) published.</summary>
    public int CatalogPublished { get; set; }
    /// <summary>Of those, first publications of an entry (a resource newly catalogued; later versions do not count here).</summary>
    public int CatalogFirstPublished { get; set; }
    /// <summary>Publications that had a deadline (a declared change).</summary>
    public int CatalogPublishedWithDeadline { get; set; }
    /// <summary>Of those, published in time.</summary>
    public int CatalogPublishedOnTime { get; set; }
    /// <summary>Yearly full catalog reviews completed.</summary>
    public int CatalogReviews { get; set; }
    /// <summary>Of those, completed in time.</summary>
    public int CatalogReviewsOnTime { get; set; }
    /// <summary>Data submissions.</summary>
    public int AggregationSubmissions { get; set; }
    /// <summary>Submissions made in time.</summary>
    public int AggregationOnTime { get; set; }
    /// <summary>Submissions accepted by the quality checks.</summary>
    public int AggregationAccepted { get; set; }
    /// <summary>Rows submitted.</summary>
    public long AggregationRows { get; set; }
    /// <summary>Rows that failed a quality check.</summary>
    public long AggregationFailedRows { get; set; }
    /// <summary>Share requests received to answer.</summary>
    public int ShareRequestsReceived { get; set; }
    /// <summary>Share requests answered.</summary>
    public int ShareRequestsAnswered { get; set; }
    /// <summary>Of those, answered within the deadline.</summary>
    public int ShareAnsweredOnTime { get; set; }
    /// <summary>Answers that approved.</summary>
    public int ShareApproved { get; set; }
    /// <summary>Answers that approved part of the request.</summary>
    public int SharePartlyApproved { get; set; }
    /// <summary>Answers that refused.</summary>
    public int ShareRefused { get; set; }
    /// <summary>How many answers took 0, 1, ... working days (the last bucket: <see cref="MaxAnswerDays"/> or more).</summary>
    public int[] AnswerDays { get; set; } = new int[MaxAnswerDays + 1];
    /// <summary>Disputes about the department's refusals that were decided.</summary>
    public int DisputesDecided { get; set; }
    /// <summary>Disputes where the refusal stood.</summary>
    public int DisputesUpheld { get; set; }
    /// <summary>Disputes where the refusal was overturned.</summary>
    public int DisputesOverturned { get; set; }
    /// <summary>Requested data not yet aggregated that was made available (002 第二十三条).</summary>
    public int ShareDataMadeAvailable { get; set; }
    /// <summary>Of those, made available within the availability deadline.</summary>
    public int ShareDataMadeAvailableOnTime { get; set; }
    /// <summary>Availability deadlines missed (late aggregation; 001 第二十三条).</summary>
    public int ShareAvailabilityMissed { get; set; }
    /// <summary>Change notices sent to consumers.</summary>
    public int ChangeNotices { get; set; }
    /// <summary>Of those, sent in time.</summary>
    public int ChangeNoticesOnTime { get; set; }
    /// <summary>Open dataset versions published.</summary>
    public int OpenDatasetsPublished { get; set; }
    /// <summary>Findings raised in the period.</summary>
    public int FindingsRaised { get; set; }
    /// <summary>Findings closed in the period.</summary>
    public int FindingsClosed { get; set; }
    /// <summary>Findings reopened in the period.</summary>
    public int FindingsReopened { get; set; }

    /// <summary>Adds one fact; false for a kind scorecards do not count (it is ignored, not an error: newer senders may know more kinds).</summary>
    public bool Apply(string kind, IReadOnlyDictionary<string, string> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Normalize();
        switch (kind)
        {
            case ScorecardFacts.CatalogEntryPublished:
                CatalogPublished++;
                if (Flag(data, "firstPublication") == true) CatalogFirstPublished++;
                if (Flag(data, "onTime") is { } published) { CatalogPublishedWithDeadline++; if (published) CatalogPublishedOnTime++; }
                return true;
            case ScorecardFacts.CatalogReviewCompleted:
                CatalogReviews++;
                if (Flag(data, "onTime") == true) CatalogReviewsOnTime++;
                return true;
            case ScorecardFacts.AggregationSubmitted:
                AggregationSubmissions++;
                if (Flag(data, "onTime") == true) AggregationOnTime++;
                if (Flag(data, "accepted") == true) AggregationAccepted++;
                AggregationRows += Number(data, "rows");
                AggregationFailedRows += Number(data, "failedRows");
                return true;
            case ScorecardFacts.ShareRequestReceived:
                ShareRequestsReceived++;
                return true;
            case ScorecardFacts.ShareRequestAnswered:
                ShareRequestsAnswered++;
                if (Flag(data, "onTime") == true) ShareAnsweredOnTime++;
                switch (data.GetValueOrDefault("outcome"))
                {
                    case "Approved": ShareApproved++; break;
                    case "PartlyApproved": SharePartlyApproved++; break;
                    case "Refused": ShareRefused++; break;
                }
                if (data.ContainsKey("workingDays")) AnswerDays[(int)Math.Clamp(Number(data, "workingDays"), 0, MaxAnswerDays)]++;
                return true;
            case ScorecardFacts.DisputeDecided:
                DisputesDecided++;
                if (data.GetValueOrDefault("outcome") == "Overturned") DisputesOverturned++;
                else DisputesUpheld++;
                return true;
            case ScorecardFacts.ShareDataMadeAvailable:
                ShareDataMadeAvailable++;
                if (Flag(data, "onTime") == true) ShareDataMadeAvailableOnTime++;
                return true;
            case ScorecardFacts.ShareAvailabilityMissed:
                ShareAvailabilityMissed++;
                return true;
            case ScorecardFacts.ChangeNoticeSent:
                ChangeNotices++;
                if (Flag(data, "onTime") == true) ChangeNoticesOnTime++;
                return true;
            case ScorecardFacts.OpenDatasetPublished:
                OpenDatasetsPublished++;
                return true;
            case ScorecardFacts.FindingRaised:
                FindingsRaised++;
                return true;
            case ScorecardFacts.FindingClosed:
                FindingsClosed++;
                return true;
            case ScorecardFacts.FindingReopened:
                FindingsReopened++;
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Adds another period's counts (field by field, the answer-time histogram bucket by bucket), so a quarter or year is
    /// the sum of its months and its median comes from the summed histogram, not from the months' medians.
    /// </summary>
    public ScorecardCounters Add(ScorecardCounters other)
    {
        ArgumentNullException.ThrowIfNull(other);
        CatalogPublished += other.CatalogPublished;
        CatalogFirstPublished += other.CatalogFirstPublished;
        CatalogPublishedWithDeadline += other.CatalogPublishedWithDeadline;
        CatalogPublishedOnTime += other.CatalogPublishedOnTime;
        CatalogReviews += other.CatalogReviews;
        CatalogReviewsOnTime += other.CatalogReviewsOnTime;
        AggregationSubmissions += other.AggregationSubmissions;
        AggregationOnTime += other.AggregationOnTime;
        AggregationAccepted += other.AggregationAccepted;
        AggregationRows += other.AggregationRows;
        AggregationFailedRows += other.AggregationFailedRows;
        ShareRequestsReceived += other.ShareRequestsReceived;
        ShareRequestsAnswered += other.ShareRequestsAnswered;
        ShareAnsweredOnTime += other.ShareAnsweredOnTime;
        ShareApproved += other.ShareApproved;
        SharePartlyApproved += other.SharePartlyApproved;
        ShareRefused += other.ShareRefused;
        Normalize();
        if (other.AnswerDays is not null)
            for (var i = 0; i < other.AnswerDays.Length; i++) AnswerDays[Math.Min(i, MaxAnswerDays)] += other.AnswerDays[i];
        DisputesDecided += other.DisputesDecided;
        DisputesUpheld += other.DisputesUpheld;
        DisputesOverturned += other.DisputesOverturned;
        ShareDataMadeAvailable += other.ShareDataMadeAvailable;
        ShareDataMadeAvailableOnTime += other.ShareDataMadeAvailableOnTime;
        ShareAvailabilityMissed += other.ShareAvailabilityMissed;
        ChangeNotices += other.ChangeNotices;
        ChangeNoticesOnTime += other.ChangeNoticesOnTime;
        OpenDatasetsPublished += other.OpenDatasetsPublished;
        FindingsRaised += other.FindingsRaised;
        FindingsClosed += other.FindingsClosed;
        FindingsReopened += other.FindingsReopened;
        return this;
    }

    /// <summary>The sum of several periods' counts (a quarter from its months, a year from its months).</summary>
    public static ScorecardCounters Sum(IEnumerable<ScorecardCounters> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var total = new ScorecardCounters();
        foreach (var p in parts) total.Add(p);
        return total;
    }

    // A stored histogram of another length (or none) is carried over bucket by bucket.
    private void Normalize()
    {
        if (AnswerDays is { Length: MaxAnswerDays + 1 }) return;
        var buckets = new int[MaxAnswerDays + 1];
        if (AnswerDays is not null)
            for (var i = 0; i < AnswerDays.Length; i++) buckets[Math.Min(i, MaxAnswerDays)] += AnswerDays[i];
        AnswerDays = buckets;
    }

    /// <summary>Share of catalog publications with a deadline that met it; null when none had one.</summary>
    [JsonIgnore]
    public double? CatalogOnTimeRate => Rate(CatalogPublishedOnTime, CatalogPublishedWithDeadline);
    /// <summary>Share of submissions made in time.</summary>
    [JsonIgnore]
    public double? AggregationOnTimeRate => Rate(AggregationOnTime, AggregationSubmissions);
    /// <summary>Share of submissions that passed the quality checks.</summary>
    [JsonIgnore]
    public double? QualityPassRate => Rate(AggregationAccepted, AggregationSubmissions);
    /// <summary>Share of answers given in time.</summary>
    [JsonIgnore]
    public double? ShareOnTimeRate => Rate(ShareAnsweredOnTime, ShareRequestsAnswered);
    /// <summary>Share of data made available within its availability deadline; null when none was made available.</summary>
    [JsonIgnore]
    public double? ShareAvailabilityOnTimeRate => Rate(ShareDataMadeAvailableOnTime, ShareDataMadeAvailable);
    /// <summary>Share of decided disputes where the department's refusal was overturned.</summary>
    [JsonIgnore]
    public double? DisputeOverturnRate => Rate(DisputesOverturned, DisputesDecided);

    /// <summary>The median answer time in working days, from the histogram; null with no answers.</summary>
    [JsonIgnore]
    public double? MedianAnswerWorkingDays => Median(AnswerDays);

    /// <summary>The median of a histogram (bucket i counts the value i); the mean of the two middle values for an even count.</summary>
    public static double? Median(IReadOnlyList<int> histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        long n = 0;
        foreach (var c in histogram) n += c;
        if (n == 0) return null;
        return (ValueAt(histogram, (n - 1) / 2) + ValueAt(histogram, n / 2)) / 2.0;
    }

    private static int ValueAt(IReadOnlyList<int> histogram, long position)
    {
        long seen = 0;
        for (var i = 0; i < histogram.Count; i++)
        {
            seen += histogram[i];
            if (position < seen) return i;
        }
        return histogram.Count - 1;
    }

    private static double? Rate(long part, long whole) => whole == 0 ? null : (double)part / whole;

    private static bool? Flag(IReadOnlyDictionary<string, string> data, string key) =>
        data.TryGetValue(key, out var v) && bool.TryParse(v, out var b) ? b : null;

    private static long Number(IReadOnlyDictionary<string, string> data, string key) =>
        data.TryGetValue(key, out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : 0;
}
