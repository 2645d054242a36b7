using GovData.Domain;
using GovData.Domain.Catalog;
using GovData.Domain.Identity;

namespace GovData.Functions.Catalog;

/// <summary>An entry as one caller may see it: the published version to everyone of the jurisdiction, the working version only to those who may see drafts.</summary>
public sealed record CatalogEntryView(string Id, string Jurisdiction, string Department, string Code, CatalogEntryState State, int Version,
    SharingType? EffectiveSharingType, CatalogVersion? Published, CatalogVersion? Working, CatalogEmergencyView? Emergency,
    RetirementRequest? Retirement, DeclaredChange? PendingChange, IReadOnlyList<DuplicateWarning>? Warnings)
{
    /// <summary>The entry as <paramref name="caller"/> (null: the public) may see it at <paramref name="now"/>.</summary>
    public static CatalogEntryView Of(CatalogEntryDocument doc, Caller? caller, DateTimeOffset now, IReadOnlyList<DuplicateWarning>? warnings = null)
    {
        var e = doc.Entry;
        var owner = caller is not null && CatalogWorkflow.CanSeeWorking(e, caller);
        return new CatalogEntryView(e.Id, e.Jurisdiction, e.Department, e.Code, e.State,
            owner ? e.LatestVersion : e.Published?.Number ?? 0,
            e.EffectiveSharingTypeAt(now),
            e.Published,
            owner ? e.Working : null,
            e.Emergency is { } em ? CatalogEmergencyView.Of(em, now) : null,
            caller is null ? null : e.Retirement,
            owner ? e.PendingChange : null,
            warnings is { Count: > 0 } ? warnings : null);
    }
}

/// <summary>An emergency reclassification (002 第二十条) and whether it is in force now.</summary>
public sealed record CatalogEmergencyView(SharingType From, SharingType RaisedTo, DateTimeOffset Until, string Reason, string? Conditions,
    DateTimeOffset DeclaredAt, DateTimeOffset? EndedAt, string? EndReason, bool Active)
{
    /// <summary>The view of <paramref name="e"/> at <paramref name="now"/>.</summary>
    public static CatalogEmergencyView Of(EmergencyReclassification e, DateTimeOffset now) =>
        new(e.From, e.RaisedTo, e.Until, e.Reason, e.Conditions, e.DeclaredAt, e.EndedAt, e.EndReason, e.IsActiveAt(now));
}

/// <summary>Working versions the caller may act on (GET /api/catalog/drafts).</summary>
public sealed record CatalogEntryList(IReadOnlyList<CatalogEntryView> Items);

/// <summary>The versions and events of an entry a caller may see.</summary>
public sealed record CatalogHistoryView(string Id, string Code, IReadOnlyList<CatalogVersion> Versions, IReadOnlyList<CatalogEvent> Events)
{
    /// <summary>What <paramref name="caller"/> may see of <paramref name="e"/>'s history: everything for the owner, published versions and public events for others.</summary>
    public static CatalogHistoryView Of(CatalogEntry e, Caller caller)
    {
        var owner = CatalogWorkflow.CanSeeWorking(e, caller);
        return new CatalogHistoryView(e.Id, e.Code,
            e.AllVersions.Where(v => owner || v.State == CatalogEntryState.Published || v.SupersededAt is not null).ToList(),
            owner ? e.Events : e.Events.Where(x => x.Action is "publish" or "emergency.reclassify" or "emergency.end" or "retirement.approve").ToList());
    }
}

/// <summary>The differences between two versions of an entry, field by field and data item by data item.</summary>
public sealed record CatalogDiffView(string Id, int From, int To, IReadOnlyList<FieldChange> Changes);

/// <summary>A department's annual review as recorded (POST /api/catalog/annual-reviews/{year}).</summary>
public sealed record AnnualReviewView(int Year, string Department);

/// <summary>The drafts a bulk import created, and the 一数一源 warnings on them.</summary>
public sealed record CatalogImportView(int Imported, IReadOnlyList<ImportedEntry> Entries, IReadOnlyList<ImportWarning> Warnings);

