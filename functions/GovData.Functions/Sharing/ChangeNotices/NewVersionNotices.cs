using GovData.Domain.Sharing.ChangeNotices;
using GovData.Functions.Aggregation;
using GovData.Functions.Catalog;

namespace GovData.Functions.Sharing.ChangeNotices;

/// <summary>Turns a new curated version into change notices for the entry's grant holders, timed from the version's acceptance.</summary>
public sealed class NewVersionNotices(ChangeNoticeService service) : ICuratedVersionObserver
{
    /// <inheritdoc />
    public Task VersionAcceptedAsync(CatalogEntryDocument entry, VersionDocument version, CancellationToken ct) =>
        service.NotifyAsync(new DataChange(version.Jurisdiction, version.EntryId, entry.Code, entry.Department,
            ChangeNoticeRules.VersionChangeId(version.EntryId, version.Version), ChangeKind.NewVersion, version.Version, version.AcceptedAt, null,
            $"version {version.Version} of {entry.Code} accepted ({version.RowsAccepted} rows)"), ct);
}
