using GovData.Functions.Hosting.Http;

namespace GovData.LocalHost;

/// <summary>
/// Serves the HTTP functions on Kestrel as the Functions host serves them: each httpTrigger's route (below host.json's route
/// prefix) and methods become an endpoint whose request is handed to the function's method; the <see cref="IResult"/> it
/// returns is written to the response, as the ASP.NET Core integration does.
/// </summary>
public static class HttpFunctionEndpoints
{
    /// <summary>Maps every HTTP function of <paramref name="catalog"/>.</summary>
    public static IEndpointRouteBuilder MapHttpFunctions(this IEndpointRouteBuilder endpoints, FunctionCatalog catalog)
    {
        foreach (var function in catalog.Functions.Where(f => f.Trigger.Type == "httpTrigger"))
        {
            var trigger = function.Trigger;
            var route = trigger.Route ?? function.Name;
            var pattern = "/" + (catalog.RoutePrefix.Length == 0 ? route : catalog.RoutePrefix + "/" + route);
            var methods = (trigger.Methods is { Count: > 0 } m ? m : ["get", "post", "put", "patch", "delete", "head", "options"]).Select(x => x.ToUpperInvariant()).ToArray();
            var entry = function;
            endpoints.MapMethods(pattern, methods, http => ServeAsync(http, entry))
                .WithDisplayName(function.Name)
                .ExcludeFromDescription();
        }
        return endpoints;
    }

    private static async Task ServeAsync(HttpContext http, FunctionEntry function)
    {
        var invoker = http.RequestServices.GetRequiredService<FunctionInvoker>();
        var invocation = new FunctionInvocation(function, http.RequestServices, http.Request, http.RequestAborted)
        {
            BindingData = http.Request.RouteValues.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase),
        };
        object? result;
        try
        {
            // The app's filters (authentication, limits, problem+json) run around the invocation, as its worker middleware runs them in Azure.
            var filters = http.RequestServices.GetServices<IHttpFunctionFilter>();
            result = await HttpFunctionFilters.RunAsync(filters, http, function.Method, async () => await invoker.InvokeAsync(invocation) switch
            {
                IResult r => r,
                null => null,
                var other => throw new InvalidOperationException($"HTTP function {function.Name} returned a {other.GetType().Name}; HTTP functions return IResult"),
            });
        }
        catch (Exception e) when (!http.Response.HasStarted && e is not OperationCanceledException)
        {
            // The Functions host answers a function that threw with a bare 500; so does this host.
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("GovData.LocalHost.Http")
                .LogError(e, "HTTP function {Function} threw", function.Name);
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }
        switch (result)
        {
            case IResult r:
                await r.ExecuteAsync(http);
                break;
            case null:
                break;
            default:
                throw new InvalidOperationException($"HTTP function {function.Name} returned a {result.GetType().Name}; HTTP functions return IResult");
        }
    }
}
