using System.Globalization;
using System.Threading.RateLimiting;
using GovData.Functions.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace GovData.Functions.RateLimiting;

/// <summary>Request budgets; section <c>RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "RateLimits";
    /// <summary>Requests a signed-in user may make per window.</summary>
    public int PerUser { get; set; } = 1200;
    /// <summary>Requests an anonymous client (by address) may make per window, on the public endpoints.</summary>
    public int PerAnonymousClient { get; set; } = 120;
    /// <summary>The window length.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>
    /// The proxies whose <c>X-Forwarded-For</c> is believed, as addresses or CIDR networks separated by commas: by default
    /// loopback, where the Functions host hands requests to the worker; empty to believe none. A request from any other
    /// address is keyed on that address, whatever it forwards.
    /// </summary>
    public string TrustedProxies { get; set; } = "127.0.0.1/8, ::1/128";
}

/// <summary>The address of the client behind the trusted proxies (the Functions host, and any configured in front of it).</summary>
public sealed class ClientAddress
{
    private readonly IReadOnlyList<System.Net.IPNetwork> _trusted;

    /// <summary>Reads <see cref="RateLimitOptions.TrustedProxies"/>; an entry that is not an address or network stops the start.</summary>
    public ClientAddress(RateLimitOptions options)
    {
        _trusted = options.TrustedProxies.Split(',').Where(t => !string.IsNullOrWhiteSpace(t)).Select(t =>
        {
            var text = t.Trim();
            if (System.Net.IPNetwork.TryParse(text, out var network)) return network;
            if (System.Net.IPAddress.TryParse(text, out var address)) return new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            throw new InvalidOperationException($"RateLimits:TrustedProxies: '{text}' is not an IP address or CIDR network");
        }).ToList();
    }

    /// <summary>
    /// The socket's address, or, when that is a trusted proxy, the right-most address of <c>X-Forwarded-For</c> that is not
    /// itself a trusted proxy (each proxy appends the address it was called from; only the trusted ones' entries are believed).
    /// An entry that is not an address ends the walk: the last trusted hop is the client as far as anyone can tell.
    /// </summary>
    public string Of(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is null) return "unknown";
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        if (!IsTrusted(remote)) return remote.ToString();
        var hops = http.Request.Headers["X-Forwarded-For"].SelectMany(v => (v ?? "").Split(',')).Select(h => h.Trim()).Where(h => h.Length > 0).ToList();
        for (var i = hops.Count - 1; i >= 0 && i >= hops.Count - 16; i--)
        {
            if (!System.Net.IPAddress.TryParse(StripPort(hops[i]), out var hop)) break;
            if (hop.IsIPv4MappedToIPv6) hop = hop.MapToIPv4();
            remote = hop;
            if (!IsTrusted(hop)) break;
        }
        return remote.ToString();
    }

    private bool IsTrusted(System.Net.IPAddress address) => _trusted.Any(n => n.Contains(address));

    private static string StripPort(string hop)
    {
        // "1.2.3.4:5678" and "[::1]:5678" as some proxies write them.
        if (hop.StartsWith('[') && hop.IndexOf(']') is var end and > 0) return hop[1..end];
        return hop.Count(c => c == ':') == 1 ? hop[..hop.IndexOf(':')] : hop;
    }
}

/// <summary>
/// Rate limits per client: per user id for token holders, per client address for anonymous callers (the public open-data
/// portal), read through the trusted proxies' <c>X-Forwarded-For</c> (<see cref="ClientAddress"/>). A refused request gets 429 problem+json with Retry-After.
/// </summary>
public static class RateLimitingExtensions
{
    /// <summary>Adds the global limiter.</summary>
    public static IServiceCollection AddGovDataRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var o = configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName));
        var clients = new ClientAddress(o);
        services.AddSingleton(clients);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var user = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(GovDataClaims.Subject)?.Value : null;
                var key = user is not null ? "user:" + user : "ip:" + clients.Of(context);
                var permits = user is not null ? o.PerUser : o.PerAnonymousClient;
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = o.Window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                await Rejected(ctx.HttpContext, ctx.Lease, o).ExecuteAsync(ctx.HttpContext);
            };
        });
        return services;
    }

    /// <summary>The 429 answer for a refused <paramref name="lease"/>: problem+json with Retry-After.</summary>
    public static IResult Rejected(HttpContext http, RateLimitLease lease, RateLimitOptions o)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : o.Window;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, type: Errors.Problems.TypeOf("rate-limited"), title: "Too many requests",
            detail: $"This client may make {(http.User.Identity?.IsAuthenticated == true ? o.PerUser : o.PerAnonymousClient)} requests per {o.Window.TotalSeconds:0} s; retry after the Retry-After seconds.");
    }
}
