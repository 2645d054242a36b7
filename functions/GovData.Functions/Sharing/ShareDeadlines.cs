using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Domain.Labels;
using GovData.Domain.Sharing;
using GovData.Domain.Audit;
using GovData.Functions.Aggregation;
using GovData.Functions.Audit;
using GovData.Functions.Hosting;
using GovData.Functions.Calendar;
using GovData.Functions.Errors;
using GovData.Functions.Reference;
using GovData.Functions.Storage;
using GovData.Functions.Supervision;
using GovData.Functions.Workflow;

namespace GovData.Functions.Sharing;

/// <summary>
/// What follows a stored change of a request: its deadline timers (scheduled when a deadline starts, cancelled when it is
/// met or replaced) and the supervision facts (received, answered on time or not, dispute decided, data made available).
/// Every step is idempotent, so a retried operation or a redelivered message repeats it harmlessly.
/// </summary>
public sealed class ShareFollowUp(StatutoryDeadlines timers, CalendarService calendars, ISupervisionEvents supervision, IFindingSink findings, ReferenceStore reference,
    ShareStore store, AggregationStore aggregation, IAuditLog audit, ICrashPoints crash, TimeProvider time)
{
    /// <summary>Timer kind of the decision deadline.</summary>
    public const string DecisionKind = "sharing.decision";
    /// <summary>Timer kind of the dispute deadline.</summary>
    public const string DisputeKind = "sharing.dispute";
    /// <summary>Timer kind of the availability deadline (data not yet aggregated, green channel; 002 第二十三条).</summary>
    public const string AvailabilityKind = "sharing.availability";
    /// <summary>The audit action of data made available (an availability deadline met).</summary>
    public const string AvailabilityMetAction = "sharing.availability.met";

    /// <summary>The audit resource and supervision subject of a request.</summary>
    public static string Subject(string jurisdiction, string id) => $"sharing/{jurisdiction}/requests/{id}";

    /// <summary>Schedules the timer of a deadline that started (scheduling the same id again is harmless).</summary>
    public async Task ScheduleAsync(ShareRequest r, RunningDeadline d, string kind, string? department, CancellationToken ct)
    {
        var calendar = await calendars.GetAsync(r.Jurisdiction, ct);
        var deadline = calendar.AddWorkingDays(d.StartedAt, d.WorkingDays, d.Receipt);
        var data = new Dictionary<string, string> { ["requestId"] = r.Id, ["rule"] = d.RuleKey };
        // The work queue shows the article beside the rule key.
        if (d.Article is { } article) data["article"] = article;
        await timers.ScheduleAsync(d.TimerId, r.Jurisdiction, kind, Subject(r.Jurisdiction, r.Id), department, deadline, d.Rule, calendar, reminderWorkingDays: 1, data, ct);
    }

    /// <summary>The department that must act on the current step: the provider, or the jurisdiction's DataAuthority.</summary>
    public async Task<string> ResponsibleAsync(ShareRequest r, CancellationToken ct)
    {
        if (r.CurrentStep != DecisionStep.DataAuthority) return r.Provider;
        var units = await reference.ListDepartmentsAsync(r.Jurisdiction, ct);
        return units.FirstOrDefault(u => u.Kind == UnitKind.DataAuthority)?.Code ?? $"DataAuthority:{r.Jurisdiction}";
    }

    /// <summary>After a new request was stored.</summary>
    public async Task AfterFiledAsync(ShareRequest r, CancellationToken ct)
    {
        if (!r.IsPending) return;
        await supervision.RecordAsync(new SupervisionEvent
        {
            Id = $"share-request:{r.Id}:received",
            Jurisdiction = r.Jurisdiction,
            Department = await ResponsibleAsync(r, ct),
            Kind = SupervisionEventKinds.ShareRequestReceived,
            At = r.FiledAt,
            Subject = Subject(r.Jurisdiction, r.Id),
            Data = new() { ["requester"] = r.Requester, ["provider"] = r.Provider, ["dueDate"] = r.Deadline!.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
        }, ct);
    }

    /// <summary>After a stored transition from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public async Task AfterChangeAsync(ShareRequest before, ShareRequest after, CancellationToken ct)
    {
        // The decision deadline: a replaced or met one is cancelled, a new one scheduled.
        if (before.IsPending && before.Deadline is { } old && (!after.IsPending || after.Deadline?.TimerId != old.TimerId))
            await timers.CancelAsync(after.Jurisdiction, old.TimerId, ct);
        if (after.IsPending && after.Deadline is { } now && now.TimerId != before.Deadline?.TimerId)
            await ScheduleAsync(after, now, DecisionKind, await ResponsibleAsync(after, ct), ct);

        if (before.IsPending) await AnsweredAsync(after, ct);

        if (after.State == ShareRequestState.Disputed && before.State != ShareRequestState.Disputed && after.DisputeDeadline is { } dispute)
            await ScheduleAsync(after, dispute, DisputeKind, null, ct);
        if (before.State == ShareRequestState.Disputed && after.State != ShareRequestState.Disputed && before.DisputeDeadline is { } running)
            await DisputeDecidedAsync(after, running, ct);

        // The availability deadline: ended (data made available, request refused or withdrawn) or replaced (a green channel
        // approved after the not-aggregated mark) cancels its timer; a new one is scheduled for the provider, who must aggregate.
        if (before.AvailabilityRunning && (!after.AvailabilityRunning || after.AvailabilityDeadline!.TimerId != before.AvailabilityDeadline!.TimerId))
            await timers.CancelAsync(after.Jurisdiction, before.AvailabilityDeadline!.TimerId, ct);
        if (after.AvailabilityRunning && after.AvailabilityDeadline!.TimerId != (before.AvailabilityRunning ? before.AvailabilityDeadline!.TimerId : null))
        {
            await ScheduleAsync(after, after.AvailabilityDeadline, AvailabilityKind, after.Provider, ct);
            if (after.AvailabilityDeadline.RuleKey == Domain.RuleSets.RuleKeys.GreenChannelAvailabilityDeadline.Key)
                await AlreadyAvailableAsync(after, ct);
        }
        if (before.AvailabilityRunning && after.Availability is { Outcome: AvailabilityOutcome.Available } met)
            await MadeAvailableAsync(after, before.AvailabilityDeadline!, met, ct);
    }

    /// <summary>
    /// Version <paramref name="version"/> of request <paramref name="id"/>'s entry is available on the platform since
    /// <paramref name="at"/>: a running availability deadline is met (stored under the ETag, then its timer cancelled, the
    /// provider's scorecard told, the step audited once). Run again for the same version (a retried aggregation), it repeats
    /// the follow-ups of the change it stored, which are idempotent; for a deadline met otherwise, it does nothing.
    /// </summary>
    public async Task MeetAvailabilityAsync(string jurisdiction, string id, int version, DateTimeOffset at, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var doc = await store.FindAsync(jurisdiction, id, ct);
            if (doc is null) return;
            var r = doc.Request;
            ShareRequest before, after;
            if (r.Availability is { Outcome: AvailabilityOutcome.Available } end && end.Version == version && r.AvailabilityDeadline?.TimerId == end.TimerId)
            {
                // Stored by an earlier attempt that may have stopped before its follow-ups.
                (before, after) = (r with { Availability = null }, r);
            }
            else if (ShareWorkflow.MadeAvailable(r, version, at) is { } next)
            {
                try { after = (await store.ReplaceAsync(next, doc.ETag!, ct)).Request; }
                catch (RequestChangedException) { continue; }
                before = r;
            }
            else return;
            await crash.HitAsync("sharing.availability.stored", ct);
            await AfterChangeAsync(before, after, ct);
            var d = after.AvailabilityDeadline!;
            // Its id is derived from the deadline it met: the same step run again writes the same record, kept once.
            await audit.WriteAsync(AuditExtensions.SystemAudit(time, jurisdiction, AvailabilityMetAction, Subject(jurisdiction, id), d.TimerId) with
            {
                Id = AuditRecordBounds.OperationId(AvailabilityMetAction, jurisdiction, id, d.TimerId),
                Department = after.Provider,
                DataOwner = after.Provider,
                DataContent = $"{after.Terms.EntryCode} v{version} -> {after.Requester}: {(after.Availability!.OnTime ? "in time" : "late")}, due {d.DueDate:yyyy-MM-dd}",
                Reason = d.Rule,
            }, ct);
            return;
        }
        throw new InvalidOperationException($"share request {id} kept changing while its data was made available; the step will be retried");
    }

    // A green channel approved for data already on the platform meets its availability deadline at once: the 5 working days
    // are for data that must still be aggregated (能够汇聚至市大数据平台的应当在5个工作日内实现汇聚, 002 第二十三条).
    private async Task AlreadyAvailableAsync(ShareRequest r, CancellationToken ct)
    {
        var available = (await aggregation.VersionsAsync(r.Jurisdiction, r.Terms.EntryId, ct)).Where(v => v.State == VersionState.Available).MaxBy(v => v.Version);
        if (available is null) return;
        var approvedAt = r.AvailabilityDeadline!.StartedAt;
        await MeetAvailabilityAsync(r.Jurisdiction, r.Id, available.Version, approvedAt, ct);
    }

    // Data made available: counted on the provider's scorecard once per request (the event id).
    private async Task MadeAvailableAsync(ShareRequest after, RunningDeadline d, AvailabilityEnd met, CancellationToken ct)
    {
        var calendar = await calendars.GetAsync(after.Jurisdiction, ct);
        var days = calendar.CountWorkingDaysAllowingProvisional(d.StartedAt, met.At, d.Receipt);
        await supervision.RecordAsync(new SupervisionEvent
        {
            Id = $"share-request:{after.Id}:available",
            Jurisdiction = after.Jurisdiction,
            Department = after.Provider,
            Kind = SupervisionEventKinds.ShareDataMadeAvailable,
            At = met.At,
            Subject = Subject(after.Jurisdiction, after.Id),
            Data = new()
            {
                ["onTime"] = met.OnTime ? "true" : "false",
                ["workingDays"] = days.Days.ToString(CultureInfo.InvariantCulture),
                ["rule"] = d.RuleKey,
                ["version"] = (met.Version ?? 0).ToString(CultureInfo.InvariantCulture),
            },
        }, ct);
    }

    /// <summary>An availability deadline was missed: late aggregation on the provider's scorecard, once per deadline (the event id).</summary>
    public Task AvailabilityMissedAsync(ShareRequest r, DeadlineTimer timer, CancellationToken ct) =>
        supervision.RecordAsync(new SupervisionEvent
        {
            Id = $"share-request:{r.Id}:availability-missed:{timer.Id}",
            Jurisdiction = r.Jurisdiction,
            Department = r.Provider,
            Kind = SupervisionEventKinds.ShareAvailabilityMissed,
            At = timer.Deadline.DueAt,
            Subject = Subject(r.Jurisdiction, r.Id),
            Data = new()
            {
                ["rule"] = timer.Data.GetValueOrDefault("rule") ?? AvailabilityKind,
                ["dueDate"] = timer.Deadline.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            },
        }, ct);

    // The answer to a request, counted on the provider's scorecard (the event id makes it count once).
    private async Task AnsweredAsync(ShareRequest after, CancellationToken ct)
    {
        if (after.State is ShareRequestState.Approved or ShareRequestState.PartlyApproved or ShareRequestState.Refused
            && after.Deadline is { } deadline && after.AnsweredAt is { } answeredAt)
        {
            var calendar = await calendars.GetAsync(after.Jurisdiction, ct);
            var days = calendar.CountWorkingDaysAllowingProvisional(after.FiledAt, answeredAt);
            await supervision.RecordAsync(new SupervisionEvent
            {
                Id = $"share-request:{after.Id}:answered",
                Jurisdiction = after.Jurisdiction,
                Department = after.Provider,
                Kind = SupervisionEventKinds.ShareRequestAnswered,
                At = answeredAt,
                Subject = Subject(after.Jurisdiction, after.Id),
                Data = new()
                {
                    ["outcome"] = after.State.ToString(),
                    ["onTime"] = (answeredAt < deadline.DueAt) ? "true" : "false",
                    ["workingDays"] = days.Days.ToString(CultureInfo.InvariantCulture),
                    ["rule"] = deadline.Rule,
                },
            }, ct);
        }
    }

    private async Task DisputeDecidedAsync(ShareRequest after, RunningDeadline running, CancellationToken ct)
    {
        await timers.CancelAsync(after.Jurisdiction, running.TimerId, ct);
        if (after.Dispute is { Upheld: { } upheld, DecidedAt: { } decidedAt })
            await supervision.RecordAsync(new SupervisionEvent
            {
                Id = $"share-request:{after.Id}:dispute-decided",
                Jurisdiction = after.Jurisdiction,
                Department = after.Provider,
                Kind = SupervisionEventKinds.DisputeDecided,
                At = decidedAt,
                Subject = Subject(after.Jurisdiction, after.Id),
                Data = new() { ["outcome"] = upheld ? "Upheld" : "Overturned", ["onTime"] = (decidedAt < running.DueAt) ? "true" : "false" },
            }, ct);
        // A refusal the CoordinationOffice overturns was a refusal the provider should not have made (001 第十四条).
        if (after.Dispute is { Upheld: false, DecidedAt: { } overturnedAt })
            await findings.RaiseAsync(new Finding($"finding:share-request:{after.Id}:overturned", after.Jurisdiction, after.Provider, "dispute.overturned",
                running.Rule, Subject(after.Jurisdiction, after.Id), after.AnsweredAt ?? after.Dispute.At, overturnedAt,
                $"共享申请 {after.Id}（{after.Terms.EntryCode}）的不予共享决定经异议被协调机构撤销"), ct);
    }
}

