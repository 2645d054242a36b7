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
        app.MapGet("/api/audit/verify", async (DateOnly from, DateOnly? to, HttpContext http, ChainedAuditLog chain, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var last = to ?? from;
            if (last < from) return Problems.Validation("to", "must not be before 'from'");
            if (last.DayNumber - from.DayNumber > 366) return Problems.Validation("to", "a verification spans at most 366 days");
            var prev = await chain.LastHashBeforeAsync(caller.Jurisdiction, from, ct);
            var records = 0;
            Domain.Audit.AuditChainBreak? broken = null;
            for (var day = from; day <= last && broken is null; day = day.AddDays(1))
            {
                var lines = await chain.ReadDayAsync(caller.Jurisdiction, day, ct);
                broken = Domain.Audit.AuditChain.Verify(day, lines, prev, out prev);
                records += broken?.Line - 1 ?? lines.Count;
            }
            await audit.WriteAsync(http.AuditFor("audit.verify", $"audit/{caller.Jurisdiction}/{from:yyyy-MM-dd}..{last:yyyy-MM-dd}") with { Purpose = "audit trail verification" }, ct);
            return Results.Ok(new { jurisdiction = caller.Jurisdiction, from, to = last, intact = broken is null, recordsChecked = records, firstBreak = broken, lastHash = broken is null ? prev : null });
        })
        .RequireRoles(Role.Auditor, Role.DataAuthority)
        .WithTags("Audit")
        .WithSummary("Walk the hash chain of the caller's jurisdiction over a range of days and report the first broken link");
        return app;
    }
}
