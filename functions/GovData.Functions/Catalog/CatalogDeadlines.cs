using System.Text.Json;
using Azure.Storage.Queues;
using GovData.Domain.Calendar;
using GovData.Domain.Catalog;
using GovData.Domain.RuleSets;
using GovData.Functions.Audit;
using GovData.Functions.Calendar;
using GovData.Functions.Errors;
using GovData.Functions.RuleSets;
using GovData.Functions.Storage;
using GovData.Functions.Supervision;
using GovData.Functions.Workflow;

namespace GovData.Functions.Catalog;

/// <summary>
/// The catalog's statutory deadlines: the update deadline after a declared change (catalog.updateDeadline or
/// catalog.legalChangeUpdateDeadline, cancelled when the new version is published) and the yearly full review per
/// department (catalog.annualFullReview, cancelled when the department records its review).
/// </summary>
public sealed class CatalogDeadlines(StatutoryDeadlines timers, CalendarService calendars, RuleSetService rules, ISupervisionEvents events, TimeProvider time)
{
    /// <summary>Timer kind of the update deadline.</summary>
    public const string UpdateKind = "catalog.update";
    /// <summary>Timer kind of the yearly full review.</summary>
    public const string AnnualKind = "catalog.annual-review";

    /// <summary>The timer id of the update deadline that follows a change declared on published version <paramref name="version"/>.</summary>
    public static string UpdateTimerId(string entryId, int version) => $"catalog-update:{entryId}:v{version}";

    /// <summary>The timer id of a department's yearly review.</summary>
    public static string AnnualTimerId(string department, int year) => $"catalog-annual:{department}:{year}";

    /// <summary>Computes the update deadline for a change declared now, with the rule it comes from.</summary>
    public async Task<(Deadline Deadline, AppliedRule Rule)> UpdateDeadlineAsync(string jurisdiction, ChangeKind kind, CancellationToken ct)
    {
        var effective = await rules.ResolveAsync(jurisdiction, ct);
        var rule = kind == ChangeKind.LegalChange ? effective.Catalog.LegalChangeUpdateDeadline : effective.Catalog.UpdateDeadline;
        // The jurisdiction's calendar (with its local days off), as every other statutory deadline uses.
        var calendar = await calendars.GetAsync(jurisdiction, ct);
        return (effective.DeadlineOf(rule, calendar, time.GetUtcNow()), effective.Cite(rule));
    }

    /// <summary>Schedules the update timer of a declared change.</summary>
    public async Task ScheduleUpdateAsync(CatalogEntry entry, DeclaredChange change, Deadline deadline, CancellationToken ct)
    {
        var calendar = await calendars.GetAsync(entry.Jurisdiction, ct);
        await timers.ScheduleAsync(change.TimerId, entry.Jurisdiction, UpdateKind, CatalogEntries.Resource(entry.Jurisdiction, entry.Id), entry.Department,
            deadline, change.Rule, calendar, reminderWorkingDays: 1,
            new Dictionary<string, string> { ["entryId"] = entry.Id, ["code"] = entry.Code, ["rule"] = RuleKey(change.Kind) }, ct);
    }

    /// <summary>After a stored change: a publication closes the declared change's timer and makes sure the department's yearly review is scheduled.</summary>
    public async Task AfterChangeAsync(CatalogEntry before, CatalogEntry after, CancellationToken ct)
    {
        if (before.Published?.Number == after.Published?.Number) return;
        if (before.PendingChange is { } change) await timers.CancelAsync(after.Jurisdiction, change.TimerId, ct);
        await EnsureAnnualReviewAsync(after.Jurisdiction, after.Department, ct);
        if (after.Published is not { } published) return;
        // A scorecard fact: on time only where a declared change set a deadline; a first publication has none to meet.
        var now = time.GetUtcNow();
        var data = new Dictionary<string, string>();
        if (before.PendingChange is { } declared) data["onTime"] = now <= declared.DueAt ? "true" : "false";
        // Version 1 is a resource newly catalogued: supervision counts it towards the department's catalog coverage.
        if (published.Number == 1) data["firstPublication"] = "true";
        await events.RecordAsync(new SupervisionEvent
        {
            Id = $"catalog-entry:{after.Id}:v{published.Number}:published",
            Jurisdiction = after.Jurisdiction,
            Department = after.Department,
            Kind = SupervisionEventKinds.CatalogEntryPublished,
            At = now,
            Subject = CatalogEntries.Resource(after.Jurisdiction, after.Id),
            Data = data,
        }, ct);
    }

    /// <summary>Records the yearly review as a scorecard fact: on time when recorded within the year it covers.</summary>
    public Task ReviewRecordedAsync(string jurisdiction, string department, int year, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return events.RecordAsync(new SupervisionEvent
        {
            Id = $"catalog-annual:{department}:{year}:recorded",
            Jurisdiction = jurisdiction,
            Department = department,
            Kind = SupervisionEventKinds.CatalogReviewCompleted,
            At = now,
            Subject = $"catalog/{jurisdiction}/departments/{department}/annual-review/{year}",
            Data = new() { ["onTime"] = ChinaTime.DateOf(now).Year == year ? "true" : "false" },
        }, ct);
    }

