using System.Net;
using System.Text.Json.Serialization;
using GovData.Domain.Identity;
using GovData.Domain.Supervision;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Supervision;

/// <summary>
/// A jurisdiction's decision to publish the ranking of a period (000 第八条, 004 第二十七条): from then on every department
/// sees every scorecard, the report and the findings of that period, until the DataAuthority withdraws it (with a reason);
/// it may be published again. <see cref="History"/> keeps every publication and withdrawal.
/// </summary>
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
    /// <summary>Who published it (the latest publication).</summary>
    public required string PublishedBy { get; init; }
    /// <summary>When (the latest publication).</summary>
    public DateTimeOffset PublishedAt { get; init; }
    /// <summary>True while the publication is withdrawn: the period is private again.</summary>
    public bool Withdrawn { get; init; }
    /// <summary>Who withdrew it (while withdrawn).</summary>
    public string? WithdrawnBy { get; init; }
    /// <summary>When it was withdrawn (while withdrawn).</summary>
    public DateTimeOffset? WithdrawnAt { get; init; }
    /// <summary>Why it was withdrawn (while withdrawn).</summary>
    public string? WithdrawalReason { get; init; }
    /// <summary>Every publication and withdrawal, oldest first.</summary>
    public List<PublicationChange> History { get; init; } = [];
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>One publication (<c>Published</c>) or withdrawal (<c>Withdrawn</c>, with its reason) of a ranking.</summary>
public sealed record PublicationChange(string Action, string By, DateTimeOffset At, string? Reason);

/// <summary>What became of a withdrawal request.</summary>
public enum WithdrawalOutcome
{
    /// <summary>Withdrawn now.</summary>
    Withdrawn,
    /// <summary>The ranking of the period was never published.</summary>
    NotPublished,
    /// <summary>It is already withdrawn.</summary>
    AlreadyWithdrawn,
}

/// <summary>Who may see which department's supervision data: the DataAuthority and Auditors all of it, a department its own, and everyone's once the ranking of the period is published.</summary>
public sealed class SupervisionAccess(Database database)
{
    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Supervision);

    /// <summary>True for callers who see every department's findings and scorecards.</summary>
    public static bool SeesAll(Caller caller) => caller.Has(Role.DataAuthority) || caller.Has(Role.Auditor);

    /// <summary>The id of a period's publication.</summary>
    public static string PublicationId(ScorecardPeriod period) => "ranking-publication:" + period.Key;

    /// <summary>The publication of the period's ranking in force, or null (never published, or withdrawn).</summary>
    public async Task<RankingPublication?> PublicationAsync(string jurisdiction, ScorecardPeriod period, CancellationToken ct) =>
        await FindPublicationAsync(jurisdiction, period, ct) is { Withdrawn: false } p ? p : null;

    /// <summary>The publication document of the period (withdrawn or not), or null when it was never published.</summary>
    public async Task<RankingPublication?> FindPublicationAsync(string jurisdiction, ScorecardPeriod period, CancellationToken ct)
    {
        try { return (await _container.ReadItemAsync<RankingPublication>(PublicationId(period), new PartitionKey(jurisdiction), cancellationToken: ct)).Resource; }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>Publishes the period's ranking (again, after a withdrawal); the existing publication when it is already in force.</summary>
    public async Task<(RankingPublication Publication, bool Created)> PublishAsync(string jurisdiction, ScorecardPeriod period, string by, DateTimeOffset at, CancellationToken ct)
    {
        var pk = new PartitionKey(jurisdiction);
        var change = new PublicationChange("Published", by, at, null);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await FindPublicationAsync(jurisdiction, period, ct);
            try
            {
                if (current is null)
                {
                    var doc = new RankingPublication { Id = PublicationId(period), Jurisdiction = jurisdiction, Period = period.Key, PublishedBy = by, PublishedAt = at, History = [change] };
                    return ((await _container.CreateItemAsync(doc, pk, cancellationToken: ct)).Resource, true);
                }
                if (!current.Withdrawn) return (current, false);
                var again = current with
                {
                    Withdrawn = false, WithdrawnBy = null, WithdrawnAt = null, WithdrawalReason = null, PublishedBy = by, PublishedAt = at,
                    History = [.. current.History, change],
                };
                return ((await _container.ReplaceItemAsync(again, again.Id, pk, new ItemRequestOptions { IfMatchEtag = current.ETag }, ct)).Resource, true);
            }
            catch (CosmosException e) when (e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed)
            {
                // Another publication or withdrawal came first: decide again on what it left.
            }
        }
        throw new InvalidOperationException($"the publication of {period.Key} kept changing");
    }

    /// <summary>Withdraws the period's publication with a reason: its scorecards, report and findings are private again.</summary>
    public async Task<(WithdrawalOutcome Outcome, RankingPublication? Publication)> WithdrawAsync(string jurisdiction, ScorecardPeriod period, string by, DateTimeOffset at, string reason, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await FindPublicationAsync(jurisdiction, period, ct);
            if (current is null) return (WithdrawalOutcome.NotPublished, null);
            if (current.Withdrawn) return (WithdrawalOutcome.AlreadyWithdrawn, current);
            var withdrawn = current with
            {
                Withdrawn = true, WithdrawnBy = by, WithdrawnAt = at, WithdrawalReason = reason,
                History = [.. current.History, new PublicationChange("Withdrawn", by, at, reason)],
            };
            try
            {
                return (WithdrawalOutcome.Withdrawn,
                    (await _container.ReplaceItemAsync(withdrawn, withdrawn.Id, new PartitionKey(jurisdiction), new ItemRequestOptions { IfMatchEtag = current.ETag }, ct)).Resource);
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                // Someone published or withdrew meanwhile: look again.
            }
        }
        throw new InvalidOperationException($"the publication of {period.Key} kept changing");
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
