using GovData.Domain.Aggregation;

namespace GovData.Functions.Aggregation;

/// <summary>
/// The outcome of processing one submission. The normalized output holds the rows that passed, written while reading
/// (memory stays flat); the caller publishes it only when <see cref="QualityReport.Decision"/> is Accepted, e.g. by
/// committing a block blob's block list, and discards it otherwise.
/// </summary>
public sealed record SubmissionResult
{
    /// <summary>The quality report with the decision.</summary>
    public required QualityReport Report { get; init; }
    /// <summary>SHA-256 of the submitted bytes, lower-case hex (lineage); null when the file was not read to the end (over the size limit).</summary>
    public required string? SourceSha256 { get; init; }
    /// <summary>Bytes of the submitted file read.</summary>
    public required long SourceBytes { get; init; }
    /// <summary>The encoding the file was read in (declared or detected), e.g. "utf-8", "gb18030".</summary>
    public string? Encoding { get; init; }
    /// <summary>Rows written to the normalized output (the passing rows).</summary>
    public long NormalizedRows { get; init; }
}
