using GovData.Domain.Identity;
using GovData.Functions.Errors;
using GovData.Functions.Identity;

namespace GovData.Functions.Audit;

/// <summary>HTTP access to the audit trail for auditors and the data authority of a jurisdiction.</summary>
public static class AuditEndpoints
{
    /// <summary>Maps GET /api/audit/records.</summary>
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit/records", async (DateTimeOffset? from, DateTimeOffset? to, string? department, string? user, string? resource,
            HttpContext http, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var end = to ?? time.GetUtcNow();
            var start = from ?? end.AddDays(-1);
            if (start > end) return Problems.Validation("from", "must not be after 'to'");
            if (end - start > TimeSpan.FromDays(31)) return Problems.Validation("to", "a query spans at most 31 days; export longer ranges day by day");
            var query = new AuditQuery(caller.Jurisdiction, start, end) { Department = department, UserId = user, ResourcePrefix = resource, Limit = 1000 };
            var records = new List<Domain.Audit.AuditRecord>();
            await foreach (var r in audit.QueryAsync(query, ct)) records.Add(r);
            await audit.WriteAsync(http.AuditFor("audit.records.read", "audit/records") with { Purpose = "audit review" }, ct);
            return Results.Ok(new { from = start, to = end, count = records.Count, records });
        })
        .RequireRoles(Role.Auditor, Role.DataAuthority)
        .WithTags("Audit")
        .WithSummary("Query the audit trail of the caller's jurisdiction");
        return app;
    }
}
