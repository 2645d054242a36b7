using GovData.Domain.Calendar;
using GovData.Domain.Jurisdictions;
using GovData.Domain.RuleSets;
using GovData.Functions.Audit;
using GovData.Functions.Calendar;
using GovData.Functions.Reference;
using GovData.Functions.RuleSets;
using GovData.Functions.Supervision;
using GovData.Functions.Workflow;

namespace GovData.Functions.Opening;

/// <summary>
/// Opening's statutory deadlines: the DataAuthority's decision on an application (openApplication.deadline) and the
/// department's answer to a public demand (openDemand.answerDeadline, 004 第十九条). Both in working days of the
/// jurisdiction's calendar; cancelled when the work is done.
/// </summary>
public sealed class OpeningDeadlines(StatutoryDeadlines timers, CalendarService calendars, RuleSetService rules, ReferenceStore reference, TimeProvider time)
{
    /// <summary>Timer kind of an application's decision.</summary>
    public const string ApplicationKind = "opening.application.decision";
    /// <summary>Timer kind of a demand's answer.</summary>
    public const string DemandKind = "opening.demand.answer";

    /// <summary>The timer id of an application's decision.</summary>
    public static string ApplicationTimerId(string applicationId) => $"open-application:{applicationId}:decision";
    /// <summary>The timer id of a demand's answer.</summary>
    public static string DemandTimerId(string demandId) => $"open-demand:{demandId}:answer";

    /// <summary>Computes a deadline of <paramref name="rule"/> from now in the jurisdiction's calendar, with the rule as cited.</summary>
    public async Task<(Deadline Deadline, string Rule)> ComputeAsync(string jurisdiction, Func<EffectiveRuleSet, Rule<WorkingDays>> rule, CancellationToken ct)
    {
        var effective = await rules.ResolveAsync(jurisdiction, ct);
        var r = rule(effective);
        var calendar = await calendars.GetAsync(jurisdiction, ct);
        return (effective.DeadlineOf(r, calendar, time.GetUtcNow()), effective.Cite(r).ToString());
    }

    /// <summary>Schedules a timer (idempotent by id) with a reminder 2 working days ahead.</summary>
    public async Task ScheduleAsync(string id, string jurisdiction, string kind, string subject, string department, Deadline deadline, string rule,
        IReadOnlyDictionary<string, string> data, CancellationToken ct)
    {
        var calendar = await calendars.GetAsync(jurisdiction, ct);
        await timers.ScheduleAsync(id, jurisdiction, kind, subject, department, deadline, rule, calendar, reminderWorkingDays: 2, data, ct);
    }

    /// <summary>Cancels a timer once the work is done.</summary>
    public Task CancelAsync(string jurisdiction, string id, CancellationToken ct) => timers.CancelAsync(jurisdiction, id, ct);

    /// <summary>The code of the jurisdiction's DataAuthority unit (who must decide applications), or null if none is registered.</summary>
    public async Task<string?> DataAuthorityOfAsync(string jurisdiction, CancellationToken ct) =>
        (await reference.ListDepartmentsAsync(jurisdiction, ct)).FirstOrDefault(d => d.Kind == UnitKind.DataAuthority)?.Code;
}

/// <summary>On due: raises a supervision finding if the application is still undecided or the demand still unanswered.</summary>
public sealed class OpeningDeadlineHandler(string kind, OpeningStore store, IFindingSink findings, IAuditLog audit, TimeProvider time) : IDeadlineHandler
{
    /// <inheritdoc />
    public string Kind => kind;

    /// <inheritdoc />
    public async Task OnReminderAsync(DeadlineTimer timer, CancellationToken cancellationToken)
    {
        if (!await StillOpenAsync(timer, cancellationToken)) return;
        await audit.WriteAsync(AuditExtensions.DeadlineAudit(time, timer, kind + ".remind") with
        {
            Department = timer.Department,
            Reason = timer.Rule,
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task OnDueAsync(DeadlineTimer timer, CancellationToken cancellationToken)
    {
        if (!await StillOpenAsync(timer, cancellationToken)) return;
        var (rule, what) = kind == OpeningDeadlines.ApplicationKind
            ? (RuleKeys.OpenApplicationDeadline.Key, "依申请开放数据的申请未在期限内作出决定")
            : (RuleKeys.OpenDemandAnswerDeadline.Key, "数据开放需求未在期限内答复");
        await findings.RaiseAsync(new Finding("finding:" + timer.Id, timer.Jurisdiction, timer.Department ?? "", rule, timer.Rule, timer.Subject,
            timer.Deadline.DueAt, null, FindingText.Missed(what, timer)), cancellationToken);
        await audit.WriteAsync(AuditExtensions.DeadlineAudit(time, timer, kind + ".finding") with
        {
            Department = timer.Department,
            Reason = timer.Rule,
        }, cancellationToken);
    }

    /// <summary>
    /// A provisional deadline was recomputed once its year was loaded: the application or demand shows the new due date
    /// and is no longer marked provisional (nothing changes once it was decided or answered).
    /// </summary>
    public async Task OnDeadlineChangedAsync(DeadlineTimer timer, CancellationToken cancellationToken)
    {
        var id = timer.Data.GetValueOrDefault("id") ?? "";
        var (due, provisional) = (timer.Deadline.DueDate, timer.Deadline.IsProvisional);
        if (kind == OpeningDeadlines.ApplicationKind)
            await store.UpdateAsync<ApplicationDocument>(timer.Jurisdiction, ApplicationDocument.IdOf(id),
                a => a.State == Domain.Opening.ApplicationState.Pending && (a.DueDate != due || a.DueDateProvisional != provisional)
                    ? a with { DueDate = due, DueDateProvisional = provisional } : null,
                a => a.ETag, cancellationToken);
        else
            await store.UpdateAsync<DemandDocument>(timer.Jurisdiction, DemandDocument.IdOf(id),
                d => d.Answer is null && (d.DueDate != due || d.DueDateProvisional != provisional)
                    ? d with { DueDate = due, DueDateProvisional = provisional } : null,
                d => d.ETag, cancellationToken);
    }

    private async Task<bool> StillOpenAsync(DeadlineTimer timer, CancellationToken ct)
    {
        var id = timer.Data.GetValueOrDefault("id") ?? "";
        if (kind == OpeningDeadlines.ApplicationKind)
            return (await store.FindAsync<ApplicationDocument>(timer.Jurisdiction, ApplicationDocument.IdOf(id), ct))?.State == Domain.Opening.ApplicationState.Pending;
        return (await store.FindAsync<DemandDocument>(timer.Jurisdiction, DemandDocument.IdOf(id), ct)) is { Answer: null };
    }
}
