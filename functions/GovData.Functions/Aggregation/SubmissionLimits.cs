namespace GovData.Functions.Aggregation;

/// <summary>Bounds that keep a hostile or broken file from exhausting memory, disk or time (docs/aggregation.md, Limits).</summary>
public sealed record SubmissionLimits
{
    /// <summary>The defaults documented in docs/aggregation.md.</summary>
    public static SubmissionLimits Default { get; } = new();

    /// <summary>Largest submitted file, in bytes (any format).</summary>
    public long MaxFileBytes { get; init; } = 1L << 30;

    /// <summary>Largest total uncompressed size of all parts of an .xlsx.</summary>
    public long MaxXlsxUncompressedBytes { get; init; } = 2L << 30;

    /// <summary>Largest uncompressed/compressed ratio of an .xlsx part (real sheets stay well under 100; bombs reach thousands).</summary>
    public double MaxXlsxCompressionRatio { get; init; } = 200;

    /// <summary>Largest shared-string table of an .xlsx, uncompressed (it is the one part held in memory).</summary>
    public long MaxXlsxSharedStringsBytes { get; init; } = 64L << 20;

    /// <summary>Longest CSV record or JSON line, in characters/bytes (an unclosed quote runs into this).</summary>
    public int MaxRecordLength { get; init; } = 1 << 20;

    /// <summary>Most columns in a header.</summary>
    public int MaxColumns { get; init; } = 1024;

    /// <summary>How often progress is reported, in rows.</summary>
    public int ProgressEveryRows { get; init; } = 10_000;
}
