using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Threading.RateLimiting;
using GovData.Domain.Identity;
using GovData.Functions.Errors;
using GovData.Functions.Identity;
using GovData.Functions.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Hosting.Http;

/// <summary>
/// What every HTTP function gets before its own code runs, the same under the Functions host and the local host: the body
/// limit, the bearer token (every function needs one unless it is <see cref="AnonymousAttribute"/>), the per-client rate
/// limit, the roles of <see cref="RolesAttribute"/>, and any exception turned into problem+json (503 with Retry-After for a
/// store that does not answer, never a 500 with internals).
/// </summary>
public sealed partial class HttpFunctionGate(IOptions<RateLimiterOptions> rateLimits, IOptions<RateLimitOptions> budgets, ILogger<HttpFunctionGate> logger) : IHttpFunctionFilter
{
    /// <summary>The body limit of a function that declares none.</summary>
    public const long DefaultBodyLimit = 256 * 1024;

    private static readonly ConcurrentDictionary<MethodInfo, Policy> Policies = new();

    private sealed record Policy(bool Anonymous, IReadOnlyList<Role> Roles, Func<IServiceProvider, long> BodyLimit, bool Pipeline);

    /// <inheritdoc />
    public async Task<IResult?> InvokeAsync(HttpContext http, MethodInfo function, Func<Task<IResult?>> next)
    {
        var policy = Policies.GetOrAdd(function, Read);
        SecurityHeaders.Apply(http);
        if (policy.Pipeline) return await next();
        try
        {
            RequestBodyLimitMiddleware.Apply(http, policy.BodyLimit(http.RequestServices));
            var authenticated = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
            if (authenticated.Succeeded) http.User = authenticated.Principal;
            else if (!policy.Anonymous) return Unauthorized(http, authenticated.Failure);

            // After authentication, so a token holder is limited as a user and an anonymous caller by address.
            using var lease = rateLimits.Value.GlobalLimiter?.AttemptAcquire(http);
            if (lease is { IsAcquired: false }) return RateLimitingExtensions.Rejected(http, lease, budgets.Value);
            if (!policy.Anonymous && policy.Roles.Count > 0 && !policy.Roles.Any(r => http.User.IsInRole(r.ToString())))
                return Problems.Forbidden($"this operation needs one of the roles {string.Join(", ", policy.Roles)}");
            if (JsonCharset.Check(http.Request) is { } unsupported) return unsupported;
            return await next();
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return Results.StatusCode(499);
        }
        catch (Exception e)
        {
            var problem = GovDataExceptionHandler.Describe(e);
            if (problem.Status == StatusCodes.Status500InternalServerError)
                LogUnhandled(logger, e, http.Request.Method, http.Request.Path);
            else if (problem.Status == StatusCodes.Status503ServiceUnavailable)
                http.Response.Headers.RetryAfter = ((int)GovDataExceptionHandler.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return Results.Problem(problem);
        }
    }

    private static IResult Unauthorized(HttpContext http, Exception? failure)
    {
        http.Response.Headers.WWWAuthenticate = failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, type: Problems.TypeOf("unauthorized"), title: "Unauthorized",
            detail: failure is null ? "This operation needs a bearer token." : "The bearer token is not valid.");
    }

    private static Policy Read(MethodInfo function) => new(
        function.GetCustomAttribute<AnonymousAttribute>() is not null,
        function.GetCustomAttribute<RolesAttribute>()?.Roles ?? [],
        BodyLimitOf(function),
        function.DeclaringType?.GetCustomAttribute<ServedByApiPipelineAttribute>() is not null);

    // The function's body limit: its [BodyLimit] number, the setting it names (read for each request), or the default.
    private static Func<IServiceProvider, long> BodyLimitOf(MethodInfo function)
    {
        var declared = function.GetCustomAttribute<BodyLimitAttribute>();
        if (declared?.Options is not { } type)
        {
            var bytes = declared?.Bytes ?? DefaultBodyLimit;
            return _ => bytes;
        }
        var options = typeof(IOptions<>).MakeGenericType(type);
        var value = options.GetProperty(nameof(IOptions<object>.Value))!;
        var property = type.GetProperty(declared.Property ?? "", BindingFlags.Public | BindingFlags.Instance) is { PropertyType: var t } p && t == typeof(long) ? p
            : throw new InvalidOperationException($"{function.DeclaringType?.Name}.{function.Name}: [BodyLimit] names {type.Name}.{declared.Property}, which is not a long property");
        return services => (long)property.GetValue(value.GetValue(services.GetRequiredService(options)))!;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
