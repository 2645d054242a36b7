namespace GovData.Functions.Sharing;

/// <summary>Settings of the data calls (query, verification, download); section <c>SharingData</c>.</summary>
public sealed class SharingDataOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "SharingData";

    /// <summary>
    /// The key that signs download links and continuation tokens, base64, at least 32 bytes (a Key Vault reference in Azure).
    /// Every instance must have the same key, or a link issued by one is refused by another. Unset: a random key per process,
    /// which is enough for one instance and for tests.
    /// </summary>
    public string? LinkSecret { get; set; }

    /// <summary>How long a download link is valid, in minutes (1 to 60).</summary>
    public int DownloadLinkMinutes { get; set; } = 10;

    /// <summary>Rows per page when the caller does not say.</summary>
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>The most rows one page may carry.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>The longest record of a curated file the reader accepts, in bytes.</summary>
    public int MaxRecordBytes { get; set; } = 1 << 20;

    /// <summary>The key's bytes, or null when it is unset or unusable (not base64, shorter than 32 bytes).</summary>
    public byte[]? SecretBytes()
    {
        if (string.IsNullOrWhiteSpace(LinkSecret)) return null;
        var buffer = new byte[LinkSecret.Length];
        return Convert.TryFromBase64String(LinkSecret.Trim(), buffer, out var n) && n >= 32 ? buffer[..n] : null;
    }
}
