namespace GovData.Functions.Sharing;

/// <summary>One page of an API query: rows of the current curated version with only the requested items, and the token of the next page.</summary>
public sealed record DataQueryPage(string EntryId, string EntryCode, int Version, IReadOnlyList<string> Items, int Count, IReadOnlyList<Dictionary<string, string>> Rows,
    string? ContinuationToken);

/// <summary>The answer of verification (比对验证): whether a record with the compared values exists, nothing else.</summary>
public sealed record DataVerification(string EntryId, int Version, IReadOnlyList<string> Items, bool Match);

/// <summary>A download link: valid until <see cref="ExpiresAt"/>, for its holder only.</summary>
public sealed record DownloadLinkView(string Url, DateTimeOffset ExpiresAt, string EntryId, int Version, IReadOnlyList<string> Items);

/// <summary>A CSV file to stream: its name and how to write it (after the use was checked and audited).</summary>
public sealed record DataFile(string FileName, Func<Stream, Task> WriteAsync);

/// <summary>What a download came to: the file, a refusal, or a link that expired at <see cref="ExpiredAt"/> (410).</summary>
public sealed record DataDownload(SharingAnswer<DataFile>? Answer, DateTimeOffset? ExpiredAt = null)
{
    /// <summary>A refusal answers a download too.</summary>
    public static implicit operator DataDownload(SharingRefusal refusal) => new((SharingAnswer<DataFile>)refusal);
}
