using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using GovData.Domain.Supervision;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Supervision;

/// <summary>
/// One department's counters for one month (China time). Quarters and years are the sums of their months (3 or 12 point
/// reads), so an event changes one small document whatever the time of year. <see cref="Applied"/> says which events
/// were counted here in a fixed size (<see cref="AppliedIds"/>), so the document does not grow with the events it counted.
/// </summary>
public sealed record ScorecardMonthDocument
{
    /// <summary>Document kind.</summary>
    public const string DocumentType = "scorecard-month";

    /// <summary><c>scorecard:{department}:{yyyy-MM}</c>.</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = DocumentType;
    /// <summary>The department.</summary>
    public required string Department { get; init; }
    /// <summary>The year (China time).</summary>
    public int Year { get; init; }
    /// <summary>The month, 1-12 (China time).</summary>
    public int Month { get; init; }
    /// <summary>The month's counters.</summary>
    public ScorecardCounters Counters { get; init; } = new();
    /// <summary>The events counted here (see <see cref="ScorecardStore"/>).</summary>
    public AppliedIds Applied { get; init; } = new();
    /// <summary>When the last event was counted.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>A department's standing across periods: findings open now, and the catalog entries it has catalogued by month (for coverage).</summary>
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
    /// <summary>Catalog entries first published, by month key (<c>2026-11</c>): one number per month, not per entry.</summary>
    public Dictionary<string, int> CataloguedByMonth { get; init; } = [];
    /// <summary>The events counted here.</summary>
    public AppliedIds Applied { get; init; } = new();
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    /// <summary>Entries catalogued up to the end of <paramref name="month"/> (all earlier months included).</summary>
    public int CataloguedThrough(ScorecardPeriod month) =>
        CataloguedByMonth.Where(m => string.CompareOrdinal(m.Key, month.Key) <= 0).Sum(m => m.Value);
}

/// <summary>
/// "Event E is counted in document D": a tiny create-only document in the <c>supervision-applied</c> container, one per
/// event and target document. It keeps idempotency out of the counter documents (which would otherwise grow with every
/// event) and out of the container that supervision queries scan.
/// </summary>
public sealed record AppliedMarker
{
    /// <summary>A hash of the target document id and the event id (event ids may be long or hold characters ids may not).</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>The counter document.</summary>
    public required string Document { get; init; }
    /// <summary>The event id.</summary>
    public required string Event { get; init; }
    /// <summary>When the marker was written.</summary>
    public DateTimeOffset At { get; init; }
}

/// <summary>A department's counters of one period (summed over its months).</summary>
public sealed record ScorecardRow(string Department, ScorecardCounters Counters);

