using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Sharing;

/// <summary>
/// Opaque tokens the platform hands out and takes back (download links, continuation tokens): a JSON payload and its
/// HMAC-SHA256, both base64url. The caller can read the payload but not change it, so what a token says (which grant, which
/// user, which columns, which byte offset, until when) is what the platform issued.
/// </summary>
public sealed class SignedTokens
{
    private readonly byte[] key;

    /// <summary>Uses the configured key, or a random one for this process.</summary>
    public SignedTokens(IOptions<SharingDataOptions> options, ILogger<SignedTokens> logger)
    {
        if (options.Value.SecretBytes() is { } configured) key = configured;
        else
        {
            if (!string.IsNullOrWhiteSpace(options.Value.LinkSecret))
                logger.LogWarning("SharingData:LinkSecret is not base64 of at least 32 bytes; a random key is used, and links work only on this instance");
            key = RandomNumberGenerator.GetBytes(32);
        }
    }

    /// <summary>Signs <paramref name="payload"/> for <paramref name="kind"/> (a token of one kind is never accepted as another).</summary>
    public string Sign<T>(string kind, T payload)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload);
        return Base64Url(body) + "." + Base64Url(Mac(kind, body));
    }

    /// <summary>The payload of a token this platform signed for <paramref name="kind"/>, or null for anything else.</summary>
    public T? Verify<T>(string kind, string? token) where T : class
    {
        if (token is not { Length: > 0 and <= 8192 }) return null;
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0) return null;
        var body = FromBase64Url(token.AsSpan(0, dot));
        var mac = FromBase64Url(token.AsSpan(dot + 1));
        if (body is null || mac is null || !CryptographicOperations.FixedTimeEquals(mac, Mac(kind, body))) return null;
        try { return JsonSerializer.Deserialize<T>(body); }
        catch (JsonException) { return null; }
    }

    private byte[] Mac(string kind, byte[] body)
    {
        var input = new byte[Encoding.UTF8.GetByteCount(kind) + 1 + body.Length];
        var n = Encoding.UTF8.GetBytes(kind, input);
        input[n] = 0;
        body.CopyTo(input, n + 1);
        return HMACSHA256.HashData(key, input);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return null;
        var s = text.ToString().Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
        var buffer = new byte[s.Length];
        return Convert.TryFromBase64String(s, buffer, out var n) ? buffer[..n] : null;
    }
}
