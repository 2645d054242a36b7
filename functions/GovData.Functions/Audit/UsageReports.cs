using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using GovData.Domain.Audit;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Audit;

/// <summary>A producing department's subscription to the periodic usage report of its own data, in the Cosmos <c>audit</c> container.</summary>
public sealed record UsageSubscriptionDocument
{
    /// <summary>Document kind.</summary>
    public const string DocumentType = "usage-subscription";
    /// <summary><c>usage-subscription:{department}</c>: one subscription per department.</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = DocumentType;
    /// <summary>The subscribing (producing) department.</summary>
    public required string Department { get; init; }
    /// <summary>Weekly or Monthly.</summary>
    public UsageReportFrequency Frequency { get; init; }
    /// <summary>csv or jsonl.</summary>
    public required string Format { get; init; }
    /// <summary>Who set it last.</summary>
    public required string UpdatedBy { get; init; }
    /// <summary>When it was set last.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>One stored usage report of a department.</summary>
public sealed record UsageReportFile(string Period, string Format, string Blob, long Size, DateTimeOffset? WrittenAt);

/// <summary>
/// Subscriptions (Cosmos <c>audit</c> container) and the reports they produce (blob container <c>reports</c>, under
/// <c>usage/{jurisdiction}/{department}/{period}.{format}</c>), written from the same query as GET /api/audit/usage.
/// </summary>
public sealed class UsageReports(Database database, BlobServiceClient blobs, IAuditLog audit)
{
    /// <summary>The formats a report can be written in.</summary>
    public static readonly string[] Formats = ["csv", "jsonl"];

    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Audit);
    private BlobContainerClient Reports => blobs.GetBlobContainerClient(StorageNames.Blobs.Reports);

    /// <summary>The id of a department's subscription.</summary>
    public static string SubscriptionId(string department) => "usage-subscription:" + department;

    /// <summary>The folder of a department's reports.</summary>
    public static string Prefix(string jurisdiction, string department) => $"usage/{jurisdiction}/{department}/";

    /// <summary>The blob name of one report.</summary>
    public static string BlobName(string jurisdiction, string department, UsageReportPeriod period, string format) =>
        $"{Prefix(jurisdiction, department)}{period.Key}.{format}";

    /// <summary>The department's subscription, or null.</summary>
    public async Task<UsageSubscriptionDocument?> FindAsync(string jurisdiction, string department, CancellationToken ct)
    {
        try { return (await _container.ReadItemAsync<UsageSubscriptionDocument>(SubscriptionId(department), new PartitionKey(jurisdiction), cancellationToken: ct)).Resource; }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>Creates or replaces the subscription (last writer wins: it is the department's single setting, not a merge).</summary>
    public async Task<UsageSubscriptionDocument> PutAsync(UsageSubscriptionDocument doc, CancellationToken ct) =>
        (await _container.UpsertItemAsync(doc, new PartitionKey(doc.Jurisdiction), cancellationToken: ct)).Resource;

    /// <summary>Removes the subscription; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string jurisdiction, string department, CancellationToken ct)
    {
        try
        {
            await _container.DeleteItemAsync<UsageSubscriptionDocument>(SubscriptionId(department), new PartitionKey(jurisdiction), cancellationToken: ct);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return false; }
    }

    /// <summary>Every subscription of a jurisdiction.</summary>
    public IAsyncEnumerable<UsageSubscriptionDocument> ListAsync(string jurisdiction, CancellationToken ct) =>
        _container.QueryAsync<UsageSubscriptionDocument>(jurisdiction, "c.type = @type",
            new Dictionary<string, object?> { ["@type"] = UsageSubscriptionDocument.DocumentType }, cancellationToken: ct);

    /// <summary>
    /// Writes the report of <paramref name="period"/> unless it exists (If-None-Match: *), so a repeated tick never
    /// writes the same period twice. Returns the blob name, or null when it was already there.
    /// </summary>
    public async Task<string?> WriteAsync(string jurisdiction, string department, UsageReportPeriod period, string format, CancellationToken ct)
    {
        var name = BlobName(jurisdiction, department, period, format);
        var blob = Reports.GetBlobClient(name);
        // A cheap check first so a repeated tick does not re-read the trail; the conditional upload below is what guarantees it.
        if (await blob.ExistsAsync(ct)) return null;
        // The same query as GET /api/audit/usage, over the whole period (its end is exclusive; the query's is inclusive).
        var query = new AuditQuery(jurisdiction, period.Start, period.End.AddTicks(-1)) { DataOwner = department, Limit = 100_000 };
        using var buffer = new MemoryStream();
        await AuditExport.WriteAsync(buffer, format, Within(audit.QueryAsync(query, ct), period, ct), ct);
        buffer.Position = 0;
        try
        {
            await blob.UploadAsync(buffer, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = AuditExport.ContentType(format) },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, ct);
            return name;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412) { return null; }
    }

    /// <summary>The department's stored reports, newest period last.</summary>
    public async Task<List<UsageReportFile>> ListReportsAsync(string jurisdiction, string department, CancellationToken ct)
    {
        var prefix = Prefix(jurisdiction, department);
        var list = new List<UsageReportFile>();
        await foreach (var item in Reports.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, ct))
        {
            var file = item.Name[prefix.Length..];
            var dot = file.LastIndexOf('.');
            if (dot <= 0 || !UsageReportPeriod.TryParse(file[..dot], out _)) continue;
            list.Add(new UsageReportFile(file[..dot], file[(dot + 1)..], item.Name, item.Properties.ContentLength ?? 0, item.Properties.CreatedOn));
        }
        return list.OrderBy(f => f.Period, StringComparer.Ordinal).ToList();
    }

    /// <summary>Opens the department's report of a period, or null when there is none.</summary>
    public async Task<(Stream Content, string Format)?> OpenAsync(string jurisdiction, string department, UsageReportPeriod period, CancellationToken ct)
    {
        foreach (var format in Formats)
        {
            try
            {
                var stream = await Reports.GetBlobClient(BlobName(jurisdiction, department, period, format)).OpenReadAsync(cancellationToken: ct);
                return (stream, format);
            }
            catch (RequestFailedException e) when (e.Status == 404) { }
        }
        return null;
    }

    private static async IAsyncEnumerable<AuditRecord> Within(IAsyncEnumerable<AuditRecord> records, UsageReportPeriod period, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var r in records.WithCancellation(ct))
            if (r.At >= period.Start && r.At < period.End) yield return r;
    }
}
