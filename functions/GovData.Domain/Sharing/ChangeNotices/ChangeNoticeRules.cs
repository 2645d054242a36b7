using System.Security.Cryptography;
using System.Text;
using GovData.Domain.Calendar;

namespace GovData.Domain.Sharing.ChangeNotices;

/// <summary>What changed for the holders of grants on an entry.</summary>
public enum ChangeKind
{
    /// <summary>Aggregation accepted a new curated version of the entry's data.</summary>
    NewVersion,
    /// <summary>The provider declared that the entry's data changed (001 第十六条).</summary>
    DataChanged,
    /// <summary>The sharing service will be upgraded (002 第二十三条 系统升级).</summary>
    ServiceUpgrade,
    /// <summary>The sharing service will change (变更).</summary>
    ServiceChange,
    /// <summary>The sharing service will stop (停用).</summary>
    ServiceStop,
}

/// <summary>How timely a data change notice was: the deadline from the change and whether the notice beat it.</summary>
/// <param name="Deadline">The deadline, counted in working days from the change on the jurisdiction's calendar.</param>
/// <param name="OnTime">True when the notice went out before <see cref="Deadline"/>'s due time.</param>
/// <param name="WorkingDays">Working days fully elapsed between the change and the notice.</param>
public sealed record ChangeTimeliness(Deadline Deadline, bool OnTime, int WorkingDays);

/// <summary>Pure rules of change notices: stable ids, the timeliness of data change notices, the lead time of service change announcements.</summary>
public static class ChangeNoticeRules
{
    /// <summary>The longest description accepted.</summary>
    public const int MaxDescription = 2000;

    /// <summary>The change id of a new curated version: one per entry and version, however often aggregation retries.</summary>
    public static string VersionChangeId(string entryId, int version) => $"{entryId}:v{version}";

    /// <summary>The change id of a declared change or service announcement; the provider's own key makes a resend the same change.</summary>
    public static string DeclaredChangeId(string entryId, ChangeKind kind, string key) => $"{entryId}:{kind}:{key}";

    /// <summary>The notice id for one holder of one change: the same change reaching the same holder twice is one notice.</summary>
    public static string NoticeId(string changeId, string holder) => "notice-" + Hash(changeId + "\n" + holder);

    /// <summary>A key for a declared change without a client key: the same declaration gives the same key.</summary>
    public static string KeyOf(params string[] parts) => Hash(string.Join("\n", parts))[..24];

    /// <summary>
    /// Measures a data change notice sent at <paramref name="noticeAt"/> for a change at <paramref name="changedAt"/> against
    /// <paramref name="deadlineWorkingDays"/> (dataChange.updateDeadline): on time when sent before the deadline's due time.
    /// </summary>
    public static ChangeTimeliness Measure(WorkingDayCalendar calendar, DateTimeOffset changedAt, DateTimeOffset noticeAt, int deadlineWorkingDays,
        DateOfReceipt? dateOfReceipt = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var deadline = calendar.AddWorkingDays(changedAt, deadlineWorkingDays, dateOfReceipt);
        var days = calendar.CountWorkingDaysAllowingProvisional(changedAt, noticeAt, dateOfReceipt).Days;
        return new ChangeTimeliness(deadline, noticeAt < deadline.DueAt, days);
    }

    /// <summary>
    /// The earliest effective date of a service change announced at <paramref name="announcedAt"/> with
    /// <paramref name="leadWorkingDays"/> of notice (dataChange.serviceChangeNotice, 002 第二十三条 "提前10个工作日告知"):
    /// the day after the last of those working days, so the users have all of them before the change.
    /// </summary>
    public static DateOnly EarliestEffectiveDate(WorkingDayCalendar calendar, DateTimeOffset announcedAt, int leadWorkingDays, DateOfReceipt? dateOfReceipt = null) =>
        EarliestEffective(calendar, announcedAt, leadWorkingDays, dateOfReceipt).Date;

    /// <summary>As <see cref="EarliestEffectiveDate"/>, with whether the lead time ran into a year not loaded yet (then the date is provisional).</summary>
    public static (DateOnly Date, bool Provisional) EarliestEffective(WorkingDayCalendar calendar, DateTimeOffset announcedAt, int leadWorkingDays, DateOfReceipt? dateOfReceipt = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var lead = calendar.AddWorkingDays(announcedAt, leadWorkingDays, dateOfReceipt);
        return (lead.DueDate.AddDays(1), lead.IsProvisional);
    }

    /// <summary>Whether <paramref name="kind"/> is an announcement of a service change rather than a data change.</summary>
    public static bool IsServiceChange(ChangeKind kind) => kind is ChangeKind.ServiceUpgrade or ChangeKind.ServiceChange or ChangeKind.ServiceStop;

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
