using Azure.Storage.Queues;
using GovData.Domain.Aggregation;
using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Functions.Audit;
using GovData.Functions.Calendar;
using GovData.Functions.Catalog;
using GovData.Functions.Errors;
using GovData.Functions.Identity;
using GovData.Functions.RuleSets;
using GovData.Functions.Workflow;

namespace GovData.Functions.Aggregation;

/// <summary>A consumer's report of a wrong record.</summary>
public sealed record FeedbackRequest(string Description, int? Version = null, long? Row = null, string? RecordKey = null, string? Item = null);

/// <summary>The provider's answer.</summary>
public sealed record FeedbackAnswerRequest(ErrorFeedbackOutcome Outcome, string Answer, int? CorrectedInVersion = null);

/// <summary>Error feedback (数据纠错) endpoints: report, read, answer (002 第十八条, 004 第十四条, 000 第十六条).</summary>
public static class ErrorFeedbackEndpoints
{
    /// <summary>Maps the feedback endpoints into the aggregation group.</summary>
    public static void MapErrorFeedback(RouteGroupBuilder group)
    {
        group.MapPost("/entries/{entryId}/feedback", async (string entryId, FeedbackRequest body, HttpContext http, CatalogStore catalog, AggregationStore versions,
            ErrorFeedbackStore store, IDataGrants grants, RuleSetService rules, CalendarService calendars, StatutoryDeadlines timers, QueueServiceClient queues,
            IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var now = time.GetUtcNow();
            var resource = AggregationService.EntryResource(caller.Jurisdiction, entryId);
            var entry = await catalog.FindAsync(caller.Jurisdiction, entryId, ct);
            if (entry is null || !entry.Entry.IsListed) return Problems.NotFound($"Catalog entry {entryId}");
            if (caller.BelongsTo(entry.Department))
                return Problems.Conflict("this is your own department's entry: correct it in a new version instead of reporting it");
            if (!await grants.HoldsGrantAsync(caller.Department, entry, now, ct))
            {
                await audit.WriteAsync(http.AuditFor("aggregation.feedback.report", resource) with { DataOwner = entry.Department, Outcome = AuditOutcome.Refused, Reason = "no grant" }, ct);
                return Problems.Forbidden("your department holds no grant for this entry's data, so it cannot report errors in it");
            }
            var items = entry.Entry.Published!.Content.DataItems.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
            var errors = ErrorFeedbackRules.ValidateReport(body.Description, body.Item, body.RecordKey, body.Row, items);
            if (errors.Count > 0) return Problems.Validation(errors);
            if (body.Version is { } v && await versions.FindVersionAsync(caller.Jurisdiction, entryId, v, ct) is not { State: VersionState.Available })
                return Problems.Validation("version", $"version {v} of the entry does not exist");
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
                $"aggregation/{caller.Jurisdiction}/feedback/{id}", entry.Department, deadline, cited, calendar, reminderWorkingDays: 1,
                new Dictionary<string, string> { ["feedbackId"] = id, ["entryId"] = entryId }, ct);
            await ErrorFeedbackDeadlineHandler.NotifyAsync(queues, doc, "aggregation.feedback.reported", entry.Department, ct);
            await audit.WriteAsync(http.AuditFor("aggregation.feedback.report", $"aggregation/{caller.Jurisdiction}/feedback/{id}") with
            {
                DataOwner = entry.Department,
                DataContent = $"{entry.Code} v{body.Version} row {body.Row} key {body.RecordKey} item {body.Item}",
            }, ct);
            return Results.Created($"/api/aggregation/feedback/{id}", View(doc));
        }).RequireRoles(Role.DataSteward)
          .WithSummary("Report a wrong record in data your department holds a grant for; the provider must answer within the rule set's working days");

