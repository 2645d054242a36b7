using GovData.Domain.Sharing.ChangeNotices;

namespace GovData.Functions.Sharing.ChangeNotices;

/// <summary>Body of POST /api/sharing/entries/{entryId}/changes.</summary>
public sealed record DeclareChangeBody
{
    /// <summary>When the data changed (default: now); not in the future.</summary>
    public DateTimeOffset? ChangedAt { get; init; }
    /// <summary>What changed.</summary>
    public string? Description { get; init; }
    /// <summary>The provider's key for this change: sending the same key again is the same change (no second notice).</summary>
    public string? Key { get; init; }
}

/// <summary>What is planned for a sharing service (002 第二十三条 系统升级、变更、停用).</summary>
public enum ServiceChangeKind
{
    /// <summary>系统升级.</summary>
    Upgrade,
    /// <summary>变更.</summary>
    Change,
    /// <summary>停用.</summary>
    Stop,
}

/// <summary>Body of POST /api/sharing/entries/{entryId}/service-changes.</summary>
public sealed record AnnounceServiceChangeBody
{
    /// <summary>Upgrade, Change or Stop.</summary>
    public ServiceChangeKind? Kind { get; init; }
    /// <summary>The day it takes effect (China date).</summary>
    public DateOnly? EffectiveDate { get; init; }
    /// <summary>What will happen and what the users must do.</summary>
    public string? Description { get; init; }
    /// <summary>The provider's key: the same key again is the same announcement.</summary>
    public string? Key { get; init; }
}

/// <summary>The answer to a declared change or announcement: the change, the holders notified, and whether the notice was on time.</summary>
public sealed record ChangeAnswer(string ChangeId, ChangeKind Kind, string EntryId, DateTimeOffset ChangedAt, DateOnly? EffectiveDate, int Notified,
    IReadOnlyList<string> Holders, bool? OnTime, DateTimeOffset? DueAt, string? Rule, DateOnly? EarliestEffectiveDate = null, bool? DueProvisional = null,
    bool? EarliestEffectiveDateProvisional = null)
{
    /// <summary>The answer for <paramref name="c"/> and its fan-out <paramref name="f"/>.</summary>
    public static ChangeAnswer Of(DataChange c, ChangeFanOut f) =>
        new(c.ChangeId, c.Kind, c.EntryId, c.ChangedAt, c.EffectiveDate, f.Notices.Count, f.Notices.Select(n => n.Holder).ToArray(), f.OnTime, f.DueAt, f.Rule,
            DueProvisional: f.DueProvisional);
}

/// <summary>A change notice in a department's inbox, with its delivery attempts.</summary>
public sealed record ChangeNoticeView(string Id, ChangeKind Kind, string ChangeId, string EntryId, string EntryCode, string Provider, string GrantId, int? Version,
    DateTimeOffset ChangedAt, DateOnly? EffectiveDate, string? Description, DateTimeOffset NoticeAt, string? Rule, DateTimeOffset? ReadAt, bool Read,
    DeliveryState Delivery, IReadOnlyList<DeliveryAttempt> Attempts)
{
    /// <summary>The view of <paramref name="n"/>.</summary>
    public static ChangeNoticeView Of(ChangeNoticeDocument n) => new(n.Id, n.Kind, n.ChangeId, n.EntryId, n.EntryCode, n.Provider, n.GrantId, n.Version,
        n.ChangedAt, n.EffectiveDate, n.Description, n.NoticeAt, n.Rule, n.ReadAt, n.ReadAt is not null, n.Delivery, n.Attempts);
}

/// <summary>A department's change notices, newest first, and how many are unread.</summary>
public sealed record ChangeNoticeList(IReadOnlyList<ChangeNoticeView> Items, int Unread);

/// <summary>
/// An announcement refused because its effective date is sooner than the rule set's lead time allows: the earliest date it
/// may take effect, and the rule that says so.
/// </summary>
public sealed record ServiceChangeTooSoon(string Detail, string Rule, string RuleKey, string? Article, string Source, DateOnly EarliestEffectiveDate,
    bool EarliestEffectiveDateProvisional);

/// <summary>What announcing a service change came to: the answer (or a refusal), or refused as too soon.</summary>
public sealed record ServiceChangeAnswer(SharingAnswer<ChangeAnswer> Answer, ServiceChangeTooSoon? TooSoon = null);