    /// <summary>Schedules the department's review of this year, due on the year's last working day, where the rule set asks for one.</summary>
    public async Task EnsureAnnualReviewAsync(string jurisdiction, string department, CancellationToken ct)
    {
        var effective = await rules.ResolveAsync(jurisdiction, ct);
        if (!effective.Catalog.AnnualFullReview.Value) return;
        var now = time.GetUtcNow();
        var year = ChinaTime.DateOf(now).Year;
        var calendar = await calendars.GetAsync(jurisdiction, ct);
        var receipt = effective.Deadlines.DateOfReceipt.Value;
        var left = calendar.CountWorkingDaysAllowingProvisional(now, ChinaTime.StartOf(new DateOnly(year + 1, 1, 1)), receipt).Days;
        if (left <= 0) return;
        var deadline = calendar.AddWorkingDays(now, left, receipt);
        await timers.ScheduleAsync(AnnualTimerId(department, year), jurisdiction, AnnualKind, $"catalog/{jurisdiction}/departments/{department}/annual-review/{year}",
            department, deadline, effective.Cite(effective.Catalog.AnnualFullReview).ToString(), calendar, reminderWorkingDays: Math.Min(10, left - 1),
            new Dictionary<string, string> { ["year"] = year.ToString(System.Globalization.CultureInfo.InvariantCulture), ["rule"] = RuleKeys.CatalogAnnualFullReview.Key }, ct);
    }

    /// <summary>Closes the yearly review timer once the department recorded its review.</summary>
    public Task CancelAnnualAsync(string jurisdiction, string department, int year, CancellationToken ct) =>
        timers.CancelAsync(jurisdiction, AnnualTimerId(department, year), ct);

    private static string RuleKey(string kind) => kind == nameof(ChangeKind.LegalChange) ? RuleKeys.CatalogLegalChangeUpdateDeadline.Key : RuleKeys.CatalogUpdateDeadline.Key;
}

/// <summary>Reminds the department and, once overdue, raises a supervision finding for the catalog's two deadlines.</summary>
public sealed class CatalogDeadlineHandler(string kind, CatalogStore store, IFindingSink findings, QueueServiceClient queues, IAuditLog audit, TimeProvider time) : IDeadlineHandler
{
    /// <inheritdoc />
    public string Kind => kind;

    /// <inheritdoc />
    public async Task OnReminderAsync(DeadlineTimer timer, CancellationToken cancellationToken)
    {
        if (!await StillOpenAsync(timer, cancellationToken)) return;
        await NotifyAsync(timer, overdue: false, cancellationToken);
    }

    /// <inheritdoc />
    public async Task OnDueAsync(DeadlineTimer timer, CancellationToken cancellationToken)
    {
        if (!await StillOpenAsync(timer, cancellationToken)) return;
        await NotifyAsync(timer, overdue: true, cancellationToken);
        var what = kind == CatalogDeadlines.UpdateKind
            ? $"目录 {timer.Data.GetValueOrDefault("code")} 申报变更后未在期限内更新"
            : $"本部门未记录 {timer.Data.GetValueOrDefault("year")} 年度的目录全面核查";
        await findings.RaiseAsync(new Finding("finding:" + timer.Id, timer.Jurisdiction, timer.Department ?? "", timer.Data.GetValueOrDefault("rule") ?? kind,
            timer.Rule, timer.Subject, timer.Deadline.DueAt, null, FindingText.Missed(what, timer)), cancellationToken);
        await audit.WriteAsync(AuditExtensions.DeadlineAudit(time, timer, "catalog.deadline.finding") with
        {
            Department = timer.Department,
            Reason = timer.Rule,
        }, cancellationToken);
    }

    /// <summary>A provisional deadline was recomputed once its year was loaded: the pending change shows the new due date, not provisional any more.</summary>
    public async Task OnDeadlineChangedAsync(DeadlineTimer timer, CancellationToken cancellationToken)
    {
        if (kind != CatalogDeadlines.UpdateKind) return;
        var d = timer.Deadline;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var doc = await store.FindAsync(timer.Jurisdiction, timer.Data.GetValueOrDefault("entryId") ?? "", cancellationToken);
            if (doc?.Entry.PendingChange is not { } change || change.TimerId != timer.Id) return;
            if (change.DueAt == d.DueAt && change.DueDateProvisional == d.IsProvisional) return;
            var after = doc.Entry with { PendingChange = change with { DueDate = d.DueDate, DueAt = d.DueAt, DueDateProvisional = d.IsProvisional } };
            try
            {
                await store.ReplaceAsync(doc.Entry, after, doc.ETag!, cancellationToken);
                return;
            }
            catch (EntryChangedException) when (attempt < 4) { }
        }
    }

    // A timer whose work was done meanwhile (or that a lost race left behind) must not remind or raise anything.
    private async Task<bool> StillOpenAsync(DeadlineTimer timer, CancellationToken ct)
    {
        if (kind == CatalogDeadlines.AnnualKind)
            return !int.TryParse(timer.Data.GetValueOrDefault("year"), out var year)
                || !await store.HasAnnualReviewAsync(timer.Jurisdiction, timer.Department ?? "", year, ct);
        var doc = await store.FindAsync(timer.Jurisdiction, timer.Data.GetValueOrDefault("entryId") ?? "", ct);
        return doc?.Entry.PendingChange?.TimerId == timer.Id && !doc.Entry.Retired;
    }

    private async Task NotifyAsync(DeadlineTimer timer, bool overdue, CancellationToken ct)
    {
        await queues.SendDeadlineNotificationAsync(timer, overdue ? "catalog.deadline.overdue" : "catalog.deadline.reminder", timer.Department, ct);
        await audit.WriteAsync(AuditExtensions.DeadlineAudit(time, timer, overdue ? "catalog.deadline.overdue" : "catalog.deadline.remind") with
        {
            Department = timer.Department,
            Reason = timer.Rule,
        }, ct);
    }
}