        group.MapGet("/feedback/{id}", async (string id, HttpContext http, ErrorFeedbackStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
            if (doc is null || !(caller.BelongsTo(doc.Provider) || caller.BelongsTo(doc.Reporter))) return Problems.NotFound($"Error report {id}");
            await audit.WriteAsync(http.AuditFor("aggregation.feedback.read", $"aggregation/{caller.Jurisdiction}/feedback/{id}") with { DataOwner = doc.Provider }, ct);
            return Results.Ok(View(doc));
        }).RequireRoles(Role.DataSteward).WithSummary("An error report, to the reporting and the providing department");

        group.MapGet("/feedback", async (HttpContext http, ErrorFeedbackStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var list = await store.ForDepartmentAsync(caller.Jurisdiction, caller.Department, ct);
            await audit.WriteAsync(http.AuditFor("aggregation.feedback.list", $"aggregation/{caller.Jurisdiction}/departments/{caller.Department}/feedback") with { DataContent = $"{list.Count} reports" }, ct);
            return Results.Ok(new { items = list.Select(View) });
        }).RequireRoles(Role.DataSteward).WithSummary("Error reports the caller's department made or must answer, newest first");

        group.MapPost("/feedback/{id}/answer", async (string id, FeedbackAnswerRequest body, HttpContext http, ErrorFeedbackStore store, AggregationStore versions,
            StatutoryDeadlines timers, QueueServiceClient queues, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var resource = $"aggregation/{caller.Jurisdiction}/feedback/{id}";
            var doc = await store.FindAsync(caller.Jurisdiction, id, ct);
            if (doc is null || !(caller.BelongsTo(doc.Provider) || caller.BelongsTo(doc.Reporter))) return Problems.NotFound($"Error report {id}");
            if (!caller.BelongsTo(doc.Provider)) return Problems.Forbidden("only the providing department answers an error report");
            if (doc.State != ErrorFeedbackState.Open) return Problems.Conflict($"error report {id} was already answered");
            var errors = ErrorFeedbackRules.ValidateAnswer(body.Outcome, body.Answer, body.CorrectedInVersion, doc.Version);
            if (errors.Count > 0) return Problems.Validation(errors);
            if (body.Outcome == ErrorFeedbackOutcome.Corrected
                && await versions.FindVersionAsync(caller.Jurisdiction, doc.EntryId, body.CorrectedInVersion!.Value, ct) is not { State: VersionState.Available })
                return Problems.Validation("correctedInVersion", $"version {body.CorrectedInVersion} of the entry does not exist");
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
                await audit.WriteAsync(http.AuditFor("aggregation.feedback.answer", resource) with { DataOwner = doc.Provider, Outcome = AuditOutcome.Refused, Reason = "answered concurrently" }, ct);
                return Problems.Conflict($"error report {id} was answered by someone else at the same time");
            }
            await timers.CancelAsync(caller.Jurisdiction, ErrorFeedbackDeadlineHandler.TimerId(id), ct);
            await ErrorFeedbackDeadlineHandler.NotifyAsync(queues, answered, "aggregation.feedback.answered", answered.Reporter, ct);
            await audit.WriteAsync(http.AuditFor("aggregation.feedback.answer", resource) with { DataOwner = answered.Provider, DataContent = $"{answered.EntryCode} {body.Outcome} v{body.CorrectedInVersion}" }, ct);
            return Results.Ok(View(answered));
        }).RequireRoles(Role.DataSteward).WithSummary("Answer an error report (providing department): corrected in a new version, or explained; the reporter is told");
    }

    private static object View(FeedbackDocument d) => new
    {
        d.Id, d.EntryId, d.EntryCode, d.Provider, d.Reporter, d.ReportedBy, d.ReportedAt, d.Version, d.Row, d.RecordKey, d.Item, d.Description, d.Route,
        d.DueDate, d.DueDateProvisional, d.Rule, d.State, d.Outcome, d.Answer, d.CorrectedInVersion, d.AnsweredBy, d.AnsweredAt, d.OnTime,
    };
}
