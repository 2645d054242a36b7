using System.Buffers;
using System.Text;

namespace GovData.Functions.Opening;

/// <summary>Writes RFC 4180 CSV (UTF-8, CRLF, quotes only where needed) straight from spans into a byte buffer.</summary>
internal sealed class CsvRowWriter(IBufferWriter<byte> output)
{
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");
    private bool _rowStarted;

    /// <summary>The UTF-8 byte order mark, so spreadsheet programs read Chinese text as UTF-8.</summary>
    public void WriteByteOrderMark() => Write("\uFEFF");

    /// <summary>Writes one field of the current row.</summary>
    public void WriteField(ReadOnlySpan<char> value)
    {
        if (_rowStarted) WriteByte((byte)',');
        _rowStarted = true;
        if (value.IndexOfAny(NeedsQuotes) < 0)
        {
            Write(value);
            return;
        }
        WriteByte((byte)'"');
        while (true)
        {
            var quote = value.IndexOf('"');
            if (quote < 0) break;
            Write(value[..(quote + 1)]);
            WriteByte((byte)'"'); // a quote inside a field is doubled
            value = value[(quote + 1)..];
        }
        Write(value);
        WriteByte((byte)'"');
    }

    /// <summary>Ends the current row.</summary>
    public void EndRow()
    {
        var span = output.GetSpan(2);
        span[0] = (byte)'\r';
        span[1] = (byte)'\n';
        output.Advance(2);
        _rowStarted = false;
    }

    private void Write(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return;
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private void WriteByte(byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }
}
