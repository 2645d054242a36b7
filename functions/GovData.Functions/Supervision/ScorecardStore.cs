using System.Net;
using System.Text.Json.Serialization;
using GovData.Domain.Supervision;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Supervision;

/// <summary>
/// One department's counters for one year: the year, its four quarters and twelve months in one document, so an event
/// changes all three of its periods in one write, and the ids of the events already applied sit in the same write
/// (a redelivered event finds its id and changes nothing, even after a crash between read and write).
/// </summary>
public sealed record ScorecardDocument
{
    /// <summary>Document kind.</summary>
    public const string DocumentType = "scorecard";

    /// <summary><c>scorecard:{department}:{year}</c>.</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = DocumentType;
    /// <summary>The department.</summary>
    public required string Department { get; init; }
    /// <summary>The year (China time).</summary>
    public int Year { get; init; }
    /// <summary>Counters by period key (<c>2026</c>, <c>2026-Q4</c>, <c>2026-11</c>).</summary>
    public Dictionary<string, ScorecardCounters> Periods { get; init; } = [];
    /// <summary>The ids of the events counted here.</summary>
    public List<string> Applied { get; init; } = [];
    /// <summary>When the last event was counted.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>A department's standing now (not per period): how many of its findings are open.</summary>
public sealed record StandingDocument
{
    /// <summary>Document kind.</summary>
    public const string DocumentType = "standing";

    /// <summary><c>standing:{department}</c>.</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = DocumentType;
    /// <summary>The department.</summary>
    public required string Department { get; init; }
    /// <summary>Findings open (or waiting for an acceptance decision) now.</summary>
    public int OpenFindings { get; init; }
    /// <summary>The ids of the finding events counted here.</summary>
    public List<string> Applied { get; init; } = [];
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>A department's counters of one period as read from its year document.</summary>
public sealed record ScorecardRow(string Department, ScorecardCounters Counters);

/// <summary>Scorecard and standing documents in the <c>supervision</c> container; applying an event is idempotent and safe under concurrency.</summary>
public sealed class ScorecardStore(Database database, TimeProvider time)
{
    /// <summary>How often one event retries after losing a race (412) before the message is left to the queue's retry.</summary>
    public const int MaxAttempts = 20;

    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Supervision);

    /// <summary>The id of a department's year document.</summary>
    public static string ScorecardId(string department, int year) => $"scorecard:{department}:{year}";

    /// <summary>The id of a department's standing document.</summary>
    public static string StandingId(string department) => "standing:" + department;

    /// <summary>Counts the event in its year, quarter and month (and, for findings, in the open count); false when it was already counted.</summary>
    public async Task<bool> ApplyAsync(SupervisionEvent e, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(e);
        var periods = ScorecardPeriod.Of(e.At);
        var year = periods[0].Year;
        var counted = await UpdateAsync<ScorecardDocument>(e.Jurisdiction, ScorecardId(e.Department, year), e.Id,
            () => new ScorecardDocument { Id = ScorecardId(e.Department, year), Jurisdiction = e.Jurisdiction, Department = e.Department, Year = year },
            d => d.Applied,
            d =>
            {
                foreach (var p in periods)
                {
                    if (!d.Periods.TryGetValue(p.Key, out var counters)) d.Periods[p.Key] = counters = new ScorecardCounters();
                    counters.Apply(e.Kind, e.Data);
                }
                d.Applied.Add(e.Id);
                return d with { UpdatedAt = time.GetUtcNow() };
            }, d => d.ETag, ct);
        var delta = e.Kind switch
        {
            SupervisionEventKinds.FindingRaised or SupervisionEventKinds.FindingReopened => 1,
            SupervisionEventKinds.FindingClosed => -1,
            _ => 0,
        };
        if (delta == 0) return counted;
        var standing = await UpdateAsync<StandingDocument>(e.Jurisdiction, StandingId(e.Department), e.Id,
            () => new StandingDocument { Id = StandingId(e.Department), Jurisdiction = e.Jurisdiction, Department = e.Department },
            d => d.Applied,
            d => { d.Applied.Add(e.Id); return d with { OpenFindings = Math.Max(0, d.OpenFindings + delta) }; }, d => d.ETag, ct);
        return counted || standing;
    }

