using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Storage;

/// <summary>Creates every container, queue and table the app uses; for local emulators and tests (infra/ does it in Azure).</summary>
public sealed class StorageProvisioner(
    BlobServiceClient blobs, QueueServiceClient queues, TableServiceClient tables,
    CosmosClient cosmos, IOptions<CosmosOptions> cosmosOptions)
{
    /// <summary>Creates whatever does not exist yet; safe to call any number of times.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(StorageNames.Blobs.All.Select(n => blobs.GetBlobContainerClient(n).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        await Task.WhenAll(StorageNames.Queues.All.SelectMany(n => new[] { n, StorageNames.Queues.PoisonOf(n) })
            .Select(n => queues.GetQueueClient(n).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        await Task.WhenAll(StorageNames.Tables.All.Select(n => tables.CreateTableIfNotExistsAsync(n, cancellationToken)));
        var db = (await cosmos.CreateDatabaseIfNotExistsAsync(cosmosOptions.Value.DatabaseName, cancellationToken: cancellationToken)).Database;
        foreach (var name in StorageNames.Cosmos.All)
            await db.CreateContainerIfNotExistsAsync(new ContainerProperties(name, StorageNames.Cosmos.PartitionKeyPath), cancellationToken: cancellationToken);
    }
}

/// <summary>Runs <see cref="StorageProvisioner"/> at start-up when <see cref="CosmosOptions.ProvisionOnStartup"/> is set.</summary>
internal sealed class StorageProvisioningService(StorageProvisioner provisioner, IOptions<CosmosOptions> options, ILogger<StorageProvisioningService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.ProvisionOnStartup) return;
        await provisioner.EnsureAsync(cancellationToken);
        logger.LogInformation("Storage and Cosmos containers are provisioned");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
