using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace GovData.Functions.Hosting.Http;

/// <summary>
/// The isolated worker's middleware that runs the <see cref="IHttpFunctionFilter"/>s around every HTTP function in Azure (the
/// local host runs the same filters around its own invocations).
/// </summary>
public sealed class HttpFunctionMiddleware(IEnumerable<IHttpFunctionFilter> filters) : IFunctionsWorkerMiddleware
{
    private static readonly ConcurrentDictionary<string, MethodInfo?> Methods = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext();
        var method = http is null ? null : Methods.GetOrAdd(context.FunctionDefinition.EntryPoint, Resolve);
        if (http is null || method is null)
        {
            await next(context);
            return;
        }
        var result = await HttpFunctionFilters.RunAsync(filters, http, method, async () =>
        {
            await next(context);
            return context.GetInvocationResult().Value as IResult;
        });
        context.GetInvocationResult().Value = result;
    }

    // "Namespace.Type.Method" in this assembly.
    private static MethodInfo? Resolve(string entryPoint)
    {
        var dot = entryPoint.LastIndexOf('.');
        return typeof(HttpFunctionMiddleware).Assembly.GetType(entryPoint[..dot])?.GetMethod(entryPoint[(dot + 1)..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);
    }
}
