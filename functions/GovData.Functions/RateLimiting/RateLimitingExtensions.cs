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
                var retryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : o.Window;
                ctx.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var problems = ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = ctx.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Type = Errors.Problems.TypeOf("rate-limited"),
                        Title = "Too many requests",
                        Detail = $"This client may make {(ctx.HttpContext.User.Identity?.IsAuthenticated == true ? o.PerUser : o.PerAnonymousClient)} requests per {o.Window.TotalSeconds:0} s; retry after the Retry-After seconds.",
                    },
                });
            };
        });
        return services;
    }
}
