using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using GovData.Domain.Aggregation;
using GovData.Domain.Catalog;

namespace GovData.Functions.Aggregation.Reading;

/// <summary>
/// Streams JSON Lines: one object per line, read with a Utf8JsonReader over a pooled line buffer. Property names must be
/// data item names (an unknown name rejects the file like an unknown CSV header); an absent property is an empty value.
/// </summary>
internal sealed class JsonLinesRowReader : RowReader
{
    private readonly SourceStream source;
    private readonly long? total;
    private readonly IReadOnlyList<DataItem> items;
    private readonly byte[][] names;
    private readonly int maxLine;
    private byte[] buffer = new byte[1 << 16];
    private int start, end;
    private bool eof;
    private char[] chars = new char[1 << 12];
    private readonly (int Start, int Length)[] values;
    private long line;

    public JsonLinesRowReader(SourceStream source, long? total, IReadOnlyList<DataItem> items, SubmissionLimits limits)
    {
        this.source = source;
        this.total = total;
        this.items = items;
        names = [.. items.Select(i => Encoding.UTF8.GetBytes(i.Name))];
        values = new (int, int)[items.Count];
        maxLine = limits.MaxRecordLength;
    }

    public override long RowNumber => line;

    public override (long Read, long? Total) Position => (source.BytesRead, total);

    public override ReadOnlySpan<char> this[int itemIndex] => chars.AsSpan(values[itemIndex].Start, values[itemIndex].Length);

    public override bool Read()
    {
        while (NextLine(out var bytes))
        {
            if (line == 1 && bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
            if (bytes.Length > 0 && bytes[^1] == '\r') bytes = bytes[..^1];
            if (bytes.Trim((ReadOnlySpan<byte>)" \t"u8).IsEmpty) continue;
            if (!Utf8.IsValid(bytes))
                throw SubmissionRejectedException.Of(RejectionReason.InvalidEncoding, $"line {line} is not valid UTF-8; JSON Lines must be UTF-8 (RFC 8259)", line);
            Array.Clear(values);
            MalformedReason = Parse(bytes);
            return true;
        }
        return false;
    }

    private string? Parse(ReadOnlySpan<byte> bytes)
    {
        var used = 0;
        if (chars.Length < bytes.Length) chars = new char[bytes.Length]; // UTF-8 never yields more chars than bytes
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 4 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return "is not a JSON object";
            var expected = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var index = FindItem(ref reader, expected);
                if (index < 0)
                {
                    var name = reader.GetString() ?? string.Empty;
                    throw new SubmissionRejectedException(new InputRejection(RejectionReason.HeaderMismatch,
                        $"line {line} has the property '{name}', which is not a data item of the entry", line, UnknownHeaders: [name]));
                }
                expected = index + 1;
                reader.Read();
                var target = chars.AsSpan(used);
                int written;
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        written = reader.ValueIsEscaped ? reader.CopyString(target) : Encoding.UTF8.GetChars(reader.ValueSpan, target);
                        break;
                    case JsonTokenType.Number:
                        written = Encoding.UTF8.GetChars(reader.ValueSpan, target);
                        break;
                    case JsonTokenType.True:
                        "true".CopyTo(target); written = 4;
                        break;
                    case JsonTokenType.False:
                        "false".CopyTo(target); written = 5;
                        break;
                    case JsonTokenType.Null:
                        written = 0;
                        break;
                    default:
                        return $"'{items[index].Name}' is an object or array, not a value";
                }
                values[index] = (used, written);
                used += written;
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return "has something after the JSON object";
            return null;
        }
        catch (JsonException e)
        {
            return $"is not valid JSON ({e.Message.Split('.')[0]})";
        }
    }

    // Departments usually write the properties in item order, so the next item is tried first.
    private int FindItem(ref Utf8JsonReader reader, int expected)
    {
        if (!reader.ValueIsEscaped)
        {
            var name = reader.ValueSpan;
            if (expected < names.Length && name.SequenceEqual(names[expected])) return expected;
            for (var i = 0; i < names.Length; i++) if (name.SequenceEqual(names[i])) return i;
            return -1;
        }
        for (var i = 0; i < names.Length; i++) if (reader.ValueTextEquals(names[i])) return i;
        return -1;
    }

    private bool NextLine(out ReadOnlySpan<byte> bytes)
    {
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                bytes = buffer.AsSpan(start, newline);
                start += newline + 1;
                line++;
                return true;
            }
            if (eof)
            {
                bytes = buffer.AsSpan(start, end - start);
                if (bytes.IsEmpty) return false;
                start = end;
                line++;
                return true;
            }
            if (end - start > maxLine)
                throw SubmissionRejectedException.Of(RejectionReason.RecordTooLarge, $"line {line + 1} is longer than the limit of {maxLine:N0} bytes", line + 1);
            Fill();
        }
    }

    private void Fill()
    {
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
        }
        if (end == buffer.Length) Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxLine + 2));
        var n = source.Read(buffer, end, buffer.Length - end);
        if (n == 0) eof = true;
        end += n;
    }
}