/// <summary>
/// Month counter documents and standing documents in the <c>supervision</c> container, applied-markers in
/// <c>supervision-applied</c>. Applying an event is idempotent and safe under concurrency without a transaction (the
/// emulator has no transactional batch):
/// <list type="number">
/// <item>read the counter document; the event is counted when its id is pending there, surely not counted when the
/// document's filter does not have it, and otherwise (a filter hit) counted exactly when its marker exists (one point read);</item>
/// <item>when <see cref="AppliedIds.MaxPending"/> ids are pending, write their markers (in parallel; 409 = already there)
/// and move them into the filter;</item>
/// <item>write the document under its ETag with the counters changed and the event's id pending.</item>
/// </list>
/// An id leaves the pending list only after its marker exists, so a crash anywhere leaves the event either uncounted (no
/// write happened) or findable (pending, or marked): a redelivery neither loses nor double-counts it. Per event: one read,
/// one conditional write, one marker create (in batches of 16), and a marker read only on a filter hit; none of them grows
/// with what the document counted before.
/// </summary>
public sealed class ScorecardStore(Database database, TimeProvider time)
{
    /// <summary>How often one event retries after losing a race (412) before the message is left to the queue's retry.</summary>
    public const int MaxAttempts = 20;

    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Supervision);
    private readonly Container _applied = database.GetContainer(StorageNames.Cosmos.SupervisionApplied);

    /// <summary>The id of a department's month document.</summary>
    public static string ScorecardId(string department, ScorecardPeriod month) =>
        month.Kind == PeriodKind.Month ? $"scorecard:{department}:{month.Key}" : throw new ArgumentException("a month", nameof(month));

    /// <summary>The id of a department's standing document.</summary>
    public static string StandingId(string department) => "standing:" + department;

    /// <summary>The id of the marker saying <paramref name="eventId"/> is counted in <paramref name="document"/>.</summary>
    public static string MarkerId(string document, string eventId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document + "\n" + eventId)));

    /// <summary>Counts the event in its month (and, for findings and first catalog publications, in the standing); false when it was already counted.</summary>
    public async Task<bool> ApplyAsync(SupervisionEvent e, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(e);
        var month = ScorecardPeriod.Of(e.At)[2];
        var id = ScorecardId(e.Department, month);
        var counted = await UpdateAsync<ScorecardMonthDocument>(e.Jurisdiction, id, e.Id,
            () => new ScorecardMonthDocument { Id = id, Jurisdiction = e.Jurisdiction, Department = e.Department, Year = month.Year, Month = month.Number },
            d => d.Applied,
            d =>
            {
                d.Counters.Apply(e.Kind, e.Data);
                return d with { UpdatedAt = time.GetUtcNow() };
            }, d => d.ETag, ct);
        var delta = e.Kind switch
        {
            SupervisionEventKinds.FindingRaised or SupervisionEventKinds.FindingReopened => 1,
            SupervisionEventKinds.FindingClosed => -1,
            _ => 0,
        };
        var catalogued = e.Kind == SupervisionEventKinds.CatalogEntryPublished && e.Data.GetValueOrDefault("firstPublication") == "true";
        if (delta == 0 && !catalogued) return counted;
        var standing = await UpdateAsync<StandingDocument>(e.Jurisdiction, StandingId(e.Department), e.Id,
            () => new StandingDocument { Id = StandingId(e.Department), Jurisdiction = e.Jurisdiction, Department = e.Department },
            d => d.Applied,
            d =>
            {
                if (catalogued) d.CataloguedByMonth[month.Key] = d.CataloguedByMonth.GetValueOrDefault(month.Key) + 1;
                return d with { OpenFindings = Math.Max(0, d.OpenFindings + delta) };
            }, d => d.ETag, ct);
        return counted || standing;
    }

    // See the class summary: an id leaves the pending list only once its marker exists.
    private async Task<bool> UpdateAsync<T>(string jurisdiction, string id, string eventId, Func<T> create, Func<T, AppliedIds> applied,
        Func<T, T> change, Func<T, string?> etag, CancellationToken ct) where T : class
    {
        var pk = new PartitionKey(jurisdiction);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            T? current;
            try { current = (await _container.ReadItemAsync<T>(id, pk, cancellationToken: ct)).Resource; }
            catch (CosmosException x) when (x.StatusCode == HttpStatusCode.NotFound) { current = null; }
            var next = current ?? create();
            var ids = applied(next);
            switch (ids.Check(eventId))
            {
                case AppliedCheck.Yes: return false;
                case AppliedCheck.Maybe when await MarkerExistsAsync(jurisdiction, id, eventId, ct): return false;
            }
            if (ids.Full)
            {
                await Task.WhenAll(ids.Pending.Select(p => EnsureMarkerAsync(jurisdiction, id, p, ct)));
                ids.Settle();
            }
            ids.Pending.Add(eventId);
            try
            {
                if (current is null) await _container.CreateItemAsync(change(next), pk, new ItemRequestOptions { EnableContentResponseOnWrite = false }, ct);
                else await _container.ReplaceItemAsync(change(next), id, pk, new ItemRequestOptions { IfMatchEtag = etag(current), EnableContentResponseOnWrite = false }, ct);
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

    private async Task<bool> MarkerExistsAsync(string jurisdiction, string document, string eventId, CancellationToken ct)
    {
        try
        {
            using var response = await _applied.ReadItemStreamAsync(MarkerId(document, eventId), new PartitionKey(jurisdiction), cancellationToken: ct);
            if (response.StatusCode == HttpStatusCode.NotFound) return false;
            response.EnsureSuccessStatusCode();
            return true;
        }
        catch (CosmosException x) when (x.StatusCode == HttpStatusCode.NotFound) { return false; }
    }

    private async Task EnsureMarkerAsync(string jurisdiction, string document, string eventId, CancellationToken ct)
    {
        try
        {
            await _applied.CreateItemAsync(new AppliedMarker { Id = MarkerId(document, eventId), Jurisdiction = jurisdiction, Document = document, Event = eventId, At = time.GetUtcNow() },
                new PartitionKey(jurisdiction), new ItemRequestOptions { EnableContentResponseOnWrite = false }, ct);
        }
        catch (CosmosException x) when (x.StatusCode == HttpStatusCode.Conflict) { /* another writer made it first */ }
    }

    /// <summary>A department's counters for a period (the sum of its months; 1, 3 or 12 point reads), or empty counters when nothing happened.</summary>
    public async Task<ScorecardCounters> ReadAsync(string jurisdiction, string department, ScorecardPeriod period, CancellationToken ct)
    {
        var pk = new PartitionKey(jurisdiction);
        var months = await Task.WhenAll(period.Months.Select(async m =>
        {
            try { return (await _container.ReadItemAsync<ScorecardMonthDocument>(ScorecardId(department, m), pk, cancellationToken: ct)).Resource.Counters; }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
        }));
        return ScorecardCounters.Sum(months.OfType<ScorecardCounters>());
    }

    /// <summary>A department's standing document (open findings, entries catalogued), or an empty one.</summary>
    public async Task<StandingDocument> StandingAsync(string jurisdiction, string department, CancellationToken ct)
    {
        try { return (await _container.ReadItemAsync<StandingDocument>(StandingId(department), new PartitionKey(jurisdiction), cancellationToken: ct)).Resource; }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return new StandingDocument { Id = StandingId(department), Jurisdiction = jurisdiction, Department = department };
        }
    }

    /// <summary>How many findings of the department are open now.</summary>
    public async Task<int> OpenFindingsAsync(string jurisdiction, string department, CancellationToken ct) =>
        (await StandingAsync(jurisdiction, department, ct)).OpenFindings;

    private sealed record MonthRow(string Department, int Month, ScorecardCounters Counters);

    /// <summary>Every department's counters for a period (departments with at least one month document in the period's year).</summary>
    public async Task<List<ScorecardRow>> ListAsync(string jurisdiction, ScorecardPeriod period, CancellationToken ct)
    {
        var months = period.Months.Select(m => m.Number).ToHashSet();
        var sums = new Dictionary<string, ScorecardCounters>(StringComparer.Ordinal);
        await foreach (var r in _container.QueryAsync<MonthRow>(jurisdiction, "c.type = @t AND c.year = @y",
            new Dictionary<string, object?> { ["@t"] = ScorecardMonthDocument.DocumentType, ["@y"] = period.Year }, select: "c.department, c.month, c.counters", pageSize: 500, cancellationToken: ct))
        {
            if (!sums.TryGetValue(r.Department, out var sum)) sums[r.Department] = sum = new ScorecardCounters();
            if (months.Contains(r.Month)) sum.Add(r.Counters);
        }
        return sums.Select(s => new ScorecardRow(s.Key, s.Value)).ToList();
    }

    /// <summary>Every department's standing document.</summary>
    public async Task<Dictionary<string, StandingDocument>> StandingsAsync(string jurisdiction, CancellationToken ct)
    {
        var map = new Dictionary<string, StandingDocument>(StringComparer.Ordinal);
        await foreach (var r in _container.QueryAsync<StandingDocument>(jurisdiction, "c.type = @t",
            new Dictionary<string, object?> { ["@t"] = StandingDocument.DocumentType }, pageSize: 500, cancellationToken: ct))
            map[r.Department] = r;
        return map;
    }

    /// <summary>Every department's open finding count now.</summary>
    public async Task<Dictionary<string, int>> OpenFindingsAsync(string jurisdiction, CancellationToken ct) =>
        (await StandingsAsync(jurisdiction, ct)).ToDictionary(s => s.Key, s => s.Value.OpenFindings, StringComparer.Ordinal);
}
