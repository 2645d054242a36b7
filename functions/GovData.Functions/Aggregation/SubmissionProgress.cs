namespace GovData.Functions.Aggregation;

/// <summary>How far a submission's processing is; the estimate is rows done scaled by bytes read over total bytes.</summary>
public readonly record struct SubmissionProgress(long RowsDone, long BytesRead, long? TotalBytes)
{
    /// <summary>Estimated rows in the whole file, or null when the total size is unknown or nothing was read yet.</summary>
    public long? EstimatedTotalRows => TotalBytes is { } total && BytesRead > 0 && RowsDone > 0
        ? Math.Max(RowsDone, (long)Math.Round((double)RowsDone * total / BytesRead))
        : null;
}
