namespace GovData.Domain.Aggregation;

/// <summary>The per-entry accept/reject decision on a checked submission.</summary>
public static class QualityThreshold
{
    /// <summary>
    /// Accepted when there is at least one row and failed / total is at most <paramref name="maxFailedRowRatio"/>;
    /// compared in integers so that exactly 5 of 100 at 0.05 is accepted.
    /// </summary>
    public static QualityDecision Decide(long rowsTotal, long rowsFailed, double maxFailedRowRatio)
    {
        if (rowsTotal <= 0) return QualityDecision.Rejected;
        var allowed = (long)Math.Floor(maxFailedRowRatio * rowsTotal + 1e-9);
        return rowsFailed <= allowed ? QualityDecision.Accepted : QualityDecision.Rejected;
    }
}
