namespace GovData.Domain.Aggregation;

/// <summary>One row's values in the entry's data item order, as spans over the reader's buffer (valid until the next row).</summary>
public interface IRowValues
{
    /// <summary>The value of the item at <paramref name="itemIndex"/> (empty when absent).</summary>
    ReadOnlySpan<char> this[int itemIndex] { get; }
}
