using GovData.Domain.Catalog;
using GovData.Domain.Sharing;
using GovData.Functions.Aggregation;
using GovData.Functions.Catalog;

namespace GovData.Functions.Sharing;

/// <summary>
/// Who may use an entry's data (and so report errors in it, 004 第十四条): every department for Unconditional data, otherwise
/// only a department holding an active grant from a share request (not revoked, not expired).
/// </summary>
public sealed class SharingDataGrants(ShareStore store) : IDataGrants
{
    /// <inheritdoc />
    public async Task<bool> HoldsGrantAsync(string department, CatalogEntryDocument entry, DateTimeOffset now, CancellationToken ct)
    {
        if (entry.Entry.EffectiveSharingTypeAt(now) == SharingType.Unconditional) return true;
        var held = await store.OfDepartmentAsync(entry.Jurisdiction, department, grantsOnly: true, ct);
        return held.Any(d => d.Requester == department && d.Request.Terms.EntryId == entry.Id && d.Request.Grant?.StateAt(now) == GrantState.Active);
    }
}
