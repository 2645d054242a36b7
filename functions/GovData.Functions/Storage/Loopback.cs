using System.Net;

namespace GovData.Functions.Storage;

/// <summary>
/// Guards the emulator-only shortcuts: account keys and self-signed certificates are accepted
/// only for endpoints on this machine, so a misconfiguration can never send a key to a real account.
/// </summary>
public static class Loopback
{
    /// <summary>True when <paramref name="uri"/> points at this machine.</summary>
    public static bool IsLoopback(Uri? uri)
    {
        if (uri is null) return false;
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>Throws when a key is configured for a non-loopback endpoint.</summary>
    public static void RequireLoopbackForKey(Uri? endpoint, string? key, string setting)
    {
        if (!string.IsNullOrEmpty(key) && !IsLoopback(endpoint))
            throw new InvalidOperationException(
                $"{setting} is set for {endpoint}: keys are accepted only for loopback emulator endpoints; use managed identity in Azure.");
    }
}
