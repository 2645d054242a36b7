using System.Net;
using System.Net.Sockets;

namespace GovData.Domain.Sharing.Callbacks;

/// <summary>
/// Which callback URLs a department may register and which addresses the platform may deliver to (issue 7): absolute https,
/// no user info, and no address inside the platform's own networks (loopback, private, link-local with the cloud metadata
/// endpoint, CGNAT, unspecified, multicast, IPv6 unique-local and link-local, and IPv4 hidden in IPv6). A callback is a
/// request the platform makes on a department's behalf, so an address that reaches inside would let a department probe or
/// call internal services (SSRF). Loopback plain http is allowed only when <c>allowLoopback</c> (Development), so local
/// receivers and tests work.
/// </summary>
public static class CallbackAddressPolicy
{
    /// <summary>The longest URL accepted.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>Checks the form of <paramref name="url"/> and the host when it is an address literal; DNS names are checked by the caller after resolving.</summary>
    public static IReadOnlyList<ValidationError> CheckUrl(string? url, bool allowLoopback, out Uri? uri, string field = "url")
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url)) return [new(field, "is required")];
        if (url.Length > MaxUrlLength) return [new(field, $"must be at most {MaxUrlLength} characters")];
        if (url.Any(char.IsControl) || url.Any(char.IsWhiteSpace)) return [new(field, "must not contain spaces or control characters")];
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.IsFile || parsed.IsUnc) return [new(field, "must be an absolute https URL")];
        if (!string.IsNullOrEmpty(parsed.UserInfo)) return [new(field, "must not carry a user name or password")];
        if (!string.IsNullOrEmpty(parsed.Fragment)) return [new(field, "must not have a fragment")];
        var loopbackHost = IsLoopbackName(parsed.IdnHost) || (IPAddress.TryParse(parsed.IdnHost.Trim('[', ']'), out var lit) && IsLoopback(Unwrap(lit)));
        if (parsed.Scheme != Uri.UriSchemeHttps && !(allowLoopback && parsed.Scheme == Uri.UriSchemeHttp && loopbackHost))
            return [new(field, allowLoopback ? "must be https (plain http only to localhost in Development)" : "must be https")];
        if (string.IsNullOrEmpty(parsed.IdnHost)) return [new(field, "must name a host")];
        if (IsLoopbackName(parsed.IdnHost))
        {
            if (!allowLoopback) return [new(field, "must not point at localhost")];
        }
        else if (IPAddress.TryParse(parsed.IdnHost.Trim('[', ']'), out var address) && CheckAddress(address, allowLoopback) is { } reason)
            return [new(field, $"host {parsed.IdnHost} {reason}")];
        else if (!parsed.IdnHost.Contains('.') && !IPAddress.TryParse(parsed.IdnHost.Trim('[', ']'), out _))
            // A single-label name resolves through the platform's own search domains to an internal host.
            return [new(field, "must be a fully qualified host name")];
        uri = parsed;
        return [];
    }

    /// <summary>Why the platform must not connect to <paramref name="address"/>, or null when it may.</summary>
    public static string? CheckAddress(IPAddress address, bool allowLoopback)
    {
        ArgumentNullException.ThrowIfNull(address);
        var ip = Unwrap(address);
        if (IsLoopback(ip)) return allowLoopback ? null : "is a loopback address";
        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = ip.GetAddressBytes();
            if (b[0] == 0) return "is an unspecified (this-network) address";
            if (b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168)) return "is a private address";
            if (b[0] == 169 && b[1] == 254) return "is a link-local address (including the cloud metadata endpoint)";
            if (b[0] == 100 && (b[1] & 0xC0) == 64) return "is a carrier-grade NAT (shared) address";
            if (b[0] == 192 && b[1] == 0 && b[2] == 0) return "is an IETF protocol assignment address";
            if (b[0] == 198 && (b[1] & 0xFE) == 18) return "is a benchmarking address";
            if (b[0] >= 224 && b[0] <= 239) return "is a multicast address";
            if (b[0] >= 240) return "is a reserved or broadcast address";
            return null;
        }
        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (ip.Equals(IPAddress.IPv6Any)) return "is the unspecified address";
            var b = ip.GetAddressBytes();
            if (ip.IsIPv6Multicast || b[0] == 0xFF) return "is a multicast address";
            if (ip.IsIPv6LinkLocal || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)) return "is a link-local address";
            if (ip.IsIPv6SiteLocal || (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)) return "is a site-local address";
            if ((b[0] & 0xFE) == 0xFC) return "is a unique-local (private) address";
            if (b.Take(12).All(x => x == 0)) return "is an IPv4-compatible address";
            return null;
        }
        return "is not an IP address the platform delivers to";
    }

    /// <summary>True for 127/8, ::1 and their IPv4-mapped forms.</summary>
    public static bool IsLoopback(IPAddress address) => IPAddress.IsLoopback(Unwrap(address));

    /// <summary>True for <c>localhost</c> and names under <c>.localhost</c> (RFC 6761: they always mean this machine).</summary>
    public static bool IsLoopbackName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) IPv6 address, else the address itself.</summary>
    public static IPAddress Unwrap(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b.Skip(4).Take(8).All(x => x == 0))
                return new IPAddress(b[12..]);
        }
        return address;
    }
}
