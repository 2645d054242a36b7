using GovData.Functions.Catalog;

namespace GovData.Functions.Aggregation;

/// <summary>
/// Told when aggregation has made a new curated version available (sharing sends change notices to the entry's grant
/// holders). Called before the submission's outcome is recorded, so a failure is retried with the submission; it must be
/// idempotent per entry and version.
/// </summary>
public interface ICuratedVersionObserver
{
    /// <summary>A new version of <paramref name="entry"/> was accepted.</summary>
    Task VersionAcceptedAsync(CatalogEntryDocument entry, VersionDocument version, CancellationToken ct);
}
