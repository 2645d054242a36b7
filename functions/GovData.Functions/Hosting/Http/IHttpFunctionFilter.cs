using System.Reflection;

namespace GovData.Functions.Hosting.Http;

/// <summary>
/// Work around every HTTP function invocation (authentication, rate limits, authorization, problem+json), run by the isolated
/// worker's middleware in Azure (<see cref="HttpFunctionMiddleware"/>) and by the local host around its invocations: one code
/// path under both hosts.
/// </summary>
public interface IHttpFunctionFilter
{
    /// <summary>Runs around the function <paramref name="function"/> of the request <paramref name="http"/>; <paramref name="next"/> invokes it and yields its result.</summary>
    Task<IResult?> InvokeAsync(HttpContext http, MethodInfo function, Func<Task<IResult?>> next);
}

/// <summary>Runs the registered <see cref="IHttpFunctionFilter"/>s around an HTTP function, in registration order.</summary>
public static class HttpFunctionFilters
{
    /// <summary>Invokes <paramref name="invoke"/> inside every filter.</summary>
    public static Task<IResult?> RunAsync(IEnumerable<IHttpFunctionFilter> filters, HttpContext http, MethodInfo function, Func<Task<IResult?>> invoke)
    {
        var next = invoke;
        foreach (var filter in filters.Reverse())
        {
            var inner = next;
            next = () => filter.InvokeAsync(http, function, inner);
        }
        return next();
    }
}
