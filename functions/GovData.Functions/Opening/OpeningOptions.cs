namespace GovData.Functions.Opening;

/// <summary>Open-data settings; section <c>Opening</c>.</summary>
public sealed class OpeningOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Opening";

    /// <summary>
    /// The platform secret of keyed-hash pseudonyms, base64, at least 32 bytes (a Key Vault reference in Azure). It must never
    /// change for a dataset that is already published, or its pseudonyms change with the next version. Unset: keyed-hash
    /// plans are refused.
    /// </summary>
    public string? PseudonymSecret { get; set; }

    /// <summary>Deliveries of a publish job before it gives up and records why (the queue's maxDequeueCount in host.json).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The secret's bytes, or null when it is unset or unusable (not base64, shorter than 32 bytes).</summary>
    public byte[]? SecretBytes()
    {
        if (string.IsNullOrWhiteSpace(PseudonymSecret)) return null;
        var buffer = new byte[PseudonymSecret.Length];
        return Convert.TryFromBase64String(PseudonymSecret.Trim(), buffer, out var n) && n >= 32 ? buffer[..n] : null;
    }
}
