using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GovData.Functions.Health;

/// <summary>Checks that the Blob service answers.</summary>
internal sealed class BlobHealthCheck(BlobServiceClient blobs) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await blobs.GetBlobContainerClient(Storage.StorageNames.Blobs.Incoming).ExistsAsync(cancellationToken);
        return HealthCheckResult.Healthy();
    }
}

/// <summary>Checks that the Queue service answers.</summary>
internal sealed class QueueHealthCheck(QueueServiceClient queues) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await queues.GetQueueClient(Storage.StorageNames.Queues.Deadlines).ExistsAsync(cancellationToken);
        return HealthCheckResult.Healthy();
    }
}

/// <summary>Checks that Cosmos DB answers and the database exists.</summary>
internal sealed class CosmosHealthCheck(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await database.ReadAsync(cancellationToken: cancellationToken);
        return HealthCheckResult.Healthy();
    }
}

/// <summary>Registers the store checks behind <see cref="HealthFunctions"/>.</summary>
public static class HealthExtensions
{
    /// <summary>Adds the Blob, Queue and Cosmos checks, each bounded by a short timeout.</summary>
    public static IServiceCollection AddGovDataHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<BlobHealthCheck>("blob", timeout: TimeSpan.FromSeconds(5))
            .AddCheck<QueueHealthCheck>("queue", timeout: TimeSpan.FromSeconds(5))
            .AddCheck<CosmosHealthCheck>("cosmos", timeout: TimeSpan.FromSeconds(5));
        return services;
    }
}

/// <summary>What <c>GET /api/health</c> answers: the overall status and one line per store check (no internals).</summary>
/// <param name="Status">Healthy, Degraded or Unhealthy.</param>
/// <param name="Checks">Each check (blob, queue, cosmos) and its status.</param>
public sealed record HealthView(string Status, IReadOnlyDictionary<string, string> Checks);

/// <summary>The health probe: 200 when every store answers, 503 (with Retry-After) otherwise.</summary>
public sealed class HealthFunctions(HealthCheckService health)
{
    /// <summary>Health of the API and its stores.</summary>
    [Microsoft.Azure.Functions.Worker.Function("GetHealth")]
    // Probes (the platform's and a load balancer's) carry no token; the answer names no internals.
    [Hosting.Http.Anonymous]
    [Hosting.Http.Operation("Operations", "Health of the API and its stores")]
    [Hosting.Http.Returns(StatusCodes.Status200OK, typeof(HealthView))]
    [Hosting.Http.Returns(StatusCodes.Status503ServiceUnavailable, typeof(HealthView))]
    public async Task<IResult> GetAsync(
        [Microsoft.Azure.Functions.Worker.HttpTrigger(Microsoft.Azure.Functions.Worker.AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(ct);
        var view = new HealthView(report.Status.ToString(), report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()));
        if (report.Status != HealthStatus.Healthy) req.HttpContext.Response.Headers.RetryAfter = "5";
        return Results.Json(view, statusCode: report.Status == HealthStatus.Healthy ? 200 : 503);
    }
}