/// <summary>One draft created by an import.</summary>
public sealed record ImportedEntry(string Id, string Code);

/// <summary>A 一数一源 warning on an imported draft.</summary>
public sealed record ImportWarning(string Code, DuplicateWarning Duplicate);

/// <summary>One page of catalog search; <see cref="NextPageToken"/> asks for the next.</summary>
public sealed record CatalogSearchPage(IReadOnlyList<CatalogSearchItem> Items, string? NextPageToken);

/// <summary>One search result: the published version's headline and the sharing type in force (an emergency may raise it).</summary>
public sealed record CatalogSearchItem(string Id, string Code, string Name, string Department, string Summary, SharingType SharingType,
    SharingType PublishedSharingType, OpenType OpenType, UpdateCycle UpdateCycle, int Version, DateTimeOffset PublishedAt,
    IReadOnlyList<string> DataItemNames, string? Format);

/// <summary>The query of a catalog search as the caller wrote it (parsed and checked by <see cref="CatalogSearches"/>).</summary>
public sealed record CatalogSearchQuery(string? Department, string? SharingType, string? OpenType, string? UpdateCycle, string? Keyword,
    string? PageSize, string? PageToken)
{
    /// <summary>The query as a line for the audit record.</summary>
    public string Describe() => string.Join("&", new[]
    {
        ("department", Department), ("sharingType", SharingType), ("openType", OpenType), ("updateCycle", UpdateCycle),
        ("keyword", Keyword), ("pageSize", PageSize), ("pageToken", PageToken),
    }.Where(p => !string.IsNullOrEmpty(p.Item2)).Select(p => $"{p.Item1}={p.Item2}"));
}

/// <summary>A file the catalog hands out (template, export): its bytes or text, media type and download name.</summary>
public sealed record CatalogFile(byte[] Content, string ContentType, string? FileName);

/// <summary>What a catalog operation came to.</summary>
public enum CatalogAnswerKind
{
    /// <summary>Created (201).</summary>
    Created,
    /// <summary>Read or changed (200).</summary>
    Done,
    /// <summary>Refused; nothing changed (the refusal says why).</summary>
    Refused,
}

/// <summary>
/// A catalog operation's outcome, free of HTTP: the value (an entry document, a view, a file), or the refusal with its kind,
/// fields and reasons, and the 一数一源 warnings.
/// </summary>
public sealed record CatalogAnswer<T>(CatalogAnswerKind Kind, T? Value = default, CatalogRefusal? Refusal = null, IReadOnlyList<DuplicateWarning>? Warnings = null)
{
    /// <summary>Refused: <paramref name="refusal"/>.</summary>
    public static CatalogAnswer<T> Refused(CatalogRefusal refusal) => new(CatalogAnswerKind.Refused, Refusal: refusal);
    /// <summary>Done with <paramref name="value"/>.</summary>
    public static CatalogAnswer<T> Done(T value, IReadOnlyList<DuplicateWarning>? warnings = null) => new(CatalogAnswerKind.Done, value, Warnings: warnings);
    /// <summary>Created <paramref name="value"/>.</summary>
    public static CatalogAnswer<T> Created(T value, IReadOnlyList<DuplicateWarning>? warnings = null) => new(CatalogAnswerKind.Created, value, Warnings: warnings);
    /// <summary>Refused because of one field.</summary>
    public static CatalogAnswer<T> Invalid(string field, string reason) => Refused(CatalogRefusal.Invalid(field, reason));
}

/// <summary>Refusals that the catalog's services share.</summary>
public static class CatalogRefusals
{
    /// <summary>Not found (or not visible to the caller).</summary>
    public static CatalogRefusal NotFound(string what) => new(RefusalKind.NotFound, what, []);
    /// <summary>A conflict on <paramref name="field"/> (null: the entry's state).</summary>
    public static CatalogRefusal Conflict(string reason, string? field = null) => new(RefusalKind.Conflict, reason, field is null ? [] : [new ValidationError(field, reason)]);
}
