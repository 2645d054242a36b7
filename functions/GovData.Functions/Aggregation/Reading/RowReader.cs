using GovData.Domain.Aggregation;

namespace GovData.Functions.Aggregation.Reading;

/// <summary>
/// A forward-only source of submitted rows in the entry's item order. Throws <see cref="SubmissionRejectedException"/>
/// when the input cannot be read on; a single broken row sets <see cref="MalformedReason"/> instead.
/// </summary>
internal abstract class RowReader : IRowValues, IDisposable
{
    /// <summary>Moves to the next row; false at the end.</summary>
    public abstract bool Read();

    /// <summary>The current row's number as the department sees it (header = row 1; the line for JSON Lines).</summary>
    public abstract long RowNumber { get; }

    /// <summary>Why the current row cannot be checked value by value, or null.</summary>
    public string? MalformedReason { get; protected set; }

    /// <summary>Bytes of the source consumed so far, and the total if known, for the progress estimate.</summary>
    public abstract (long Read, long? Total) Position { get; }

    /// <inheritdoc />
    public abstract ReadOnlySpan<char> this[int itemIndex] { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the underlying readers.</summary>
    protected virtual void Dispose(bool disposing) { }
}
