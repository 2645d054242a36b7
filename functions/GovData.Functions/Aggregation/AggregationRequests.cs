using System.Text.Json;
using GovData.Domain.Aggregation;

namespace GovData.Functions.Aggregation;

/// <summary>Asks for an upload link: the file's name (for the department's records and to infer the format), format and encoding.</summary>
public sealed record UploadRequest(string? FileName = null, SubmissionFormat? Format = null, SubmissionEncoding? Encoding = null, long? Length = null);

/// <summary>A pushed batch: JSON objects whose property names are the entry's data item names.</summary>
public sealed record BatchRequest(IReadOnlyList<JsonElement> Records);

/// <summary>The department's settings for an entry's submissions.</summary>
public sealed record SettingsRequest(double MaxFailedRowRatio = 0.05, IReadOnlyList<string>? KeyItems = null, int ExamplesPerRule = 10);

/// <summary>Parses what a department declares about a file.</summary>
public static class SubmissionDeclarations
{
    /// <summary>The format named, or inferred from the file name's extension; null when neither says.</summary>
    public static SubmissionFormat? Format(string? declared, string? fileName)
    {
        if (!string.IsNullOrWhiteSpace(declared))
            return declared.Trim().ToLowerInvariant() switch
            {
                "csv" => SubmissionFormat.Csv,
                "xlsx" => SubmissionFormat.Xlsx,
                "jsonlines" or "jsonl" or "ndjson" => SubmissionFormat.JsonLines,
                _ => null,
            };
        return Path.GetExtension(fileName ?? "").ToLowerInvariant() switch
        {
            ".csv" or ".txt" => SubmissionFormat.Csv,
            ".xlsx" => SubmissionFormat.Xlsx,
            ".jsonl" or ".ndjson" => SubmissionFormat.JsonLines,
            _ => null,
        };
    }

    /// <summary>The encoding named (Detect when empty); null for an unknown name.</summary>
    public static SubmissionEncoding? Encoding(string? declared) => (declared ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "detect" => SubmissionEncoding.Detect,
        "utf8" or "utf-8" => SubmissionEncoding.Utf8,
        "gb18030" or "gbk" or "gb2312" => SubmissionEncoding.Gb18030,
        _ => null,
    };

    /// <summary>A file name kept for the department's records: the last path segment, at most 200 characters, no control characters.</summary>
    public static string? FileName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var last = name.Replace('\\', '/').Split('/')[^1];
        var clean = new string(last.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length == 0 ? null : clean.Length > 200 ? clean[..200] : clean;
    }

    /// <summary>True for a batch id a system may choose: 1-64 letters, digits, '.', '_' or '-'.</summary>
    public static bool IsBatchId(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}

/// <summary>The status of a submission as its department sees it at the status URL.</summary>
public sealed record SubmissionView(
    string Id, string EntryId, string EntryCode, int CatalogVersion, SubmissionChannel Channel, SubmissionFormat Format, string? FileName, string? BatchId,
    SubmissionState State, DateTimeOffset CreatedAt, string SubmittedBy, SubmissionProgressView? Progress, int Attempts, string? LastError, string? FailureReason,
    DateTimeOffset? CompletedAt, string? SourceBlob, string? SourceSha256, long? SourceBytes, string? Encoding, long? RowsRead, long? RowsAccepted, long? RowsRejected,
    QualityDecision? Decision, InputRejection? Rejection, int? Version, bool? OnTime, string StatusUrl, string? ReportUrl)
{
    /// <summary>The view of a stored submission.</summary>
    public static SubmissionView Of(SubmissionDocument d) => new(
        d.Id, d.EntryId, d.EntryCode, d.CatalogVersion, d.Channel, d.Format, d.FileName, d.BatchId, d.State, d.CreatedAt, d.SubmittedBy, d.Progress, d.Attempts,
        d.LastError, d.FailureReason, d.CompletedAt, "incoming/" + d.SourceBlob, d.SourceSha256, d.SourceBytes, d.DetectedEncoding, d.RowsRead, d.RowsAccepted,
        d.RowsRejected, d.Decision, d.Rejection, d.Version, d.OnTime, UrlOf(d.Id), d.ReportBlob is null ? null : UrlOf(d.Id) + "/report");

    /// <summary>The status URL of a submission.</summary>
    public static string UrlOf(string id) => "/api/aggregation/submissions/" + id;
}
