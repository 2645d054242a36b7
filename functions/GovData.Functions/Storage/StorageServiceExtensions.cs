using System.Net.Security;
using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Storage;

/// <summary>Registers the Azure SDK clients for Storage and Cosmos DB, with managed identity in Azure and keys only for local emulators.</summary>
public static class StorageServiceExtensions
{
    /// <summary>Adds <see cref="BlobServiceClient"/>, <see cref="QueueServiceClient"/>, <see cref="TableServiceClient"/>, <see cref="CosmosClient"/> and <see cref="Database"/>.</summary>
    public static IServiceCollection AddGovDataStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CosmosOptions>().Bind(configuration.GetSection(CosmosOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var retry = new BlobClientOptions();
            ConfigureRetry(retry.Retry, o.CallTimeout);
            return o.AccountKey is { Length: > 0 }
                ? new BlobServiceClient(o.BlobServiceUri!, SharedKey(o, o.BlobServiceUri!), retry)
                : new BlobServiceClient(o.BlobServiceUri!, Credential(o.ManagedIdentityClientId), retry);
        });
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            // The Functions host reads queue messages as Base64; writing them the same way keeps local and cloud alike.
            var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
            ConfigureRetry(options.Retry, o.CallTimeout);
            return o.AccountKey is { Length: > 0 }
                ? new QueueServiceClient(o.QueueServiceUri!, SharedKey(o, o.QueueServiceUri!), options)
                : new QueueServiceClient(o.QueueServiceUri!, Credential(o.ManagedIdentityClientId), options);
        });
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var options = new TableClientOptions();
            ConfigureRetry(options.Retry, o.CallTimeout);
            return o.AccountKey is { Length: > 0 }
                ? new TableServiceClient(o.TableServiceUri!, new TableSharedKeyCredential(AccountName(o), RequireLoopback(o, o.TableServiceUri!)), options)
                : new TableServiceClient(o.TableServiceUri!, Credential(o.ManagedIdentityClientId), options);
        });
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<CosmosOptions>>().Value;
            var json = sp.GetRequiredService<JsonSerializerOptions>();
            return CreateCosmosClient(o, json);
        });
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<CosmosOptions>>().Value;
            return sp.GetRequiredService<CosmosClient>().GetDatabase(o.DatabaseName);
        });
        services.AddSingleton<StorageProvisioner>();
        services.AddHostedService<StorageProvisioningService>();
        return services;
    }

    /// <summary>Creates the Cosmos client: Gateway mode, pinned to the configured endpoint, System.Text.Json documents.</summary>
    public static CosmosClient CreateCosmosClient(CosmosOptions o, JsonSerializerOptions json)
    {
        var endpoint = o.AccountEndpoint!;
        var loopback = Loopback.IsLoopback(endpoint);
        Loopback.RequireLoopbackForKey(endpoint, o.AccountKey, "Cosmos:AccountKey");
        var options = new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            // Without this the SDK follows the account's advertised regional endpoints, which the emulator does not have.
            LimitToEndpoint = true,
            Serializer = new CosmosSystemTextJsonSerializer(json),
            // Every call, the SDK's retries included, ends within CallTimeout (CosmosDeadlineHandler); the SDK's own budgets fit inside it.
            RequestTimeout = o.CallTimeout,
            MaxRetryAttemptsOnRateLimitedRequests = 3,
            MaxRetryWaitTimeOnRateLimitedRequests = o.CallTimeout,
            CustomHandlers = { new CosmosDeadlineHandler(o.CallTimeout) },
        };
        if (loopback)
        {
            // The local emulator serves a self-signed certificate; it is trusted for loopback addresses only.
            options.HttpClientFactory = () => new HttpClient(new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = 64,
            });
        }
        return o.AccountKey is { Length: > 0 }
            ? new CosmosClient(endpoint.ToString(), o.AccountKey, options)
            : new CosmosClient(endpoint.ToString(), Credential(o.ManagedIdentityClientId), options);
    }

    /// <summary>
    /// Fits the SDK's retry budget inside <paramref name="deadline"/>: two tries, each given half of it less the pause between
    /// them, so a store that does not answer fails the call (and the request gets its 503) within the deadline.
    /// </summary>
    internal static void ConfigureRetry(Azure.Core.RetryOptions retry, TimeSpan deadline)
    {
        retry.Mode = RetryMode.Fixed;
        retry.MaxRetries = 1;
        retry.Delay = TimeSpan.FromMilliseconds(Math.Min(200, deadline.TotalMilliseconds / 20));
        retry.MaxDelay = retry.Delay;
        retry.NetworkTimeout = (deadline - retry.Delay) / 2;
    }

    private static TokenCredential Credential(string? clientId) =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });

    private static StorageSharedKeyCredential SharedKey(StorageOptions o, Uri endpoint) =>
        new(AccountName(o), RequireLoopback(o, endpoint));

    private static string AccountName(StorageOptions o) => o.AccountName ?? "devstoreaccount1";

    private static string RequireLoopback(StorageOptions o, Uri endpoint)
    {
        Loopback.RequireLoopbackForKey(endpoint, o.AccountKey, "Storage:AccountKey");
        return o.AccountKey!;
    }
}