    // Read, skip if the event is already in, change, write under the ETag (create when new); a lost race reads again.
    private async Task<bool> UpdateAsync<T>(string jurisdiction, string id, string eventId, Func<T> create, Func<T, List<string>> applied,
        Func<T, T> change, Func<T, string?> etag, CancellationToken ct)
    {
        var pk = new PartitionKey(jurisdiction);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            T? current;
            try { current = (await _container.ReadItemAsync<T>(id, pk, cancellationToken: ct)).Resource; }
            catch (CosmosException x) when (x.StatusCode == HttpStatusCode.NotFound) { current = default; }
            if (current is not null && applied(current).Contains(eventId, StringComparer.Ordinal)) return false;
            try
            {
                if (current is null) await _container.CreateItemAsync(change(create()), pk, cancellationToken: ct);
                else await _container.ReplaceItemAsync(change(current), id, pk, new ItemRequestOptions { IfMatchEtag = etag(current) }, ct);
                return true;
            }
            catch (CosmosException x) when (x.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
            {
                // Someone else wrote first: back off a little (more each time) so two writers do not keep colliding.
                await Task.Delay(Random.Shared.Next(1, 5 * (attempt + 1)), ct);
            }
        }
        throw new InvalidOperationException($"{id} kept changing while event {eventId} was being counted; the message will be retried");
    }

    /// <summary>A department's counters for a period, or empty counters when nothing happened.</summary>
    public async Task<ScorecardCounters> ReadAsync(string jurisdiction, string department, ScorecardPeriod period, CancellationToken ct)
    {
        try
        {
            var doc = (await _container.ReadItemAsync<ScorecardDocument>(ScorecardId(department, period.Year), new PartitionKey(jurisdiction), cancellationToken: ct)).Resource;
            return doc.Periods.GetValueOrDefault(period.Key) ?? new ScorecardCounters();
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return new ScorecardCounters(); }
    }

    /// <summary>How many findings of the department are open now.</summary>
    public async Task<int> OpenFindingsAsync(string jurisdiction, string department, CancellationToken ct)
    {
        try
        {
            return (await _container.ReadItemAsync<StandingDocument>(StandingId(department), new PartitionKey(jurisdiction), cancellationToken: ct)).Resource.OpenFindings;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return 0; }
    }

    private sealed record PeriodsRow(string Department, Dictionary<string, ScorecardCounters> Periods);
    private sealed record StandingRow(string Department, int OpenFindings);

    /// <summary>Every department's counters for a period (departments with a year document; the applied ids are not read).</summary>
    public async Task<List<ScorecardRow>> ListAsync(string jurisdiction, ScorecardPeriod period, CancellationToken ct)
    {
        var rows = new List<ScorecardRow>();
        await foreach (var r in _container.QueryAsync<PeriodsRow>(jurisdiction, "c.type = @t AND c.year = @y",
            new Dictionary<string, object?> { ["@t"] = ScorecardDocument.DocumentType, ["@y"] = period.Year }, select: "c.department, c.periods", pageSize: 200, cancellationToken: ct))
            rows.Add(new ScorecardRow(r.Department, r.Periods.GetValueOrDefault(period.Key) ?? new ScorecardCounters()));
        return rows;
    }

    /// <summary>Every department's open finding count now.</summary>
    public async Task<Dictionary<string, int>> OpenFindingsAsync(string jurisdiction, CancellationToken ct)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var r in _container.QueryAsync<StandingRow>(jurisdiction, "c.type = @t",
            new Dictionary<string, object?> { ["@t"] = StandingDocument.DocumentType }, select: "c.department, c.openFindings", pageSize: 500, cancellationToken: ct))
            map[r.Department] = r.OpenFindings;
        return map;
    }
}
