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
}

/// <summary>
/// Rate limits per client: per user id for token holders, per remote address for anonymous callers (the public open-data
/// portal). A refused request gets 429 problem+json with Retry-After.
/// </summary>
public static class RateLimitingExtensions
{
    /// <summary>Adds the global limiter.</summary>
    public static IServiceCollection AddGovDataRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var o = configuration.GetSection(RateLimitOptions.SectionName).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.SectionName));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var user = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(GovDataClaims.Subject)?.Value : null;
                var key = user is not null ? "user:" + user : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
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
