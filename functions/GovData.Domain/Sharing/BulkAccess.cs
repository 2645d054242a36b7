using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Domain.RuleSets;

namespace GovData.Domain.Sharing;

/// <summary>
/// The DataAuthority's recorded approval, with reasons, for one department to export one entry's shared data in bulk or to
/// query it freely, where the rule set forbids it as a rule (004 第十三条 "原则上不批量导出提供数据，不提供自由查询": 原则上
/// leaves room for exceptions, and the DataAuthority runs the platform, 004 第五条).
/// </summary>
/// <param name="Jurisdiction">The jurisdiction.</param>
/// <param name="Department">The department allowed (unified social credit code).</param>
/// <param name="EntryId">The catalog entry whose data it concerns.</param>
/// <param name="BulkExport">Whether whole-file download links are allowed.</param>
/// <param name="FreeQuery">Whether queries that do not name the records by their key items are allowed.</param>
/// <param name="Reasons">Why the exception is made.</param>
/// <param name="ApprovedBy">The DataAuthority user.</param>
/// <param name="ApprovedAt">When.</param>
/// <param name="Until">When it ends.</param>
/// <param name="Rule">The rules it departs from, as cited when approved.</param>
public sealed record AccessException(string Jurisdiction, string Department, string EntryId, bool BulkExport, bool FreeQuery,
    IReadOnlyList<string> Reasons, string ApprovedBy, DateTimeOffset ApprovedAt, DateTimeOffset Until, string Rule)
{
    /// <summary>True while it runs.</summary>
    public bool IsActiveAt(DateTimeOffset now) => now >= ApprovedAt && now < Until;
}

/// <summary>What the DataAuthority sends to record an exception.</summary>
public sealed record AccessExceptionInput(string? Department, string? EntryId, bool BulkExport, bool FreeQuery, IReadOnlyList<string>? Reasons, DateTimeOffset? Until);

/// <summary>
/// Bulk export and free query of shared data (access.bulkExportAllowed, access.freeQueryAllowed; 004 第十三条). A download link
/// to a whole file is bulk export. A query is free unless its filters give a value for every key item (信息项 marked
/// <see cref="DataItem.IsKey"/>) of the entry, i.e. unless it looks up identified records as system-to-system
/// interfaces do (系统间技术对接); an entry without key items cannot be queried except freely. Verification
/// (比对验证, yes or no) is neither. Where a rule is false, the use is refused unless the DataAuthority recorded an exception.
/// </summary>
public static class BulkAccess
{
    /// <summary>The most reasons an exception carries.</summary>
    public const int MaxReasons = 20;

    /// <summary>Whether a query filtering on <paramref name="filtered"/> is a free query over an entry with <paramref name="items"/>.</summary>
    public static bool IsFreeQuery(IEnumerable<string> filtered, IReadOnlyList<DataItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var keys = items.Where(i => i.IsKey).Select(i => i.Name).ToArray();
        var given = filtered.ToHashSet(StringComparer.Ordinal);
        return keys.Length == 0 || !keys.All(given.Contains);
    }

    /// <summary>Why a query is refused (null when allowed): a free query where access.freeQueryAllowed is false, without an exception.</summary>
    public static ShareRefusal? CheckQuery(EffectiveRuleSet rules, string entryCode, bool free, AccessException? exception, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var rule = rules.Access.FreeQueryAllowed;
        if (!free || rule.Value || exception is { FreeQuery: true } e && e.IsActiveAt(now)) return null;
        return ShareRefusal.Violation(
            $"free-form query of {entryCode} is not offered ({rules.Cite(rule)}): give a value for every key item to look up identified records, " +
            "or ask the DataAuthority to record an exception with reasons", rule.Key);
    }

    /// <summary>Why a bulk export (a whole-file download) is refused (null when allowed): access.bulkExportAllowed is false and there is no exception.</summary>
    public static ShareRefusal? CheckBulkExport(EffectiveRuleSet rules, string entryCode, AccessException? exception, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var rule = rules.Access.BulkExportAllowed;
        if (rule.Value || exception is { BulkExport: true } e && e.IsActiveAt(now)) return null;
        return ShareRefusal.Violation(
            $"data of {entryCode} is not exported in bulk ({rules.Cite(rule)}): use the API query of identified records or verification, " +
            "or ask the DataAuthority to record an exception with reasons", rule.Key);
    }

    /// <summary>
    /// Records an exception: only the DataAuthority, with reasons, for a rule the jurisdiction actually applies, ending within
    /// the longest grant period (shareDecision.maxGrantPeriod) so that it is justified again as often as a grant.
    /// </summary>
    public static (AccessException? Exception, ShareRefusal? Refusal) Approve(Caller caller, AccessExceptionInput input, CatalogEntry? entry,
        EffectiveRuleSet rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rules);
        if (!caller.Has(Role.DataAuthority)) return (null, ShareRefusal.Forbidden("only the DataAuthority records an exception to 004 第十三条"));
        var errors = new List<ValidationError>();
        if (Identifiers.UnifiedSocialCreditCode.Validate(input.Department) is { } d) errors.Add(new("department", d));
        if (entry is null || !entry.IsListed || !caller.ActsIn(entry.Jurisdiction)) errors.Add(new("entryId", "names no published catalog entry of your jurisdiction"));
        if (!input.BulkExport && !input.FreeQuery) errors.Add(new("bulkExport", "set bulkExport, freeQuery or both: the exception must allow something"));
        var reasons = (input.Reasons ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).ToArray();
        if (reasons.Length == 0) errors.Add(new("reasons", "are required: an exception is recorded with its reasons"));
        else if (reasons.Length > MaxReasons || reasons.Any(r => r.Length > ShareWorkflow.MaxText)) errors.Add(new("reasons", $"at most {MaxReasons} reasons of at most {ShareWorkflow.MaxText} characters"));
        var max = rules.ShareDecision.MaxGrantPeriod;
        if (input.Until is not { } until || until <= now) errors.Add(new("until", "is required: when the exception ends, after now"));
        else if (until > now.AddMonths(max.Value.Count)) errors.Add(new("until", $"must be within {max.Value.Count} months ({rules.Cite(max)})"));
        if (errors.Count > 0) return (null, ShareRefusal.Invalid(errors));

        var needless = new List<Rule<bool>>();
        if (input.BulkExport && rules.Access.BulkExportAllowed.Value) needless.Add(rules.Access.BulkExportAllowed);
        if (input.FreeQuery && rules.Access.FreeQueryAllowed.Value) needless.Add(rules.Access.FreeQueryAllowed);
        if (needless.Count > 0)
            return (null, ShareRefusal.Violation($"no exception is needed: {string.Join("; ", needless.Select(r => rules.Cite(r)))}", needless[0].Key));

        var cited = new List<string>();
        if (input.BulkExport) cited.Add(rules.Cite(rules.Access.BulkExportAllowed).ToString());
        if (input.FreeQuery) cited.Add(rules.Cite(rules.Access.FreeQueryAllowed).ToString());
        return (new AccessException(entry!.Jurisdiction, input.Department!, entry.Id, input.BulkExport, input.FreeQuery, reasons, caller.UserId, now,
            input.Until!.Value, string.Join("; ", cited)), null);
    }
}
