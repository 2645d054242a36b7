namespace GovData.Domain.Aggregation;

/// <summary>Where a submission is: waiting for its file, being checked, or finished one way or the other.</summary>
public enum SubmissionState
{
    /// <summary>An upload link was issued; the file has not been processed yet.</summary>
    AwaitingUpload,
    /// <summary>The file arrived and is being checked.</summary>
    Processing,
    /// <summary>Checked and accepted: a new curated version exists.</summary>
    Accepted,
    /// <summary>Checked and rejected (quality below the threshold, or unreadable input): nothing was curated.</summary>
    Rejected,
    /// <summary>Processing failed on every attempt (not the data's fault); the reason is recorded and the raw file kept.</summary>
    Failed,
}

/// <summary>How the data reached the platform (004 第九条: real time from the department's systems, or manual upload).</summary>
public enum SubmissionChannel
{
    /// <summary>Uploaded with a short-lived write-only link.</summary>
    Upload,
    /// <summary>Posted directly in the request body (small files).</summary>
    Direct,
    /// <summary>A batch of records pushed by API.</summary>
    Batch,
}
