using System.Text;
using GovData.Domain;
using GovData.Domain.Opening;
using Sylvan.Data.Csv;

namespace GovData.Functions.Opening;

/// <summary>The result of scanning a file that is about to be published.</summary>
public sealed record PublishScanResult(long Rows, IReadOnlyList<ScanFinding> Findings, long FindingCount, IReadOnlyList<ValidationError> Errors)
{
    /// <summary>Whether the file may be published: readable and nothing found.</summary>
    public bool IsClean => FindingCount == 0 && Errors.Count == 0;
}

/// <summary>
/// The pre-publish scanner over a whole CSV file: every value of every column except <c>allowedColumns</c>. The publish
/// job runs it on the final file as well as inline during the transform, so a file produced any other way is checked too.
/// </summary>
public static class PublishFileScan
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Scans <paramref name="csv"/> (UTF-8, header first).</summary>
    public static async Task<PublishScanResult> ScanCsvAsync(Stream csv, IReadOnlySet<string> allowedColumns, int maxFindings = 100, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(allowedColumns);
        var scanner = new PublishScanner(maxFindings);
        long rows = 0;
        try
        {
            using var text = new StreamReader(csv, StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
            await using var reader = await CsvDataReader.CreateAsync(text, new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',', MaxBufferSize = 4 * 1024 * 1024 }, ct);
            var names = new string[reader.FieldCount];
            var scan = new bool[names.Length];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = reader.GetName(i).Trim();
                scan[i] = !allowedColumns.Contains(names[i]);
            }
            while (await reader.ReadAsync(ct))
            {
                rows++;
                // Every field of the row, including any beyond the header: nothing in the file goes unscanned.
                for (var i = 0; i < reader.RowFieldCount; i++)
                    if (i >= names.Length || scan[i]) scanner.Scan(rows, i < names.Length ? names[i] : $"#{i + 1}", reader.GetFieldSpan(i));
            }
            return new PublishScanResult(rows, scanner.Findings, scanner.FindingCount, []);
        }
        catch (Exception e) when (e is DecoderFallbackException or CsvRecordTooLargeException or CsvMissingHeadersException)
        {
            return new PublishScanResult(rows, scanner.Findings, scanner.FindingCount, [new("file", $"cannot be read near data row {rows + 1}: {e.GetType().Name}")]);
        }
    }
}
