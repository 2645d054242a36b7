using System.Net;
using System.Text.Json.Serialization;
using GovData.Domain.Sharing;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Sharing;

/// <summary>Someone else changed the request between our read and our write.</summary>
public sealed class RequestChangedException(string id) : Exception($"share request {id} was changed by someone else at the same time; read it again");

/// <summary>
/// The stored form of one share request: the domain request plus what queries need (departments, state, whether it holds a
/// grant). The grant lives inside the request, so accepting, revoking and every decision are one ETag-guarded replace.
/// </summary>
public sealed record ShareRequestDocument
{
    /// <summary>The request id (also the grant id).</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = ShareStore.RequestType;
    /// <summary>Requesting department.</summary>
    public required string Requester { get; init; }
    /// <summary>Providing department.</summary>
    public required string Provider { get; init; }
    /// <summary>The state, for queries.</summary>
    public required string State { get; init; }
    /// <summary>True once the request holds a grant.</summary>
    public bool Granted { get; init; }
    /// <summary>The request.</summary>
    public required ShareRequest Request { get; init; }
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    /// <summary>Builds the document for <paramref name="r"/>.</summary>
    public static ShareRequestDocument From(ShareRequest r) => new()
    {
        Id = r.Id,
        Jurisdiction = r.Jurisdiction,
        Requester = r.Requester,
        Provider = r.Provider,
        State = r.State.ToString(),
        Granted = r.Grant is not null,
        Request = r,
    };
}

/// <summary>A department's filing (备案) before it uses an entry's Unconditional data where the rule set requires one (003 第八条).</summary>
public sealed record ShareFilingDocument(string Id, string Jurisdiction, string Department, string EntryId, string EntryCode, string Purpose,
    string FiledBy, DateTimeOffset FiledAt, string Rule, string Type = ShareStore.FilingType);

/// <summary>Share requests (with their grants) and filings in the <c>sharing</c> container.</summary>
public sealed class ShareStore(Database database)
{
    /// <summary>Request documents.</summary>
    public const string RequestType = "share-request";
    /// <summary>Filing documents.</summary>
    public const string FilingType = "share-filing";

    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Sharing);

    /// <summary>The id of a department's filing for an entry.</summary>
    public static string FilingId(string department, string entryId) => $"filing:{department}:{entryId}";

    /// <summary>Reads a request with its ETag, or null (also for ids that cannot be request ids).</summary>
    public async Task<ShareRequestDocument?> FindAsync(string jurisdiction, string id, CancellationToken ct)
    {
        // Request ids are generated (32 hex digits); anything else, such as a '%' that the local emulator cannot decode, is not one.
        if (string.IsNullOrEmpty(id) || id.Length > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return null;
        try
        {
            var doc = (await _container.ReadItemAsync<ShareRequestDocument>(id, new PartitionKey(jurisdiction), cancellationToken: ct)).Resource;
            return doc.Type == RequestType ? doc : null;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>Stores a new request.</summary>
    public async Task<ShareRequestDocument> CreateAsync(ShareRequest r, CancellationToken ct) =>
        (await _container.CreateItemAsync(ShareRequestDocument.From(r), new PartitionKey(r.Jurisdiction), cancellationToken: ct)).Resource;

    /// <summary>Stores a new request; null when one with its id exists already (a retry with the same Idempotency-Key won the race).</summary>
    public async Task<ShareRequestDocument?> TryCreateAsync(ShareRequest r, CancellationToken ct)
    {
        try { return await CreateAsync(r, ct); }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict) { return null; }
    }

    /// <summary>Replaces the request if it still has <paramref name="etag"/>; <see cref="RequestChangedException"/> when someone else won.</summary>
    public async Task<ShareRequestDocument> ReplaceAsync(ShareRequest r, string etag, CancellationToken ct)
    {
        try
        {
            return (await _container.ReplaceItemAsync(ShareRequestDocument.From(r), r.Id, new PartitionKey(r.Jurisdiction),
                new ItemRequestOptions { IfMatchEtag = etag }, ct)).Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed) { throw new RequestChangedException(r.Id); }
    }

    /// <summary>Requests a department filed or provides, optionally only those holding a grant; newest first.</summary>
    public async Task<List<ShareRequestDocument>> OfDepartmentAsync(string jurisdiction, string department, bool grantsOnly, CancellationToken ct)
    {
        var where = "c.type = @t AND (c.requester = @d OR c.provider = @d)" + (grantsOnly ? " AND c.granted = true" : "");
        var docs = await _container.ListAsync<ShareRequestDocument>(jurisdiction, where,
            new Dictionary<string, object?> { ["@t"] = RequestType, ["@d"] = department }, ct);
        return docs.OrderByDescending(d => d.Request.FiledAt).ToList();
    }

    /// <summary>Requests in one state (the deciders' and the CoordinationOffice's work lists).</summary>
    public Task<List<ShareRequestDocument>> InStateAsync(string jurisdiction, string state, CancellationToken ct) =>
        _container.ListAsync<ShareRequestDocument>(jurisdiction, "c.type = @t AND c.state = @s",
            new Dictionary<string, object?> { ["@t"] = RequestType, ["@s"] = state }, ct);

    /// <summary>Requests whose availability deadline was missed and escalated to the CoordinationOffice (its list shows them).</summary>
    public Task<List<ShareRequestDocument>> AvailabilityEscalatedAsync(string jurisdiction, CancellationToken ct) =>
        _container.ListAsync<ShareRequestDocument>(jurisdiction,
            "c.type = @t AND IS_DEFINED(c.request.availabilityEscalation) AND NOT IS_NULL(c.request.availabilityEscalation)",
            new Dictionary<string, object?> { ["@t"] = RequestType }, ct);

    /// <summary>Requests for one catalog entry (aggregation's new versions meet their availability deadlines).</summary>
    public Task<List<ShareRequestDocument>> ForEntryAsync(string jurisdiction, string entryId, CancellationToken ct) =>
        _container.ListAsync<ShareRequestDocument>(jurisdiction, "c.type = @t AND c.request.terms.entryId = @e",
            new Dictionary<string, object?> { ["@t"] = RequestType, ["@e"] = entryId }, ct);

    /// <summary>Records a filing; an existing filing for the same department and entry is kept and returned.</summary>
    public async Task<(ShareFilingDocument Filing, bool Created)> FileAsync(ShareFilingDocument filing, CancellationToken ct)
    {
        try
        {
            return ((await _container.CreateItemAsync(filing, new PartitionKey(filing.Jurisdiction), cancellationToken: ct)).Resource, true);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return ((await _container.ReadItemAsync<ShareFilingDocument>(filing.Id, new PartitionKey(filing.Jurisdiction), cancellationToken: ct)).Resource, false);
        }
    }

    /// <summary>Whether the department filed for the entry.</summary>
    public async Task<bool> HasFilingAsync(string jurisdiction, string department, string entryId, CancellationToken ct)
    {
        // A stream read: "not filed" is the usual answer on an access check, and a typed read would throw for it.
        using var response = await _container.ReadItemStreamAsync(FilingId(department, entryId), new PartitionKey(jurisdiction), cancellationToken: ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        response.EnsureSuccessStatusCode();
        return true;
    }
}
