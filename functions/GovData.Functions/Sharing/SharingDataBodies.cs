namespace GovData.Functions.Sharing;

/// <summary>Body of the API query (接口访问) on a grant or on Unconditional data.</summary>
public sealed record DataQueryBody
{
    /// <summary>The items (columns) wanted; default: every item the caller may use.</summary>
    public IReadOnlyList<string>? Items { get; init; }
    /// <summary>Equality filters, item name to value; every filtered item must be one the caller may use.</summary>
    public Dictionary<string, string?>? Filters { get; init; }
    /// <summary>For what (must be the grant's purpose under a grant; recorded in the audit log).</summary>
    public string? Purpose { get; init; }
    /// <summary>Rows per page (default 100).</summary>
    public int? Top { get; init; }
    /// <summary>The token of the previous page, to read the next one.</summary>
    public string? ContinuationToken { get; init; }
}

/// <summary>Body of the verification call (比对验证).</summary>
public sealed record VerifyBody
{
    /// <summary>The record's values to check, item name to value.</summary>
    public Dictionary<string, string?>? Values { get; init; }
    /// <summary>For what.</summary>
    public string? Purpose { get; init; }
}

/// <summary>Body of a request for a download link (文件下载).</summary>
public sealed record DownloadLinkBody
{
    /// <summary>The items (columns) of the file; default: every item the caller may use.</summary>
    public IReadOnlyList<string>? Items { get; init; }
    /// <summary>For what.</summary>
    public string? Purpose { get; init; }
}

/// <summary>What a continuation token binds: the same query, caller and version, and where the next record starts.</summary>
public sealed record PageToken(string Scope, string User, int Version, long Offset, string Shape);

/// <summary>What a download link binds: who may fetch which columns of which version, what for, until when.</summary>
public sealed record DownloadToken(string Jurisdiction, string Scope, string User, string Department, int Version, IReadOnlyList<string> Items,
    string Purpose, DateTimeOffset ExpiresAt, string Nonce);
