using Azure.Storage.Queues;
using GovData.Domain.Aggregation;
using GovData.Domain.Audit;
using GovData.Functions.Audit;
using GovData.Functions.Calendar;
using GovData.Functions.Catalog;
using GovData.Functions.Hosting.Http;
using GovData.Functions.RuleSets;
using GovData.Functions.Workflow;

namespace GovData.Functions.Aggregation;

/// <summary>
/// Error feedback (数据纠错; 002 第十八条, 004 第十四条, 000 第十六条) with no HTTP in sight: a department holding a grant reports
/// a wrong record, the providing department answers within the rule set's working days (a deadline timer), the other side
/// is told on the notifications queue. Every operation takes who asked (<see cref="RequestContext"/>) and returns an
/// <see cref="AggregationAnswer{T}"/>; every audit record names the entry's department as the data owner. Scheduling and
/// cancelling the timer need the invocation's Durable client (<see cref="DurableClients"/>).
/// </summary>
public sealed class ErrorFeedbackService(CatalogStore catalog, AggregationStore versions, ErrorFeedbackStore store, IDataGrants grants, RuleSetService rules,
    CalendarService calendars, StatutoryDeadlines timers, QueueServiceClient queues, IAuditLog audit, TimeProvider time)
{
    /// <summary>The audit resource of a report.</summary>
    public static string Resource(string jurisdiction, string id) => $"aggregation/{jurisdiction}/feedback/{id}";

    /// <summary>Reports a wrong record in data of entry <paramref name="entryId"/>, which the caller's department holds a grant for; starts the answer deadline.</summary>
    public async Task<AggregationAnswer<ErrorReportView>> ReportAsync(RequestContext request, string entryId, FeedbackRequest body, CancellationToken ct)
    {
        const string action = "aggregation.feedback.report";
        var caller = request.User;
        var now = time.GetUtcNow();
        var resource = AggregationService.EntryResource(caller.Jurisdiction, entryId);
        var entry = await catalog.FindAsync(caller.Jurisdiction, entryId, ct);
        if (entry is null || !entry.Entry.IsListed) return AggregationRefusal.NotFound($"Catalog entry {entryId}");
        if (caller.BelongsTo(entry.Department))
            return AggregationRefusal.Conflict("this is your own department's entry: correct it in a new version instead of reporting it");
        if (!await grants.HoldsGrantAsync(caller.Department, entry, now, ct))
        {
            await audit.WriteAsync(request.AuditFor(action, resource) with { DataOwner = entry.Department, Outcome = AuditOutcome.Refused, Reason = "no grant" }, ct);
            return AggregationRefusal.Forbidden("your department holds no grant for this entry's data, so it cannot report errors in it");
        }
        var items = entry.Entry.Published!.Content.DataItems.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var errors = ErrorFeedbackRules.ValidateReport(body.Description, body.Item, body.RecordKey, body.Row, items);
        if (errors.Count > 0) return AggregationRefusal.Invalid(errors);
        if (body.Version is { } v && await versions.FindVersionAsync(caller.Jurisdiction, entryId, v, ct) is not { State: VersionState.Available })
            return AggregationRefusal.Invalid("version", $"version {v} of the entry does not exist");
        var effective = await rules.ResolveAsync(caller.Jurisdiction, ct);
        var rule = effective.ErrorFeedback.AnswerDeadline;
        var calendar = await calendars.GetAsync(caller.Jurisdiction, ct);
        var deadline = effective.DeadlineOf(rule, calendar, now);
        var cited = effective.Cite(rule).ToString();
        var id = Guid.NewGuid().ToString("N");
        var doc = await store.CreateAsync(new FeedbackDocument
        {
            Id = id,
            Jurisdiction = caller.Jurisdiction,
            EntryId = entryId,
            EntryCode = entry.Code,
            Provider = entry.Department,
            Reporter = caller.Department,
            ReportedBy = caller.UserId,
            ReportedAt = now,
            Version = body.Version,
            Row = body.Row,
            RecordKey = body.RecordKey,
            Item = body.Item,
            Description = body.Description.Trim(),
            Route = effective.ErrorFeedback.Route.Value.ToString(),
            DueDate = deadline.DueDate,
            DueDateProvisional = deadline.IsProvisional,
            DueAt = deadline.DueAt,
            Rule = cited,
        }, ct);
        await timers.ScheduleAsync(ErrorFeedbackDeadlineHandler.TimerId(id), caller.Jurisdiction, ErrorFeedbackDeadlineHandler.FeedbackKind,
            Resource(caller.Jurisdiction, id), entry.Department, deadline, cited, calendar, reminderWorkingDays: 1,
            new Dictionary<string, string> { ["feedbackId"] = id, ["entryId"] = entryId }, ct);
        await ErrorFeedbackDeadlineHandler.NotifyAsync(queues, doc, "aggregation.feedback.reported", entry.Department, ct);
        await audit.WriteAsync(request.AuditFor(action, Resource(caller.Jurisdiction, id)) with
        {
            DataOwner = entry.Department,
            DataContent = $"{entry.Code} v{body.Version} row {body.Row} key {body.RecordKey} item {body.Item}",
        }, ct);
        return AggregationAnswer<ErrorReportView>.Done(ErrorReportView.Of(doc));
    }

    /// <summary>A report, to the reporting and the providing department (others: not found).</summary>
    public async Task<AggregationAnswer<ErrorReportView>> GetAsync(RequestContext request, string id, CancellationToken ct)
    {
        var caller = request.User;
        var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
        if (doc is null || !(caller.BelongsTo(doc.Provider) || caller.BelongsTo(doc.Reporter))) return AggregationRefusal.NotFound($"Error report {id}");
        await audit.WriteAsync(request.AuditFor("aggregation.feedback.read", Resource(caller.Jurisdiction, id)) with { DataOwner = doc.Provider }, ct);
        return AggregationAnswer<ErrorReportView>.Done(ErrorReportView.Of(doc));
    }

    /// <summary>Reports the caller's department made or must answer, newest first.</summary>
    public async Task<ErrorReportList> ListAsync(RequestContext request, CancellationToken ct)
    {
        var caller = request.User;
        var list = await store.ForDepartmentAsync(caller.Jurisdiction, caller.Department, ct);
        await audit.WriteAsync(request.AuditFor("aggregation.feedback.list", $"aggregation/{caller.Jurisdiction}/departments/{caller.Department}/feedback") with
        {
            DataContent = $"{list.Count} reports",
        }, ct);
        return new ErrorReportList(list.Select(ErrorReportView.Of).ToList());
    }

    /// <summary>Answers a report (the providing department, once): corrected in a later existing version, or explained; cancels the timer and tells the reporter.</summary>
    public async Task<AggregationAnswer<ErrorReportView>> AnswerAsync(RequestContext request, string id, FeedbackAnswerRequest body, CancellationToken ct)
    {
        const string action = "aggregation.feedback.answer";
        var caller = request.User;
        var resource = Resource(caller.Jurisdiction, id);
        var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
        if (doc is null || !(caller.BelongsTo(doc.Provider) || caller.BelongsTo(doc.Reporter))) return AggregationRefusal.NotFound($"Error report {id}");
        if (!caller.BelongsTo(doc.Provider)) return AggregationRefusal.Forbidden("only the providing department answers an error report");
        if (doc.State != ErrorFeedbackState.Open) return AggregationRefusal.Conflict($"error report {id} was already answered");
        var errors = ErrorFeedbackRules.ValidateAnswer(body.Outcome, body.Answer, body.CorrectedInVersion, doc.Version);
        if (errors.Count > 0) return AggregationRefusal.Invalid(errors);
        if (body.Outcome == ErrorFeedbackOutcome.Corrected
            && await versions.FindVersionAsync(caller.Jurisdiction, doc.EntryId, body.CorrectedInVersion!.Value, ct) is not { State: VersionState.Available })
            return AggregationRefusal.Invalid("correctedInVersion", $"version {body.CorrectedInVersion} of the entry does not exist");
        var now = time.GetUtcNow();
        var answered = await store.TryReplaceAsync(doc with
        {
            State = ErrorFeedbackState.Answered,
            Outcome = body.Outcome,
            Answer = body.Answer.Trim(),
            CorrectedInVersion = body.Outcome == ErrorFeedbackOutcome.Corrected ? body.CorrectedInVersion : null,
            AnsweredBy = caller.UserId,
            AnsweredAt = now,
            OnTime = now < doc.DueAt,
        }, doc.ETag!, ct);
        if (answered is null)
        {
            await audit.WriteAsync(request.AuditFor(action, resource) with { DataOwner = doc.Provider, Outcome = AuditOutcome.Refused, Reason = "answered concurrently" }, ct);
            return AggregationRefusal.Conflict($"error report {id} was answered by someone else at the same time");
        }
        await timers.CancelAsync(caller.Jurisdiction, ErrorFeedbackDeadlineHandler.TimerId(id), ct);
        await ErrorFeedbackDeadlineHandler.NotifyAsync(queues, answered, "aggregation.feedback.answered", answered.Reporter, ct);
        await audit.WriteAsync(request.AuditFor(action, resource) with { DataOwner = answered.Provider, DataContent = $"{answered.EntryCode} {body.Outcome} v{body.CorrectedInVersion}" }, ct);
        return AggregationAnswer<ErrorReportView>.Done(ErrorReportView.Of(answered));
    }
}
