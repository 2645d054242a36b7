using System.Net;
using System.Text.Json.Serialization;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Supervision;

/// <summary>
/// The number of data resources a department is expected to catalogue in a year, recorded by the DataAuthority from the
/// department's duties list (职责/权责清单, 001 第九条, 004 第八条) with the source it was taken from: the denominator of
/// catalog coverage. Every change is kept in <see cref="History"/>.
/// </summary>
public sealed record CatalogBaseline
{
    /// <summary>Document kind.</summary>
    public const string DocumentType = "catalog-baseline";
    /// <summary><c>catalog-baseline:{department}:{year}</c>.</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = DocumentType;
    /// <summary>The department.</summary>
    public required string Department { get; init; }
    /// <summary>The year it applies to.</summary>
    public int Year { get; init; }
    /// <summary>Data resources the department is expected to catalogue.</summary>
    public int ExpectedResources { get; init; }
    /// <summary>Where the figure comes from, e.g. the duties list and its version or document number.</summary>
    public required string Source { get; init; }
    /// <summary>Who recorded the current figure.</summary>
    public required string SetBy { get; init; }
    /// <summary>When.</summary>
    public DateTimeOffset SetAt { get; init; }
    /// <summary>Every figure recorded, oldest first.</summary>
    public List<BaselineChange> History { get; init; } = [];
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>One recorded baseline figure.</summary>
public sealed record BaselineChange(int ExpectedResources, string Source, string By, DateTimeOffset At);

/// <summary>Catalog baselines in the <c>supervision</c> container.</summary>
public sealed class CatalogBaselineStore(Database database)
{
    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Supervision);

    /// <summary>The id of a department's baseline for a year.</summary>
    public static string BaselineId(string department, int year) => $"catalog-baseline:{department}:{year}";

    /// <summary>The baseline, or null.</summary>
    public async Task<CatalogBaseline?> FindAsync(string jurisdiction, string department, int year, CancellationToken ct)
    {
        try { return (await _container.ReadItemAsync<CatalogBaseline>(BaselineId(department, year), new PartitionKey(jurisdiction), cancellationToken: ct)).Resource; }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>Every baseline of the year, by department.</summary>
    public async Task<Dictionary<string, CatalogBaseline>> ListAsync(string jurisdiction, int year, CancellationToken ct)
    {
        var map = new Dictionary<string, CatalogBaseline>(StringComparer.Ordinal);
        await foreach (var b in _container.QueryAsync<CatalogBaseline>(jurisdiction, "c.type = @t AND c.year = @y",
            new Dictionary<string, object?> { ["@t"] = CatalogBaseline.DocumentType, ["@y"] = year }, cancellationToken: ct))
            map[b.Department] = b;
        return map;
    }

    /// <summary>
    /// Records the figure over <paramref name="current"/> (null: none yet), conditional on its ETag (or on there being none);
    /// null when someone else changed it first.
    /// </summary>
    public async Task<CatalogBaseline?> SetAsync(CatalogBaseline? current, string jurisdiction, string department, int year, int expected, string source,
        string by, DateTimeOffset at, CancellationToken ct)
    {
        var pk = new PartitionKey(jurisdiction);
        var change = new BaselineChange(expected, source, by, at);
        try
        {
            if (current is null)
            {
                var doc = new CatalogBaseline
                {
                    Id = BaselineId(department, year), Jurisdiction = jurisdiction, Department = department, Year = year,
                    ExpectedResources = expected, Source = source, SetBy = by, SetAt = at, History = [change],
                };
                return (await _container.CreateItemAsync(doc, pk, cancellationToken: ct)).Resource;
            }
            var next = current with { ExpectedResources = expected, Source = source, SetBy = by, SetAt = at, History = [.. current.History, change] };
            return (await _container.ReplaceItemAsync(next, next.Id, pk, new ItemRequestOptions { IfMatchEtag = current.ETag }, ct)).Resource;
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            return null;
        }
    }
}
