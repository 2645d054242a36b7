using System.Buffers;
using System.Text;
using GovData.Domain.Aggregation;
using GovData.Domain.Catalog;

namespace GovData.Functions.Aggregation;

/// <summary>
/// Writes passing rows as the version's canonical form: UTF-8 CSV without BOM, columns in the entry's item order,
/// RFC 4180 quoting, typed values trimmed, dates as yyyy-MM-dd and booleans as true/false whatever the source wrote.
/// </summary>
internal sealed class NormalizedCsvWriter : IDisposable
{
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");
    private readonly Writer writer;
    private readonly IReadOnlyList<ItemCheck> checks;

    public NormalizedCsvWriter(Stream output, IReadOnlyList<ItemCheck> checks)
    {
        writer = new Writer(output);
        this.checks = checks;
        for (var i = 0; i < checks.Count; i++)
        {
            if (i > 0) writer.Write(',');
            WriteField(checks[i].Item.Name);
        }
        writer.Write('\n');
    }

    public long Rows { get; private set; }

    public void WriteRow<TRow>(TRow row) where TRow : IRowValues, allows ref struct
    {
        Span<char> scratch = stackalloc char[10];
        for (var i = 0; i < checks.Count; i++)
        {
            if (i > 0) writer.Write(',');
            var check = checks[i];
            var value = check.Normalize(row[i]);
            switch (check.Item.Type)
            {
                case DataItemType.Date when check.Item.Format is not (null or "yyyy-MM-dd") && ValueChecks.TryParseDate(value, check.Item.Format, out var date):
                    date.TryFormat(scratch, out var n, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                    writer.Write(scratch[..n]);
                    break;
                case DataItemType.Boolean when ValueChecks.TryParseBoolean(value, out var b):
                    writer.Write(b ? "true" : "false");
                    break;
                default:
                    WriteField(value);
                    break;
            }
        }
        writer.Write('\n');
        Rows++;
    }

    public void Flush() => writer.Flush();

    private void WriteField(ReadOnlySpan<char> value)
    {
        if (!value.ContainsAny(NeedsQuotes))
        {
            writer.Write(value);
            return;
        }
        writer.Write('"');
        while (true)
        {
            var quote = value.IndexOf('"');
            if (quote < 0) { writer.Write(value); break; }
            writer.Write(value[..(quote + 1)]);
            writer.Write('"');
            value = value[(quote + 1)..];
        }
        writer.Write('"');
    }

    public void Dispose() => writer.Flush();

    // A StreamWriter call per field costs more than the checks; this copies spans into one char buffer and encodes it in bulk.
    private sealed class Writer(Stream output)
    {
        private readonly char[] chars = new char[1 << 15];
        private readonly byte[] bytes = new byte[Encoding.UTF8.GetMaxByteCount(1 << 15)];
        private int used;

        public void Write(char c)
        {
            if (used == chars.Length) Flush();
            chars[used++] = c;
        }

        public void Write(ReadOnlySpan<char> value)
        {
            while (value.Length > chars.Length - used)
            {
                var part = chars.Length - used;
                // Never split a surrogate pair across two encodings.
                if (part > 0 && char.IsHighSurrogate(value[part - 1])) part--;
                value[..part].CopyTo(chars.AsSpan(used));
                used += part;
                value = value[part..];
                Flush();
            }
            value.CopyTo(chars.AsSpan(used));
            used += value.Length;
        }

        public void Flush()
        {
            if (used == 0) { output.Flush(); return; }
            var n = Encoding.UTF8.GetBytes(chars.AsSpan(0, used), bytes);
            output.Write(bytes, 0, n);
            used = 0;
        }
    }
}
