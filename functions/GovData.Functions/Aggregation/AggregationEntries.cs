using GovData.Domain.Aggregation;
using GovData.Functions.Audit;
using GovData.Functions.Hosting.Http;

namespace GovData.Functions.Aggregation;

/// <summary>
/// What a department sees and sets of aggregation per entry, with no HTTP in sight: the curated versions of an entry and
/// its settings (quality threshold, key items, examples per rule). Only the owning department's entries, published or not;
/// any other answers not found, so ids cannot be probed. Every read and change is audited.
/// </summary>
public sealed class AggregationEntries(AggregationService service, AggregationStore store, IAuditLog audit, TimeProvider time)
{
    /// <summary>The curated versions of the entry, oldest first, with their lineage; removed ones marked, and the current (latest not removed) version.</summary>
    public async Task<AggregationAnswer<CuratedVersionList>> VersionsAsync(RequestContext request, string entryId, CancellationToken ct)
    {
        var caller = request.User;
        var (entry, refusal) = await service.OwnEntryAsync(caller, entryId, requirePublished: false, ct);
        if (refusal is not null) return AggregationRefusal.NotFound($"Catalog entry {entryId}");
        // Removed versions stay listed, with who removed them and why: removal withdraws a version, it does not erase its history.
        var versions = (await store.VersionsAsync(caller.Jurisdiction, entryId, ct)).Where(v => v.State != VersionState.Writing).ToList();
        var current = VersionRemovalRules.Current(versions.Select(v => (v.Version, v.State == VersionState.Removed)));
        await audit.WriteAsync(request.AuditFor("aggregation.versions.list", AggregationService.EntryResource(caller.Jurisdiction, entryId)) with
        {
            DataContent = $"{entry!.Code} {versions.Count} versions",
        }, ct);
        return AggregationAnswer<CuratedVersionList>.Done(new CuratedVersionList(entryId, current, versions.Select(CuratedVersionView.Of).ToList()));
    }

    /// <summary>The entry's settings, or the defaults until set.</summary>
    public async Task<AggregationAnswer<AggregationSettings>> SettingsAsync(RequestContext request, string entryId, CancellationToken ct)
    {
        var caller = request.User;
        var (_, refusal) = await service.OwnEntryAsync(caller, entryId, requirePublished: false, ct);
        if (refusal is not null) return AggregationRefusal.NotFound($"Catalog entry {entryId}");
        var settings = await service.SettingsAsync(caller.Jurisdiction, entryId, ct);
        await audit.WriteAsync(request.AuditFor("aggregation.settings.read", AggregationService.EntryResource(caller.Jurisdiction, entryId)), ct);
        return AggregationAnswer<AggregationSettings>.Done(settings);
    }

    /// <summary>Sets the entry's settings, checked against its data items (the published version's, else the working one's).</summary>
    public async Task<AggregationAnswer<AggregationSettings>> UpdateSettingsAsync(RequestContext request, string entryId, SettingsRequest body, CancellationToken ct)
    {
        var caller = request.User;
        var (entry, refusal) = await service.OwnEntryAsync(caller, entryId, requirePublished: false, ct);
        if (refusal is not null) return AggregationRefusal.NotFound($"Catalog entry {entryId}");
        var settings = new AggregationSettings { MaxFailedRowRatio = body.MaxFailedRowRatio, KeyItems = body.KeyItems, ExamplesPerRule = body.ExamplesPerRule };
        var content = (entry!.Entry.Published ?? entry.Entry.Working)!.Content;
        var errors = settings.Validate(content.DataItems);
        if (errors.Count > 0) return AggregationRefusal.Invalid(errors.Select(e => e with { Field = e.Field.Replace("aggregation.", "", StringComparison.Ordinal) }).ToList());
        await store.SaveSettingsAsync(new SettingsDocument(AggregationStore.SettingsId(entryId), caller.Jurisdiction, entryId, entry.Department, settings,
            caller.UserId, time.GetUtcNow()), ct);
        await audit.WriteAsync(request.AuditFor("aggregation.settings.update", AggregationService.EntryResource(caller.Jurisdiction, entryId)) with
        {
            DataContent = $"{entry.Code} maxFailedRowRatio {settings.MaxFailedRowRatio} keys [{string.Join(",", settings.KeyItems ?? [])}]",
        }, ct);
        return AggregationAnswer<AggregationSettings>.Done(settings);
    }
}
