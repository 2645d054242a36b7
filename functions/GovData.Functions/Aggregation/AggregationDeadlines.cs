using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues;
using GovData.Domain.Aggregation;
using GovData.Domain.Catalog;
using GovData.Domain.Labels;
using GovData.Functions.Audit;
using GovData.Functions.Calendar;
using GovData.Functions.Catalog;
using GovData.Functions.Errors;
using GovData.Functions.Storage;
using GovData.Functions.Supervision;
using GovData.Functions.Workflow;

namespace GovData.Functions.Aggregation;

/// <summary>
/// Update-cycle monitoring (002 第十七条): after each accepted version the entry's next submission is due one update
/// cycle later (on a working day); the timer reminds the department a working day ahead and, once overdue, reminds it
/// again and raises a supervision finding for late aggregation (000 第四十二条(三)).
/// </summary>
public sealed class AggregationDeadlines(StatutoryDeadlines timers, AggregationStore store, CalendarService calendars)
{
    /// <summary>Timer kind of the next due submission.</summary>
    public const string DueKind = "aggregation.due";

    /// <summary>The rule key findings carry.</summary>
    public const string RuleKey = "aggregation.updateCycle";

    /// <summary>
    /// What the timer and the finding cite. The period is the catalog entry's own update cycle, not a number of the rule
    /// set, so there is no rule-set value to cite; the articles are the same in every jurisdiction's source texts.
    /// </summary>
    public const string Citation = "002 第十七条 (update per the catalog's update cycle); 000 第四十二条(三) (late aggregation)";

    /// <summary>The timer of the submission due after version <paramref name="version"/>.</summary>
    public static string DueTimerId(string entryId, int version) => $"aggregation-due:{entryId}:v{version}";

    /// <summary>True when the data arrived before the submission due after the previous version (always for the first).</summary>
    public async Task<bool> IsOnTimeAsync(SubmissionDocument sub, DateTimeOffset receivedAt, CancellationToken ct)
    {
        var previous = Previous(await store.VersionsAsync(sub.Jurisdiction, sub.EntryId, ct), sub.Id);
        if (previous is null) return true;
        var timer = await timers.FindAsync(sub.Jurisdiction, DueTimerId(sub.EntryId, previous.Version), ct);
        return timer is null || receivedAt < timer.Deadline.DueAt;
    }

    /// <summary>Closes the previous version's due timer and schedules the next one from this version's acceptance.</summary>
    public async Task AfterAcceptedAsync(CatalogEntryDocument entry, UpdateCycle cycle, VersionDocument version, CancellationToken ct)
    {
        if (Previous(await store.VersionsAsync(entry.Jurisdiction, entry.Id, ct), version.SubmissionId) is { } previous)
            await timers.CancelAsync(entry.Jurisdiction, DueTimerId(entry.Id, previous.Version), ct);
        var calendar = await calendars.GetAsync(entry.Jurisdiction, ct);
        if (SubmissionSchedule.NextDue(cycle, version.AcceptedAt, calendar) is not { } deadline) return;
        await timers.ScheduleAsync(DueTimerId(entry.Id, version.Version), entry.Jurisdiction, DueKind, AggregationService.EntryResource(entry.Jurisdiction, entry.Id),
            entry.Department, deadline, Citation, calendar, SubmissionSchedule.ReminderWorkingDays(cycle),
            new Dictionary<string, string>
            {
                ["entryId"] = entry.Id,
                ["code"] = entry.Code,
                ["version"] = version.Version.ToString(CultureInfo.InvariantCulture),
                ["updateCycle"] = cycle.ToString(),
            }, ct);
    }

    // The latest version taken by another submission before this one's (or the latest at all when this one has none yet).
    private static VersionDocument? Previous(List<VersionDocument> versions, string submissionId)
    {
        var mine = versions.FirstOrDefault(v => v.SubmissionId == submissionId);
        return versions.Where(v => v.SubmissionId != submissionId && v.State == VersionState.Available && (mine is null || v.Version < mine.Version))
            .MaxBy(v => v.Version);
    }
}

