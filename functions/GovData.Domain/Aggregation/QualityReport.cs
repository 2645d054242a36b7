namespace GovData.Domain.Aggregation;

/// <summary>Whether a submission becomes a new version.</summary>
public enum QualityDecision
{
    /// <summary>The failed-row ratio is within the entry's threshold: the passing rows become a new version.</summary>
    Accepted,
    /// <summary>Too many failed rows, no rows, or input that could not be read: nothing is published.</summary>
    Rejected,
}

/// <summary>How often one rule failed, for one item (null for row-level rules: duplicate key, malformed row).</summary>
public sealed record RuleCount(QualityRule Rule, string? Item, long Count);

/// <summary>
/// One example of a failure: the row number as the department sees it (the header is row 1 in CSV and Excel; the line in
/// JSON Lines), the item, the value (masked for personal and sensitive items) and why it failed.
/// </summary>
public sealed record QualityExample(QualityRule Rule, string? Item, long Row, string? Value, string Reason);

/// <summary>Why a whole submission could not be read, with the names at fault for header problems.</summary>
public sealed record InputRejection(RejectionReason Reason, string Message, long? Row = null,
    IReadOnlyList<string>? MissingHeaders = null, IReadOnlyList<string>? UnknownHeaders = null);

/// <summary>The kinds of input the platform cannot read at all (as opposed to rows failing quality rules).</summary>
public enum RejectionReason
{
    /// <summary>Over the size limit.</summary>
    TooLarge,
    /// <summary>Not a file of the declared format (e.g. not a zip for .xlsx, no worksheet).</summary>
    Unreadable,
    /// <summary>Bytes that are not valid in the declared or detected encoding.</summary>
    InvalidEncoding,
    /// <summary>Headers do not match the entry's data items (missing, unknown or repeated names).</summary>
    HeaderMismatch,
    /// <summary>A CSV quoted field that never closes or is followed by stray characters.</summary>
    UnbalancedQuotes,
    /// <summary>A record or line longer than the limit (often an unclosed quote swallowing the rest).</summary>
    RecordTooLarge,
    /// <summary>An .xlsx whose uncompressed size or compression ratio is over the limit.</summary>
    ZipBomb,
    /// <summary>No header or no rows.</summary>
    Empty,
}

/// <summary>
/// 质量报告: the result of checking one submission against its entry's data items. Downloadable by the submitting
/// department; stored with the version as part of its lineage.
/// </summary>
public sealed record QualityReport
{
    /// <summary>Data rows read (header not counted).</summary>
    public required long RowsTotal { get; init; }
    /// <summary>Rows that passed every rule.</summary>
    public required long RowsPassed { get; init; }
    /// <summary>Rows that failed at least one rule.</summary>
    public required long RowsFailed { get; init; }
    /// <summary>RowsPassed / RowsTotal (0 with no rows).</summary>
    public required double PassRate { get; init; }
    /// <summary>The entry's threshold the decision used (largest accepted failed-row ratio).</summary>
    public required double MaxFailedRowRatio { get; init; }
    /// <summary>Accepted or rejected.</summary>
    public required QualityDecision Decision { get; init; }
    /// <summary>Failures per rule and item, in rule order then item order.</summary>
    public required IReadOnlyList<RuleCount> Counts { get; init; }
    /// <summary>The first examples of each failure (rule and item), in row order within each.</summary>
    public required IReadOnlyList<QualityExample> Examples { get; init; }
    /// <summary>Set when the input itself could not be read; the decision is then Rejected.</summary>
    public InputRejection? Rejection { get; init; }

    /// <summary>Total failures of one rule over all items.</summary>
    public long CountOf(QualityRule rule) => Counts.Where(c => c.Rule == rule).Sum(c => c.Count);
}
