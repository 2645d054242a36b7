using System.Text.Json.Serialization;
using GovData.Domain.Catalog;

namespace GovData.Functions.Catalog;

/// <summary>
/// The stored form of one entry: the domain entry plus what queries need without reading it (listing, search text,
/// item key). One document per entry, so every transition is one replace guarded by the ETag.
/// </summary>
public sealed record CatalogEntryDocument
{
    /// <summary>The entry id.</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = CatalogStore.EntryType;
    /// <summary>Owning department.</summary>
    public required string Department { get; init; }
    /// <summary>The entry's code (top level for projections).</summary>
    public string Code { get; init; } = "";
    /// <summary>The entry's name (published, else working).</summary>
    public string Name { get; init; } = "";
    /// <summary>The entry.</summary>
    public required CatalogEntry Entry { get; init; }
    /// <summary>Published and not retired: in search results and exports.</summary>
    public bool Listed { get; init; }
    /// <summary>The working version's state, or "None".</summary>
    public string WorkingState { get; init; } = "None";
    /// <summary>The published version's summary, for search without reading the whole entry.</summary>
    public CatalogListing? Listing { get; init; }
    /// <summary>Lower-case name, summary and data item names of the published version (keyword search).</summary>
    public string? SearchText { get; init; }
    /// <summary>The data items' key (published version, else working) for the 一数一源 check.</summary>
    public string ItemKey { get; init; } = "";
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    /// <summary>Builds the document for <paramref name="entry"/>.</summary>
    public static CatalogEntryDocument From(CatalogEntry entry)
    {
        var p = entry.Published;
        var listing = p is null ? null : new CatalogListing(entry.Id, p.Content.Code, p.Content.Name, entry.Department, p.Content.Summary,
            p.Content.SharingType, p.Content.OpenType, p.Content.UpdateCycle, p.Number, p.PublishedAt ?? entry.CreatedAt,
            p.Content.DataItems.Select(i => i.Name).ToArray(), p.Content.Format);
        return new CatalogEntryDocument
        {
            Id = entry.Id,
            Jurisdiction = entry.Jurisdiction,
            Department = entry.Department,
            Code = entry.Code,
            Name = (p ?? entry.Working!).Content.Name,
            Entry = entry,
            Listed = entry.IsListed,
            WorkingState = entry.Working?.State.ToString() ?? "None",
            Listing = listing,
            SearchText = p is null ? null : string.Join('\n', [p.Content.Name, p.Content.Summary, .. p.Content.DataItems.Select(i => i.Name)]).ToLowerInvariant(),
            ItemKey = DuplicateCheck.KeyOf((p ?? entry.Working!).Content.DataItems),
        };
    }
}

/// <summary>What search returns per entry: the published version's headline fields.</summary>
public sealed record CatalogListing(string Id, string Code, string Name, string Department, string Summary, SharingType SharingType,
    OpenType OpenType, UpdateCycle UpdateCycle, int Version, DateTimeOffset PublishedAt, IReadOnlyList<string> DataItemNames, string? Format);

/// <summary>Reserves a code in a jurisdiction: created with CreateItem, so two entries cannot take the same code.</summary>
public sealed record CodeReservation(string Id, string Jurisdiction, string EntryId, string Type = CatalogStore.CodeType);

/// <summary>A department's yearly full review of its catalog (001 第十条).</summary>
public sealed record AnnualReviewDocument(string Id, string Jurisdiction, string Department, int Year, string ReviewedBy, DateTimeOffset ReviewedAt, string? Note, string Type = CatalogStore.AnnualReviewType);
