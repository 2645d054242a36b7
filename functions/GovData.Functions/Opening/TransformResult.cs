using GovData.Domain;
using GovData.Domain.Opening;

namespace GovData.Functions.Opening;

/// <summary>How a desensitization run ended.</summary>
public enum TransformOutcome
{
    /// <summary>Every row written and the scanner found nothing: the output may go to the security review.</summary>
    Clean,
    /// <summary>The scanner found identifiers in the output: it must not be published (see <see cref="TransformResult.Findings"/>).</summary>
    Refused,
    /// <summary>The input or the plan could not be used (see <see cref="TransformResult.Errors"/>); the output is incomplete.</summary>
    Invalid,
}

/// <summary>
/// The result of one run. Anything but <see cref="TransformOutcome.Clean"/> means the output streams hold a file that
/// must be discarded: the publish job writes to a staging blob and deletes it.
/// </summary>
public sealed record TransformResult(
    TransformOutcome Outcome,
    long Rows,
    IReadOnlyList<string> Columns,
    IReadOnlyList<ValidationError> Errors,
    IReadOnlyList<ScanFinding> Findings,
    long FindingCount)
{
    /// <summary>Whether the output may be published (after the security review).</summary>
    public bool IsClean => Outcome == TransformOutcome.Clean;

    internal static TransformResult Invalid(long rows, IReadOnlyList<ValidationError> errors) =>
        new(TransformOutcome.Invalid, rows, [], errors, [], 0);
}

/// <summary>Options of a run; the defaults are the publishing ones.</summary>
public sealed record TransformOptions
{
    /// <summary>Scan every written value (always on when publishing; off only to measure the masking alone).</summary>
    public bool Scan { get; init; } = true;
    /// <summary>Start the CSV with a UTF-8 byte order mark so spreadsheet programs read the Chinese text correctly.</summary>
    public bool ByteOrderMark { get; init; } = true;
    /// <summary>Findings kept in the result (all are counted).</summary>
    public int MaxFindings { get; init; } = 100;
    /// <summary>Bytes buffered per output before they are written to its stream.</summary>
    public int FlushThreshold { get; init; } = 256 * 1024;
    /// <summary>The longest row accepted, in characters (a longer one makes the run <see cref="TransformOutcome.Invalid"/>).</summary>
    public int MaxRowChars { get; init; } = 4 * 1024 * 1024;
}
