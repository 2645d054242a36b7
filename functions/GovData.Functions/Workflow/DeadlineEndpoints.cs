using GovData.Domain.Calendar;
using GovData.Domain.Identity;
using GovData.Functions.Audit;
using GovData.Functions.Calendar;
using GovData.Functions.Identity;
using GovData.Functions.Storage;

namespace GovData.Functions.Workflow;

/// <summary>Lists the open deadlines a caller must act on, with their provisional flag.</summary>
public static class DeadlineEndpoints
{
    /// <summary>Maps GET /api/deadlines.</summary>
    public static IEndpointRouteBuilder MapDeadlines(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/deadlines", async (HttpContext http, StatutoryDeadlines deadlines, CalendarService calendars, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            // The data authority and auditors see the whole jurisdiction; a department sees its own.
            var all = caller.Has(Role.DataAuthority) || caller.Has(Role.Auditor) || caller.Has(Role.CoordinationOffice);
            var list = (await deadlines.PendingAsync(caller.Jurisdiction, ct)).Where(t => all || t.Department == caller.Department).ToList();
            var calendar = await calendars.GetAsync(caller.Jurisdiction, ct);
            var now = time.GetUtcNow();
            await audit.WriteAsync(http.AuditFor("deadlines.read", "deadlines"), ct);
            return Results.Ok(list.OrderBy(t => t.Deadline.DueAt).Select(t =>
            {
                var left = WorkingDaysLeft.Until(calendar, now, t.Deadline.DueDate);
                return new
                {
                    t.Id, t.Kind, kindLabel = DeadlineKinds.Label(t.Kind), t.Subject, t.Department, t.Rule,
                    // The rule key and article as the owner recorded them (share deadlines do; others may not).
                    ruleKey = t.Data.GetValueOrDefault("rule"), article = t.Data.GetValueOrDefault("article"),
                    dueDate = t.Deadline.DueDate, dueAt = t.Deadline.DueAt,
                    provisional = t.Deadline.IsProvisional, provisionalYears = t.Deadline.ProvisionalYears,
                    workingDaysLeft = left.Days, workingDaysLeftProvisional = left.Provisional, overdue = now >= t.Deadline.DueAt,
                    calendar = t.Deadline.CalendarStamp, t.RemindAt, t.Reminded,
                };
            }));
        }).WithTags("Deadlines").WithSummary("Open deadlines of the caller's department (or the whole jurisdiction for the authority), with working days left, rule key and article; provisional ones marked");
        return app;
    }
}
