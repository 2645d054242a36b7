using GovData.Functions.Hosting.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace GovData.Functions.Hosting;

/// <summary>
/// One HTTP function per feature area whose endpoints are still ASP.NET Core routes: each takes every request under its
/// route prefix and serves it through <see cref="ApiPipeline"/>. Authentication is the app's own (bearer tokens), so the
/// host checks no function keys.
/// </summary>
[ServedByApiPipeline]
public sealed class ApiFunctions(ApiPipeline api)
{
    /// <summary>The API reference page.</summary>
    [Function("ApiReference")]
    public Task<IResult> ApiReference([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs/{*path}")] HttpRequest req, [DurableClient] DurableTaskClient client) =>
        api.ServeAsync(req, client);

    /// <summary>The OpenAPI document.</summary>
    [Function("OpenApi")]
    public Task<IResult> OpenApi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/{*path}")] HttpRequest req, [DurableClient] DurableTaskClient client) =>
        api.ServeAsync(req, client);

    /// <summary>The public open-data portal (开放).</summary>
    [Function("OpenPortal")]
    public Task<IResult> OpenPortal([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", Route = "open/{*path}")] HttpRequest req, [DurableClient] DurableTaskClient client) =>
        api.ServeAsync(req, client);

    /// <summary>Opening: configuration, publishing, applications and demands.</summary>
    [Function("Opening")]
    public Task<IResult> Opening([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", Route = "opening/{*path}")] HttpRequest req, [DurableClient] DurableTaskClient client) =>
        api.ServeAsync(req, client);

    /// <summary>
    /// Everything under /api that no other function's route and methods take: answered as the API answers an unknown path or
    /// method, with problem+json 404 or 405, instead of the host's bare status.
    /// </summary>
    /// <remarks>
    /// Its route takes every path and method, and the Functions host tries routes in alphabetical order of function names,
    /// first match wins (azure-functions-host#9876): so its name must sort after every other function's, or it takes their
    /// requests in Azure (as "Unmatched" took every function named V to Z). "ZzzUnmatched" sorts last ordinally and ignoring
    /// case; Foundation/RouteOrderTests fails if a new name sorts after it.
    /// </remarks>
    [Function("ZzzUnmatched")]
    public Task<IResult> Unmatched([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", "head", "options", Route = "{*path}")] HttpRequest req, [DurableClient] DurableTaskClient client) =>
        api.ServeAsync(req, client);
}
