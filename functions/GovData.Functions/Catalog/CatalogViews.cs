using GovData.Domain.Catalog;
using GovData.Domain.Identity;

namespace GovData.Functions.Catalog;

/// <summary>What an entry looks like to a caller: the published version to everyone of the jurisdiction, the working version only to those who may see drafts.</summary>
public static class CatalogViews
{
    /// <summary>The entry as <paramref name="caller"/> (null: the public) may see it.</summary>
    public static object Entry(CatalogEntryDocument doc, Caller? caller, DateTimeOffset now, IReadOnlyList<DuplicateWarning>? warnings = null)
    {
        var e = doc.Entry;
        var owner = caller is not null && CatalogWorkflow.CanSeeWorking(e, caller);
        return new
        {
            id = e.Id,
            jurisdiction = e.Jurisdiction,
            department = e.Department,
            code = e.Code,
            state = e.State,
            version = owner ? e.LatestVersion : e.Published?.Number ?? 0,
            effectiveSharingType = e.EffectiveSharingTypeAt(now),
            published = e.Published,
            working = owner ? e.Working : null,
            emergency = e.Emergency is { } em ? new { em.From, em.RaisedTo, em.Until, em.Reason, em.Conditions, em.DeclaredAt, em.EndedAt, em.EndReason, active = em.IsActiveAt(now) } : null,
            retirement = caller is null ? null : e.Retirement,
            pendingChange = owner ? e.PendingChange : null,
            warnings = warnings is { Count: > 0 } ? warnings : null,
        };
    }

    /// <summary>The versions and events a caller may see.</summary>
    public static object History(CatalogEntry e, Caller caller)
    {
        var owner = CatalogWorkflow.CanSeeWorking(e, caller);
        return new
        {
            id = e.Id,
            code = e.Code,
            versions = e.AllVersions.Where(v => owner || v.State == CatalogEntryState.Published || v.SupersededAt is not null),
            events = owner ? e.Events : e.Events.Where(x => x.Action is "publish" or "emergency.reclassify" or "emergency.end" or "retirement.approve").ToList(),
        };
    }
}
