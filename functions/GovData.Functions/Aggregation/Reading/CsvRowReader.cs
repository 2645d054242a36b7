using GovData.Domain.Aggregation;
using GovData.Domain.Catalog;
using Sylvan.Data.Csv;

namespace GovData.Functions.Aggregation.Reading;

/// <summary>Streams CSV rows with Sylvan, handing out fields as spans over its buffer (no string per field).</summary>
internal sealed class CsvRowReader : RowReader
{
    private readonly CsvDataReader csv;
    private readonly int[] columns;
    private readonly SourceStream source;
    private readonly long? total;
    private long record = 1;

    public CsvRowReader(TextReader text, SourceStream source, long? total, IReadOnlyList<DataItem> items, SubmissionLimits limits)
    {
        this.source = source;
        this.total = total;
        try
        {
            csv = CsvDataReader.Create(text, new CsvDataReaderOptions
            {
                HasHeaders = true,
                Delimiter = ',',
                BufferSize = 1 << 16,
                MaxBufferSize = Math.Max(1 << 16, limits.MaxRecordLength),
                HeaderComparer = StringComparer.Ordinal,
                OwnsReader = true,
            });
        }
        catch (Exception e) when (CsvErrors.Rejection(e, 1) is { } rejection)
        {
            throw new SubmissionRejectedException(rejection);
        }
        if (csv.FieldCount == 0 || (csv.FieldCount == 1 && csv.GetName(0).Trim().Length == 0))
            throw SubmissionRejectedException.Of(RejectionReason.Empty, "the file is empty: no header row");
        if (csv.FieldCount > limits.MaxColumns)
            throw SubmissionRejectedException.Of(RejectionReason.HeaderMismatch, $"the header has {csv.FieldCount} columns, more than the limit of {limits.MaxColumns}", 1);
        if (Enumerable.Range(0, csv.FieldCount).Any(c => csv.GetName(c).Contains(TextDecoding.Invalid)))
            throw InvalidEncoding(1);
        columns = HeaderMap.Create([.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetName)], items);
    }

    public override long RowNumber => record;

    public override (long Read, long? Total) Position => (source.BytesRead, total);

    public override ReadOnlySpan<char> this[int itemIndex] => csv.GetFieldSpan(columns[itemIndex]);

    public override bool Read()
    {
        while (true)
        {
            bool more;
            try { more = csv.Read(); }
            catch (Exception e) when (CsvErrors.Rejection(e, record + 1) is { } rejection)
            {
                throw new SubmissionRejectedException(rejection);
            }
            if (!more) return false;
            record++;
            if (csv.GetRawRecordSpan().Contains(TextDecoding.Invalid)) throw InvalidEncoding(record);
            var count = csv.RowFieldCount;
            // A blank line (often the last one) is not a row.
            if (count <= 1 && csv.GetFieldSpan(0).IsWhiteSpace() && csv.FieldCount > 1) { record--; continue; }
            MalformedReason = count == csv.FieldCount ? null : $"has {count} fields, the header has {csv.FieldCount}";
            return true;
        }
    }

    private static SubmissionRejectedException InvalidEncoding(long row) => SubmissionRejectedException.Of(RejectionReason.InvalidEncoding,
        $"row {row} has bytes that are not valid in the file's encoding; declare the encoding (UTF-8 or GB18030/GBK) or re-save the file as one of them", row);

    protected override void Dispose(bool disposing)
    {
        if (disposing) csv.Dispose();
    }
}

/// <summary>Maps the CSV and decoding failures to rejections.</summary>
internal static class CsvErrors
{
    public static InputRejection? Rejection(Exception e, long row) => e switch
    {
        SubmissionRejectedException r => r.Rejection,
        CsvMissingHeadersException => new InputRejection(RejectionReason.Empty, "the file is empty: no header row"),
        CsvRecordTooLargeException => new InputRejection(RejectionReason.RecordTooLarge,
            $"a record starting near row {row} is longer than the limit; usually a quote that is never closed", row),
        CsvFormatException => new InputRejection(RejectionReason.UnbalancedQuotes,
            $"row {row} has a quoted field that is not closed, or characters after its closing quote", row),
        System.Text.DecoderFallbackException => new InputRejection(RejectionReason.InvalidEncoding,
            $"bytes at or after row {row} are not valid in the file's encoding; declare the encoding (UTF-8 or GB18030/GBK) or re-save the file", row),
        _ => null,
    };
}
