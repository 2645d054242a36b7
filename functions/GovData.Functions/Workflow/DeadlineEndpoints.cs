using GovData.Domain.Identity;
using GovData.Functions.Audit;
using GovData.Functions.Identity;
using GovData.Functions.Storage;

namespace GovData.Functions.Workflow;

/// <summary>Lists the open deadlines a caller must act on, with their provisional flag.</summary>
public static class DeadlineEndpoints
{
    /// <summary>Maps GET /api/deadlines.</summary>
    public static IEndpointRouteBuilder MapDeadlines(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/deadlines", async (HttpContext http, StatutoryDeadlines deadlines, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            // The data authority and auditors see the whole jurisdiction; a department sees its own.
            var all = caller.Has(Role.DataAuthority) || caller.Has(Role.Auditor) || caller.Has(Role.CoordinationOffice);
            var list = (await deadlines.PendingAsync(caller.Jurisdiction, ct)).Where(t => all || t.Department == caller.Department).ToList();
            await audit.WriteAsync(http.AuditFor("deadlines.read", "deadlines"), ct);
            return Results.Ok(list.OrderBy(t => t.Deadline.DueAt).Select(t => new
            {
                t.Id, t.Kind, t.Subject, t.Department, t.Rule,
                dueDate = t.Deadline.DueDate, dueAt = t.Deadline.DueAt,
                provisional = t.Deadline.IsProvisional, provisionalYears = t.Deadline.ProvisionalYears,
                calendar = t.Deadline.CalendarStamp, t.RemindAt, t.Reminded,
            }));
        }).WithTags("Deadlines").WithSummary("Open deadlines of the caller's department (or the whole jurisdiction for the authority), provisional ones marked");
        return app;
    }
}
