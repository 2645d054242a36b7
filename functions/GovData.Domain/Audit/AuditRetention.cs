using GovData.Domain.RuleSets;

namespace GovData.Domain.Audit;

/// <summary>
/// How long audit records must be kept (rule audit.retention: 3 years in Fujian, 000 第三十九条; 6 months in Longyan,
/// 004 第二十四条, raised to its parent's 3 years) and what that asks of the immutability (WORM) policy on the audit
/// container, which is one policy for every jurisdiction the deployment serves.
/// </summary>
public static class AuditRetention
{
    /// <summary>
    /// The most days <paramref name="months"/> calendar months can span from any start date (36 months: 1,096 days when
    /// they include a 29 February), so a policy of that many days keeps every record at least that long.
    /// </summary>
    public static int MaxDays(Months months)
    {
        // Every start date of a four-year leap cycle covers every case until 2100 (not a leap year).
        var start = new DateOnly(2024, 1, 1);
        var most = 0;
        for (var d = start; d < start.AddYears(4); d = d.AddDays(1))
            most = Math.Max(most, months.AddTo(d).DayNumber - d.DayNumber);
        return most;
    }

    /// <summary>The jurisdiction with the longest effective retention on <paramref name="on"/>, and that retention.</summary>
    public static (string Jurisdiction, Months Retention) Longest(RuleSetRegistry registry, DateOnly on) =>
        registry.Jurisdictions
            .Select(j => (Jurisdiction: j, Retention: registry.Resolve(j, on).Audit.Retention.Value))
            .OrderByDescending(x => x.Retention.Count).ThenBy(x => x.Jurisdiction, StringComparer.Ordinal)
            .First();

    /// <summary>The fewest days the audit container's immutability policy may hold so that every jurisdiction's retention is met.</summary>
    public static int RequiredImmutabilityDays(RuleSetRegistry registry, DateOnly on) => MaxDays(Longest(registry, on).Retention);
}
