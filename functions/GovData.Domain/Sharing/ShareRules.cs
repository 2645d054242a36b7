using GovData.Domain.Calendar;
using GovData.Domain.RuleSets;

namespace GovData.Domain.Sharing;

/// <summary>Reads a jurisdiction's rule set for sharing: who decides in which order, and which deadline applies.</summary>
public static class ShareRules
{
    /// <summary>The kind of decision deadline a request runs under.</summary>
    public enum DeadlineKind
    {
        /// <summary>shareDecision.deadline (001 第十四条, 003 第八条, 004 第十二条).</summary>
        Normal,
        /// <summary>greenChannel.answerDeadline, once the CoordinationOffice approved the green channel (002 第二十三条).</summary>
        GreenChannel,
        /// <summary>nonAggregated.answerDeadline, for data not yet on the platform (002 第二十三条).</summary>
        NonAggregated,
    }

    /// <summary>
    /// The steps of a route. "Together with the producer" (004 第十二条) and "provider then authority" both take the
    /// provider's opinion first and the DataAuthority's decision last; a refusal at any step refuses the request.
    /// </summary>
    public static IReadOnlyList<DecisionStep> StepsFor(DecisionRoute route) => route switch
    {
        DecisionRoute.ProviderDepartment => [DecisionStep.Provider],
        DecisionRoute.DataAuthority => [DecisionStep.DataAuthority],
        DecisionRoute.DataAuthorityWithProvider => [DecisionStep.Provider, DecisionStep.DataAuthority],
        DecisionRoute.ProviderThenDataAuthority => [DecisionStep.Provider, DecisionStep.DataAuthority],
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
    };

    /// <summary>The deadline rule of a kind.</summary>
    public static Rule<WorkingDays> DecisionDeadline(EffectiveRuleSet rules, DeadlineKind kind) => kind switch
    {
        DeadlineKind.GreenChannel => rules.GreenChannel.AnswerDeadline,
        DeadlineKind.NonAggregated => rules.NonAggregated.AnswerDeadline,
        _ => rules.ShareDecision.Deadline,
    };

    /// <summary>The timer id of a request's decision deadline of a kind (a new kind gets a new timer; the old one is cancelled).</summary>
    public static string DecisionTimerId(string requestId, DeadlineKind kind) =>
        kind == DeadlineKind.Normal ? $"share:{requestId}:decision" : $"share:{requestId}:decision:{kind.ToString().ToLowerInvariant()}";

    /// <summary>
    /// The timer id of a request's availability deadline: <see cref="DeadlineKind.NonAggregated"/> or
    /// <see cref="DeadlineKind.GreenChannel"/> (each its own timer, so a green channel approved later replaces the other cleanly).
    /// </summary>
    public static string AvailabilityTimerId(string requestId, DeadlineKind kind) => kind switch
    {
        DeadlineKind.GreenChannel => $"share:{requestId}:availability:greenchannel",
        DeadlineKind.NonAggregated => $"share:{requestId}:availability",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "only data not yet aggregated and the green channel have an availability deadline"),
    };

    /// <summary>The availability deadline rule of a kind (nonAggregated.availabilityDeadline or greenChannel.availabilityDeadline).</summary>
    public static Rule<WorkingDays> AvailabilityDeadline(EffectiveRuleSet rules, DeadlineKind kind) => kind switch
    {
        DeadlineKind.GreenChannel => rules.GreenChannel.AvailabilityDeadline,
        DeadlineKind.NonAggregated => rules.NonAggregated.AvailabilityDeadline,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "only data not yet aggregated and the green channel have an availability deadline"),
    };

    /// <summary>The timer id of a request's dispute deadline.</summary>
    public static string DisputeTimerId(string requestId) => $"share:{requestId}:dispute";

    /// <summary>Computes a running deadline of <paramref name="rule"/> from <paramref name="from"/> on <paramref name="calendar"/>.</summary>
    public static RunningDeadline Run(EffectiveRuleSet rules, Rule<WorkingDays> rule, string timerId, WorkingDayCalendar calendar, DateTimeOffset from)
    {
        var deadline = rules.DeadlineOf(rule, calendar, from);
        var cited = rules.Cite(rule);
        return new RunningDeadline(timerId, rule.Key, cited.ToString(), cited.Citation?.ToString(), rule.Value.Days, from, deadline.DueDate, deadline.DueAt, deadline.IsProvisional,
            deadline.EffectiveReceiptDate, rules.Cite(rules.Deadlines.DateOfReceipt).ToString(), deadline.Receipt);
    }
}
