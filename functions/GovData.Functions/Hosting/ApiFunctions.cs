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
    /// <summary>Aggregation (汇聚): submissions, versions, update cycles, error feedback.</summary>
    [Function("Aggregation")]
    public Task<IResult> Aggregation([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", Route = "aggregation/{*path}")] HttpRequest req, [DurableClient] DurableTaskClient client) =>
        api.ServeAsync(req, client);

    /// <summary>The API reference page.</summary>
    [Function("ApiReference")]
    public Task<IResult> ApiReference([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs/{*path}")] HttpRequest req, [DurableClient] DurableTaskClient client) =>
        api.ServeAsync(req, client);

    /// <summary>The audit trail: records, verify, usage, export, retention.</summary>
    [Function("Audit")]
    public Task<IResult> Audit([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", Route = "audit/{*path}")] HttpRequest req, [DurableClient] DurableTaskClient client) =>
        api.ServeAsync(req, client);

    /// <summary>The working-day calendar.</summary>
    [Function("Calendar")]
    public Task<IResult> Calendar([HttpTrigger(AuthorizationLevel.Anonymous, "get", "put", Route = "calendar/{*path}")] HttpRequest req, [DurableClient] DurableTaskClient client) =>
        api.ServeAsync(req, client);

    /// <summary>Open statutory deadlines.</summary>
    [Function("Deadlines")]
    public Task<IResult> Deadlines([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "deadlines")] HttpRequest req, [DurableClient] DurableTaskClient client) =>
        api.ServeAsync(req, client);

    /// <summary>Dev tokens: answered in Development only (404 elsewhere).</summary>
    [Function("DevTokens")]
    public Task<IResult> DevTokens([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dev/{*path}")] HttpRequest req, [DurableClient] DurableTaskClient client) =>
        api.ServeAsync(req, client);

    /// <summary>Health of the stores.</summary>
    [Function("Health")]
    public Task<IResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req, [DurableClient] DurableTaskClient client) =>
        api.ServeAsync(req, client);

    /// <summary>Jurisdictions, their units and rule sets.</summary>
    [Function("Jurisdictions")]
    public Task<IResult> Jurisdictions([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", Route = "jurisdictions/{*path}")] HttpRequest req, [DurableClient] DurableTaskClient client) =>
        api.ServeAsync(req, client);

    /// <summary>A department's notification inbox.</summary>
    [Function("Notifications")]
    public Task<IResult> Notifications([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "notifications/{*path}")] HttpRequest req, [DurableClient] DurableTaskClient client) =>
        api.ServeAsync(req, client);

    /// <summary>The OpenAPI document.</summary>
    [Function("OpenApi")]
    public Task<IResult> OpenApi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/{*path}")] HttpRequest req, [DurableClient] DurableTaskClient client) =>
        api.ServeAsync(req, client);

    /// <summary>Supervision (监督检查): findings, scorecards, reports.</summary>
    [Function("Supervision")]
    public Task<IResult> Supervision([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", Route = "supervision/{*path}")] HttpRequest req, [DurableClient] DurableTaskClient client) =>
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
