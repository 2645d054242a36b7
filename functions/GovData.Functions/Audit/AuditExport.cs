using System.Text;
using GovData.Domain.Audit;

namespace GovData.Functions.Audit;

/// <summary>Writes audit records as CSV (UTF-8 with BOM, RFC 4180) or JSON Lines (one canonical record per line).</summary>
public static class AuditExport
{
    /// <summary>The CSV columns, in order: every field of <see cref="AuditRecord"/>.</summary>
    public static readonly string[] Columns =
    [
        "id", "jurisdiction", "at", "userId", "department", "roles", "action", "resource", "dataOwner", "dataContent", "purpose",
        "approver", "method", "medium", "outcome", "reason", "requestId",
    ];

    /// <summary>The content type of a format (csv or jsonl).</summary>
    public static string ContentType(string format) => format == "csv" ? "text/csv; charset=utf-8" : "application/jsonl; charset=utf-8";

    /// <summary>Streams <paramref name="records"/> to <paramref name="output"/> in <paramref name="format"/>.</summary>
    public static async Task WriteAsync(Stream output, string format, IAsyncEnumerable<AuditRecord> records, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(format == "csv"), 1 << 16, leaveOpen: true);
        if (format == "csv") await writer.WriteAsync(string.Join(",", Columns) + "\r\n");
        await foreach (var r in records.WithCancellation(ct))
            await writer.WriteAsync(format == "csv" ? CsvLine(r) : AuditChain.CanonicalJson(r) + "\n");
        await writer.FlushAsync(ct);
    }

    /// <summary>One CSV line of a record.</summary>
    public static string CsvLine(AuditRecord r) => string.Join(",", new[]
    {
        r.Id, r.Jurisdiction, r.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture), r.UserId, r.Department, r.Roles, r.Action, r.Resource,
        r.DataOwner, r.DataContent, r.Purpose, r.Approver, r.Method, r.Medium, r.Outcome.ToString(), r.Reason, r.RequestId,
    }.Select(Quote)) + "\r\n";

    private static string Quote(string? cell)
    {
        cell ??= "";
        // Audit fields carry user-supplied text: a cell a spreadsheet would run as a formula is written as text.
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r') cell = "'" + cell;
        return cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
    }
}
