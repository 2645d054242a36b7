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
    private readonly StreamWriter writer;
    private readonly IReadOnlyList<ItemCheck> checks;

    public NormalizedCsvWriter(Stream output, IReadOnlyList<ItemCheck> checks)
    {
        writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
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

    public void Dispose() => writer.Dispose();
}
