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

/// <summary>Registers and maps the health endpoint.</summary>
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

    /// <summary>GET /api/health: 200 when every store answers, 503 otherwise, with one line per check (no internals).</summary>
    public static IEndpointRouteBuilder MapGovDataHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", async (HealthCheckService health, HttpContext http, CancellationToken ct) =>
        {
            var report = await health.CheckHealthAsync(ct);
            var body = new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
            };
            if (report.Status != HealthStatus.Healthy) http.Response.Headers.RetryAfter = "5";
            return Results.Json(body, statusCode: report.Status == HealthStatus.Healthy ? 200 : 503);
        })
        // Probes (the platform's and a load balancer's) carry no token; the answer names no internals.
        .AllowAnonymous()
        .WithTags("Operations")
        .WithSummary("Health of the API and its stores");
        return app;
    }
}
