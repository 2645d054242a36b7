namespace GovData.Functions.Aggregation;

/// <summary>Limits and timings of aggregation; section <c>Aggregation</c>.</summary>
public sealed class AggregationOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Aggregation";

    /// <summary>Largest file accepted through an upload link (the processor stops reading there).</summary>
    public long MaxFileBytes { get; set; } = SubmissionLimits.Default.MaxFileBytes;

    /// <summary>Largest file posted directly in a request body; bigger files go through an upload link.</summary>
    public long MaxDirectPostBytes { get; set; } = 32L << 20;

    /// <summary>Largest pushed batch body.</summary>
    public long MaxBatchBytes { get; set; } = 8L << 20;

    /// <summary>Most records in one pushed batch.</summary>
    public int MaxBatchRecords { get; set; } = 10_000;

    /// <summary>How long an upload link may be used.</summary>
    public TimeSpan UploadLinkLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one processing attempt holds a submission (host.json functionTimeout).</summary>
    public TimeSpan ProcessingLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Attempts before a submission whose processing keeps failing is marked Failed (host.json maxDequeueCount).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Rows between progress reports of the processor.</summary>
    public int ProgressEveryRows { get; set; } = SubmissionLimits.Default.ProgressEveryRows;

    /// <summary>Least time between two progress writes to the status document.</summary>
    public TimeSpan ProgressWriteInterval { get; set; } = TimeSpan.FromSeconds(1);
}
