using GovData.Functions.Aggregation;
using GovData.Functions.Catalog;

namespace GovData.Functions.Sharing;

/// <summary>
/// Meets availability deadlines (002 第二十三条: 汇聚…并达到共享条件) when aggregation accepts a new curated version of the
/// requested entry: "made available" means a version of the entry the request names is available on the platform, where a
/// grant's queries and downloads read it. Every request of the entry whose availability deadline runs is met, in time or late.
/// Called before the submission's outcome is recorded and again on its retry; each request's step is idempotent per version.
/// </summary>
public sealed class ShareAvailability(ShareStore store, ShareFollowUp followUp) : ICuratedVersionObserver
{
    /// <inheritdoc />
    public async Task VersionAcceptedAsync(CatalogEntryDocument entry, VersionDocument version, CancellationToken ct)
    {
        foreach (var doc in await store.ForEntryAsync(version.Jurisdiction, version.EntryId, ct))
        {
            // Running, or met by this very version by an attempt that may have stopped before its follow-ups.
            var r = doc.Request;
            if (r.AvailabilityRunning || r.Availability?.Version == version.Version)
                await followUp.MeetAvailabilityAsync(version.Jurisdiction, r.Id, version.Version, version.AcceptedAt, ct);
        }
    }
}
