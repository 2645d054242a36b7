using System.Net;
using System.Text.Json.Serialization;
using GovData.Domain.Identity;
using GovData.Domain.Supervision;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Supervision;

/// <summary>A jurisdiction's decision to publish the ranking of a period (000 第八条, 004 第二十七条): from then on every department sees every scorecard and the report of that period.</summary>
public sealed record RankingPublication
{
    /// <summary>Document kind.</summary>
    public const string DocumentType = "ranking-publication";
    /// <summary><c>ranking-publication:{period}</c>.</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = DocumentType;
    /// <summary>The period key.</summary>
    public required string Period { get; init; }
    /// <summary>Who published it.</summary>
    public required string PublishedBy { get; init; }
    /// <summary>When.</summary>
    public DateTimeOffset PublishedAt { get; init; }
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>Who may see which department's supervision data: the DataAuthority and Auditors all of it, a department its own, and everyone's once the ranking of the period is published.</summary>
public sealed class SupervisionAccess(Database database)
{
    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Supervision);

    /// <summary>The roles that read supervision data (a department's own, or everything for the DataAuthority and Auditors).</summary>
    public static readonly Role[] ReadRoles = [Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority, Role.Auditor, Role.CoordinationOffice];

    /// <summary>True for callers who see every department's findings and scorecards.</summary>
    public static bool SeesAll(Caller caller) => caller.Has(Role.DataAuthority) || caller.Has(Role.Auditor);

    /// <summary>The id of a period's publication.</summary>
    public static string PublicationId(ScorecardPeriod period) => "ranking-publication:" + period.Key;

    /// <summary>The publication of the period's ranking, or null.</summary>
    public async Task<RankingPublication?> PublicationAsync(string jurisdiction, ScorecardPeriod period, CancellationToken ct)
    {
        try { return (await _container.ReadItemAsync<RankingPublication>(PublicationId(period), new PartitionKey(jurisdiction), cancellationToken: ct)).Resource; }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>Publishes the period's ranking; the existing publication when it was already published.</summary>
    public async Task<(RankingPublication Publication, bool Created)> PublishAsync(string jurisdiction, ScorecardPeriod period, string by, DateTimeOffset at, CancellationToken ct)
    {
        var doc = new RankingPublication { Id = PublicationId(period), Jurisdiction = jurisdiction, Period = period.Key, PublishedBy = by, PublishedAt = at };
        try
        {
            return ((await _container.CreateItemAsync(doc, new PartitionKey(jurisdiction), cancellationToken: ct)).Resource, true);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return ((await PublicationAsync(jurisdiction, period, ct))!, false);
        }
    }

    /// <summary>
    /// True when the ranking of a period holding <paramref name="at"/> (its year, quarter or month) is published: findings
    /// raised then are public within the jurisdiction, with the ranking they explain.
    /// </summary>
    public async Task<bool> PublishedAtAsync(string jurisdiction, DateTimeOffset at, CancellationToken ct)
    {
        foreach (var period in ScorecardPeriod.Of(at))
            if (await PublicationAsync(jurisdiction, period, ct) is not null) return true;
        return false;
    }

    /// <summary>True when the caller may see every department's scorecard and the report of the period.</summary>
    public async Task<bool> SeesAllOfAsync(Caller caller, ScorecardPeriod period, CancellationToken ct) =>
        SeesAll(caller) || await PublicationAsync(caller.Jurisdiction, period, ct) is not null;
}
