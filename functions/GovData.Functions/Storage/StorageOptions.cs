using System.ComponentModel.DataAnnotations;

namespace GovData.Functions.Storage;

/// <summary>Where Azure Storage (Blob, Queue, Table) is reached; bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Storage";

    /// <summary>Blob service endpoint, e.g. https://acct.blob.core.chinacloudapi.cn or http://127.0.0.1:10000/devstoreaccount1.</summary>
    [Required] public Uri? BlobServiceUri { get; set; }
    /// <summary>Queue service endpoint.</summary>
    [Required] public Uri? QueueServiceUri { get; set; }
    /// <summary>Table service endpoint.</summary>
    [Required] public Uri? TableServiceUri { get; set; }
    /// <summary>Client id of the user-assigned managed identity used in Azure.</summary>
    public string? ManagedIdentityClientId { get; set; }
    /// <summary>Storage account name for shared-key auth; accepted only for loopback (emulator) endpoints.</summary>
    public string? AccountName { get; set; }
    /// <summary>Storage account key; accepted only for loopback (emulator) endpoints.</summary>
    public string? AccountKey { get; set; }
    /// <summary>
    /// The deadline of one call to Blob, Queue or Table storage, retries included (the SDK's retry budget is fitted inside
    /// it); past it the call fails and the request answers 503 with Retry-After.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.5", "00:01:00")] public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Where Cosmos DB is reached; bound from the <c>Cosmos</c> configuration section.</summary>
public sealed class CosmosOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Cosmos";

    /// <summary>Account endpoint, e.g. https://acct.documents.azure.cn:443/ or https://127.0.0.1:8081/.</summary>
    [Required] public Uri? AccountEndpoint { get; set; }
    /// <summary>The database that holds every container.</summary>
    [Required] public string DatabaseName { get; set; } = "govdata";
    /// <summary>Client id of the user-assigned managed identity used in Azure.</summary>
    public string? ManagedIdentityClientId { get; set; }
    /// <summary>Account key; accepted only for loopback (emulator) endpoints.</summary>
    public string? AccountKey { get; set; }
    /// <summary>Create the database, containers, queues and blob containers at start-up (local runs and tests; in Azure, infra/ does it).</summary>
    public bool ProvisionOnStartup { get; set; }
    /// <summary>
    /// The deadline of one call to Cosmos DB, the SDK's own retries included; past it the call answers 503 (a
    /// <c>CosmosException</c>) and the request answers 503 with Retry-After.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.5", "00:01:00")] public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