/// <summary>
/// Reminds whoever must act before a share decision, dispute or availability deadline and, once it is missed, escalates the
/// request to the CoordinationOffice (recorded in its timeline) and raises a supervision finding with the rule and article; a
/// missed availability deadline is also counted as late aggregation on the provider's scorecard.
/// </summary>
public sealed class ShareDeadlineHandler(string kind, ShareStore store, ShareFollowUp followUp, IFindingSink findings, QueueServiceClient queues,
    IAuditLog audit, TimeProvider time) : IDeadlineHandler
{
    /// <inheritdoc />
    public string Kind => kind;

    /// <inheritdoc />
    public async Task OnReminderAsync(DeadlineTimer timer, CancellationToken cancellationToken)
    {
        var r = await ApplyAsync(timer, req => ShareWorkflow.Remind(req, timer.Id, time.GetUtcNow()), cancellationToken);
        if (r?.Timeline.LastOrDefault(s => s.Action == "deadline.reminder" && s.Note == timer.Id) is not { } step) return;
        // A step run again sends the same notification (the inbox keeps one per id) and writes the same record (its id is
        // derived from the deadline; the trail keeps one).
        var department = kind switch
        {
            ShareFollowUp.DecisionKind => await followUp.ResponsibleAsync(r, cancellationToken),
            // The provider must aggregate the data.
            ShareFollowUp.AvailabilityKind => r.Provider,
            _ => nameof(Domain.Identity.Role.CoordinationOffice),
        };
        await queues.SendDeadlineNotificationAsync(timer, "sharing.deadline.reminder", department, cancellationToken);
        await audit.WriteAsync(AuditExtensions.DeadlineAudit(time, timer, "sharing.deadline.remind") with
        {
            Department = department,
            Reason = timer.Rule,
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task OnDueAsync(DeadlineTimer timer, CancellationToken cancellationToken)
    {
        var r = await ApplyAsync(timer, req => ShareWorkflow.Escalate(req, timer.Id, time.GetUtcNow()), cancellationToken);
        var escalation = kind switch
        {
            ShareFollowUp.DecisionKind => r?.Escalation,
            ShareFollowUp.AvailabilityKind => r?.AvailabilityEscalation,
            _ => r?.DisputeEscalation,
        };
        // Only a deadline that was really missed (and so escalated, now or by an earlier delivery) raises a finding.
        if (r is null || escalation?.TimerId != timer.Id) return;
        var department = kind switch
        {
            ShareFollowUp.DecisionKind => await followUp.ResponsibleAsync(r, cancellationToken),
            ShareFollowUp.AvailabilityKind => r.Provider,
            _ => r.Decisions.LastOrDefault(d => !d.Approved)?.ByDepartment ?? r.Provider,
        };
        var what = kind switch
        {
            ShareFollowUp.DecisionKind => $"{r.Requester} 的共享申请 {r.Id}（{r.Terms.EntryCode}）未在期限内完成{(r.CurrentStep is { } step ? ZhLabels.Label(step) : "审批")}",
            ShareFollowUp.AvailabilityKind => $"共享申请 {r.Id}（{r.Terms.EntryCode}）的数据未由提供部门 {r.Provider} 在期限内汇聚并提供给 {r.Requester}",
            _ => $"共享申请 {r.Id} 的异议未在期限内办结",
        };
        // Late aggregation counts on the provider's scorecard (001 第二十三条), once per deadline (the event id).
        if (kind == ShareFollowUp.AvailabilityKind) await followUp.AvailabilityMissedAsync(r, timer, cancellationToken);
        await findings.RaiseAsync(new Finding("finding:" + timer.Id, timer.Jurisdiction, department, timer.Data.GetValueOrDefault("rule") ?? kind,
            timer.Rule, timer.Subject, timer.Deadline.DueAt, null,
            FindingText.Missed(what, timer) + $"；已提请{ZhLabels.Label(typeof(Role), escalation.To)}"), cancellationToken);
        await queues.SendDeadlineNotificationAsync(timer, "sharing.deadline.escalated", escalation.To, cancellationToken);
        await audit.WriteAsync(AuditExtensions.DeadlineAudit(time, timer, "sharing.deadline.escalate") with
        {
            Department = department,
            Reason = timer.Rule,
        }, cancellationToken);
    }

    /// <summary>A provisional deadline was recomputed once its year's calendar was loaded: the request shows the new due date.</summary>
    public async Task OnDeadlineChangedAsync(DeadlineTimer timer, CancellationToken cancellationToken) =>
        await ApplyAsync(timer, req => ShareWorkflow.Recomputed(req, timer.Id, timer.Deadline.DueDate, timer.Deadline.DueAt, timer.Deadline.IsProvisional), cancellationToken);

    private async Task<ShareRequest?> ApplyAsync(DeadlineTimer timer, Func<ShareRequest, ShareRequest?> change, CancellationToken ct)
    {
        var id = timer.Data.GetValueOrDefault("requestId") ?? "";
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var doc = await store.FindAsync(timer.Jurisdiction, id, ct);
            if (doc is null) return null;
            if (change(doc.Request) is not { } next) return doc.Request;
            try
            {
                return (await store.ReplaceAsync(next, doc.ETag!, ct)).Request;
            }
            catch (RequestChangedException) { /* someone decided meanwhile: look again */ }
        }
        throw new InvalidOperationException($"share request {id} kept changing while its deadline fired; the message will be retried");
    }
}
