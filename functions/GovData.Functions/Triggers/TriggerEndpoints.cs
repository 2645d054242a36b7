using System.Text.Json;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Triggers;

/// <summary>Maps POST /{FunctionName} for every trigger handler, the route the Functions host invokes on a custom handler.</summary>
public static class TriggerEndpoints
{
    private static readonly JsonSerializerOptions HostJson = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Maps the invocation endpoints when running under the Functions host.</summary>
    public static IEndpointRouteBuilder MapTriggerInvocations(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<FunctionsHostOptions>>().Value;
        if (!options.CustomHandler) return app;
        var dispatcher = app.ServiceProvider.GetRequiredService<TriggerDispatcher>();
        foreach (var name in dispatcher.FunctionNames)
        {
            // The host reaches these on the loopback port it gave us; they carry no bearer token, and HTTP
            // functions forwarded by the host live under /api, so outside callers cannot reach this path.
            app.MapPost("/" + name, async (HttpRequest request, TriggerDispatcher d, CancellationToken ct) =>
                {
                    // Read leniently: the host's payload shape is its own and may gain fields.
                    var invocation = await JsonSerializer.DeserializeAsync<TriggerInvocation>(request.Body, HostJson, ct)
                        ?? throw new BadHttpRequestException("The invocation payload is empty.");
                    return Results.Json(await d.DispatchAsync(name, invocation, ct), HostJson);
                })
                .AllowAnonymous()
                .ExcludeFromDescription()
                .WithMetadata(new TriggerInvocationEndpoint(name));
        }
        return app;
    }
}

/// <summary>Marks an endpoint that the Functions host invokes for a non-HTTP trigger.</summary>
public sealed record TriggerInvocationEndpoint(string FunctionName);