/// <summary>Reminds the department of a due or overdue submission and, once overdue, raises the finding.</summary>
public sealed class AggregationDeadlineHandler(AggregationStore store, IFindingSink findings, QueueServiceClient queues, IAuditLog audit, TimeProvider time) : IDeadlineHandler
{
    /// <inheritdoc />
    public string Kind => AggregationDeadlines.DueKind;

    /// <inheritdoc />
    public async Task OnReminderAsync(DeadlineTimer timer, CancellationToken cancellationToken)
    {
        if (await StillOpenAsync(timer, cancellationToken)) await RemindAsync(timer, overdue: false, cancellationToken);
    }

    /// <inheritdoc />
    public async Task OnDueAsync(DeadlineTimer timer, CancellationToken cancellationToken)
    {
        if (!await StillOpenAsync(timer, cancellationToken)) return;
        await RemindAsync(timer, overdue: true, cancellationToken);
        await findings.RaiseAsync(new Finding("finding:" + timer.Id, timer.Jurisdiction, timer.Department ?? "", AggregationDeadlines.RuleKey, timer.Rule,
            timer.Subject, timer.Deadline.DueAt, null,
            $"目录 {timer.Data.GetValueOrDefault("code")}（更新周期：{ZhLabels.Label(typeof(UpdateCycle), timer.Data.GetValueOrDefault("updateCycle") ?? "")}）未在 {FindingText.Due(timer.Deadline.DueDate, timer.Deadline.IsProvisional)} 前报送数据；{timer.Rule}"),
            cancellationToken);
        await audit.WriteAsync(AuditExtensions.DeadlineAudit(time, timer, "aggregation.deadline.finding") with
        {
            Department = timer.Department,
            Reason = timer.Rule,
        }, cancellationToken);
    }

    // A later version was accepted meanwhile: nothing is due any more under this timer.
    private async Task<bool> StillOpenAsync(DeadlineTimer timer, CancellationToken ct)
    {
        if (!int.TryParse(timer.Data.GetValueOrDefault("version"), NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return false;
        var versions = await store.VersionsAsync(timer.Jurisdiction, timer.Data.GetValueOrDefault("entryId") ?? "", ct);
        return !versions.Any(v => v.Version > version && v.State == VersionState.Available);
    }

    private async Task RemindAsync(DeadlineTimer timer, bool overdue, CancellationToken ct)
    {
        var code = timer.Data.GetValueOrDefault("code") ?? "";
        var message = overdue
            ? $"数据汇聚已逾期：目录 {code} 应于 {FindingText.Due(timer.Deadline.DueDate, timer.Deadline.IsProvisional)} 前报送数据，尚未接收到新数据"
            : $"数据汇聚提醒：目录 {code} 的下一次数据应于 {FindingText.Due(timer.Deadline.DueDate, timer.Deadline.IsProvisional)} 前报送";
        await store.AddReminderAsync(new ReminderDocument($"aggregation-reminder:{timer.Id}:{(overdue ? "overdue" : "due")}", timer.Jurisdiction,
            timer.Department ?? "", timer.Data.GetValueOrDefault("entryId") ?? "", code, overdue, timer.Deadline.DueDate, timer.Rule, message, time.GetUtcNow(),
            DueDateProvisional: timer.Deadline.IsProvisional), ct);
        await queues.SendDeadlineNotificationAsync(timer, overdue ? "aggregation.deadline.overdue" : "aggregation.deadline.reminder", timer.Department, ct);
        await audit.WriteAsync(AuditExtensions.DeadlineAudit(time, timer, overdue ? "aggregation.deadline.overdue" : "aggregation.deadline.remind") with
        {
            Department = timer.Department,
            Reason = timer.Rule,
        }, ct);
    }
}
