namespace GovData.Functions.Http;

/// <summary>
/// Response header values must be ASCII: Kestrel refuses anything else and the client gets a 500 after the handler already
/// reported success (TestServer does not enforce it, so the tests would not see it). Text that must travel in a header goes
/// RFC 8187 encoded (<c>UTF-8''…</c>); everything else goes in the body.
/// </summary>
public static class HeaderValues
{
    /// <summary>True when every character is visible ASCII or a space (what a header value may hold).</summary>
    public static bool IsAscii(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in value)
            if (c is < ' ' or > '~') return false;
        return true;
    }

    /// <summary>The value, checked: throws <see cref="InvalidOperationException"/> naming the header when it is not ASCII, before anything is sent.</summary>
    public static string Ascii(string name, string value) =>
        IsAscii(value) ? value : throw new InvalidOperationException($"response header {name} would carry non-ASCII text; encode it (RFC 8187) or send it in the body");

    /// <summary>UTF-8 text as an RFC 8187 ext-value (<c>UTF-8''</c> and percent-encoded bytes).</summary>
    public static string Rfc8187(string text) => "UTF-8''" + Uri.EscapeDataString(text);
}
