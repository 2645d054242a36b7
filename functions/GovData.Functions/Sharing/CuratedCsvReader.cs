using System.Buffers;
using System.Text;

namespace GovData.Functions.Sharing;

/// <summary>
/// Reads the records of a curated data.csv (UTF-8, RFC 4180, '\n' line ends, as aggregation writes it) from any record
/// boundary, keeping only one buffer (grown up to a limit for one long record) and knowing the exact byte offset where
/// the next record starts, so a page can resume there with a ranged read instead of reading the file from its start.
/// Splitting on bytes is safe because the UTF-8 bytes of '"', ',' and '\n' never occur inside a multi-byte character.
/// </summary>
public sealed class CuratedCsvReader : IDisposable
{
    private readonly Stream stream;
    private readonly int maxRecordBytes;
    private readonly List<(int Start, int Length)> fields = new(16);
    private byte[] buffer;
    private long bufferOffset;
    private int start;
    private int end;
    private bool eof;

    /// <summary>Reads from <paramref name="stream"/>, which starts at byte <paramref name="offset"/> of the file.</summary>
    public CuratedCsvReader(Stream stream, long offset, int maxRecordBytes)
    {
        this.stream = stream;
        this.maxRecordBytes = maxRecordBytes;
        bufferOffset = offset;
        buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    }

    /// <summary>The number of fields of the current record.</summary>
    public int FieldCount => fields.Count;

    /// <summary>The byte offset (in the whole file) where the next record starts.</summary>
    public long NextOffset => bufferOffset + start;

    /// <summary>Moves to the next record; false at the end of the file. Blank lines are skipped.</summary>
    public async ValueTask<bool> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            if (TrySplit(final: false) || (eof && start < end && TrySplit(final: true)))
            {
                if (fields.Count == 1 && fields[0].Length == 0) continue;
                return true;
            }
            if (eof) return false;
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                bufferOffset += start;
                end -= start;
                start = 0;
            }
            if (end == buffer.Length)
            {
                if (buffer.Length >= maxRecordBytes) throw new InvalidDataException($"a record at byte {bufferOffset} is longer than {maxRecordBytes} bytes");
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxRecordBytes));
                Buffer.BlockCopy(buffer, 0, bigger, 0, end);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = bigger;
            }
            var n = await stream.ReadAsync(buffer.AsMemory(end), ct);
            if (n == 0) eof = true;
            else end += n;
        }
    }

    /// <summary>The raw bytes of field <paramref name="i"/> as stored (quoted where the writer quoted it), empty when the record is short.</summary>
    public ReadOnlySpan<byte> Raw(int i) => i < fields.Count ? buffer.AsSpan(fields[i].Start, fields[i].Length) : [];

    /// <summary>The value of field <paramref name="i"/>, unquoted.</summary>
    public string Value(int i)
    {
        var raw = Raw(i);
        if (raw.Length >= 2 && raw[0] == (byte)'"' && raw[^1] == (byte)'"')
            return Encoding.UTF8.GetString(raw[1..^1]).Replace("\"\"", "\"", StringComparison.Ordinal);
        return Encoding.UTF8.GetString(raw);
    }

    private bool TrySplit(bool final)
    {
        fields.Clear();
        var quoted = false;
        var fieldStart = start;
        for (var i = start; i < end; i++)
        {
            var b = buffer[i];
            if (b == (byte)'"') quoted = !quoted;
            else if (quoted) continue;
            else if (b == (byte)',') { fields.Add((fieldStart, i - fieldStart)); fieldStart = i + 1; }
            else if (b == (byte)'\n')
            {
                var length = i - fieldStart;
                if (length > 0 && buffer[i - 1] == (byte)'\r') length--;
                fields.Add((fieldStart, length));
                start = i + 1;
                return true;
            }
        }
        if (!final) return false;
        fields.Add((fieldStart, end - fieldStart));
        start = end;
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(buffer);
        stream.Dispose();
    }
}
