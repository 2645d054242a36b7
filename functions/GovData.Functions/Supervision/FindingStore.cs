using System.Net;
using System.Text.Json.Serialization;
using GovData.Domain.Supervision;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Supervision;

/// <summary>A finding as stored in the <c>supervision</c> container: the raised facts, its state and every answer and decision.</summary>
public sealed record FindingDocument
{
    /// <summary>Document kind of findings.</summary>
    public const string DocumentType = "finding";

    /// <summary>The finding id (stable per violation, e.g. <c>finding:catalog-update:{entry}:v1</c>).</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = DocumentType;
    /// <summary>Where it stands.</summary>
    public FindingState State { get; init; } = FindingState.Open;
    /// <summary>The department it is against.</summary>
    public required string Department { get; init; }
    /// <summary>The rule key (e.g. <c>catalog.updateDeadline</c>).</summary>
    public required string Rule { get; init; }
    /// <summary>The rule with its article, as the rule set cites it.</summary>
    public required string Citation { get; init; }
    /// <summary>What it is about.</summary>
    public required string Subject { get; init; }
    /// <summary>When the work was due.</summary>
    public DateTimeOffset DueAt { get; init; }
    /// <summary>When the work was actually done, if ever.</summary>
    public DateTimeOffset? ActualAt { get; init; }
    /// <summary>The violation in words.</summary>
    public string Description { get; init; } = "";
    /// <summary>When it was raised.</summary>
    public DateTimeOffset RaisedAt { get; init; }
    /// <summary>Answers and decisions, oldest first.</summary>
    public List<FindingStep> History { get; init; } = [];
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>One answer or decision on a finding.</summary>
public sealed record FindingStep(string Action, FindingState From, FindingState To, string UserId, string Department, DateTimeOffset At, string Text);

/// <summary>Findings in the <c>supervision</c> container.</summary>
public sealed class FindingStore(Database database)
{
    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Supervision);

    /// <summary>Reads a finding with its ETag, or null (also for ids that cannot be findings).</summary>
    public async Task<FindingDocument?> FindAsync(string jurisdiction, string id, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 255 || !id.StartsWith("finding:", StringComparison.Ordinal)
            || id.AsSpan().IndexOfAny(['/', '\\', '?', '#']) >= 0) return null;
        try
        {
            var doc = (await _container.ReadItemAsync<FindingDocument>(id, new PartitionKey(jurisdiction), cancellationToken: ct)).Resource;
            return doc.Type == FindingDocument.DocumentType ? doc : null;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>Creates a finding; false when one with this id exists.</summary>
    public async Task<bool> TryCreateAsync(FindingDocument doc, CancellationToken ct)
    {
        try
        {
            await _container.CreateItemAsync(doc with { ETag = null }, new PartitionKey(doc.Jurisdiction), cancellationToken: ct);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict) { return false; }
    }

    /// <summary>Replaces a finding if it still has <paramref name="etag"/>; null when someone else changed it first.</summary>
    public async Task<FindingDocument?> TryReplaceAsync(FindingDocument doc, string etag, CancellationToken ct)
    {
        try
        {
            return (await _container.ReplaceItemAsync(doc with { ETag = null }, doc.Id, new PartitionKey(doc.Jurisdiction),
                new ItemRequestOptions { IfMatchEtag = etag }, ct)).Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed) { return null; }
    }

    /// <summary>The findings matching the filters (each optional), newest first.</summary>
    public async Task<List<FindingDocument>> ListAsync(string jurisdiction, string? department, string? rule, FindingState? state, CancellationToken ct)
    {
        var where = "c.type = @t";
        var p = new Dictionary<string, object?> { ["@t"] = FindingDocument.DocumentType };
        if (department is not null) { where += " AND c.department = @d"; p["@d"] = department; }
        if (rule is not null) { where += " AND c.rule = @r"; p["@r"] = rule; }
        if (state is not null) { where += " AND c.state = @s"; p["@s"] = state.ToString(); }
        var list = await _container.ListAsync<FindingDocument>(jurisdiction, where, p, ct);
        return list.OrderByDescending(f => f.RaisedAt).ThenBy(f => f.Id, StringComparer.Ordinal).ToList();
    }
}
