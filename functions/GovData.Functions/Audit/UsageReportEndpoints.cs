using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Functions.Errors;
using GovData.Functions.Identity;
using GovData.Functions.Triggers;

namespace GovData.Functions.Audit;

/// <summary>The body of PUT /api/audit/usage/subscription.</summary>
public sealed record UsageSubscriptionRequest(UsageReportFrequency? Frequency, string? Format);

/// <summary>Registers and maps the periodic usage report a producing department can subscribe to (000 第三十九条).</summary>
public static class UsageReportEndpoints
{
    private static readonly Role[] ManageRoles = [Role.DataSteward, Role.DataAuthority];
    private static readonly Role[] ReadRoles = [Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority];
    private const string Purpose = "use of the department's own data (000 第三十九条)";

    /// <summary>Adds the subscription and report store and the daily timer.</summary>
    public static IServiceCollection AddUsageReports(this IServiceCollection services)
    {
        services.AddSingleton<UsageReports>();
        services.AddSingleton<UsageReportTimer>();
        return services;
    }

    /// <summary>Maps /api/audit/usage/subscription and /api/audit/usage/reports.</summary>
    public static IEndpointRouteBuilder MapUsageReports(this IEndpointRouteBuilder app)
    {
        var usage = app.MapGroup("/api/audit/usage").WithTags("Audit");

        usage.MapPut("/subscription", async (UsageSubscriptionRequest body, HttpContext http, UsageReports reports, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (body.Frequency is not { } frequency || !Enum.IsDefined(frequency)) return Problems.Validation("frequency", "must be Weekly or Monthly");
            if (body.Format is not ("csv" or "jsonl")) return Problems.Validation("format", "must be csv or jsonl");
            var doc = await reports.PutAsync(new UsageSubscriptionDocument
            {
                Id = UsageReports.SubscriptionId(caller.Department), Jurisdiction = caller.Jurisdiction, Department = caller.Department,
                Frequency = frequency, Format = body.Format, UpdatedBy = caller.UserId, UpdatedAt = time.GetUtcNow(),
            }, ct);
            await audit.WriteAsync(http.AuditFor("audit.usage.subscription.put", Resource(caller)) with
            {
                Purpose = Purpose, DataOwner = caller.Department, DataContent = $"{frequency} {body.Format}",
            }, ct);
            return Results.Ok(View(doc));
        }).RequireRoles(ManageRoles).WithSummary("Subscribe the caller's department to a Weekly or Monthly usage report of its own data, as csv or jsonl (replaces an existing subscription)");

        usage.MapGet("/subscription", async (HttpContext http, UsageReports reports, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var doc = await reports.FindAsync(caller.Jurisdiction, caller.Department, ct);
            await audit.WriteAsync(http.AuditFor("audit.usage.subscription.read", Resource(caller)) with
            {
                Purpose = Purpose, DataOwner = caller.Department,
                Outcome = doc is null ? AuditOutcome.Refused : AuditOutcome.Succeeded, Reason = doc is null ? "no subscription" : null,
            }, ct);
            return doc is null ? Problems.NotFound("Usage report subscription") : Results.Ok(View(doc));
        }).RequireRoles(ManageRoles).WithSummary("The caller's department's usage report subscription");

        usage.MapDelete("/subscription", async (HttpContext http, UsageReports reports, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var deleted = await reports.DeleteAsync(caller.Jurisdiction, caller.Department, ct);
            await audit.WriteAsync(http.AuditFor("audit.usage.subscription.delete", Resource(caller)) with
            {
                Purpose = Purpose, DataOwner = caller.Department,
                Outcome = deleted ? AuditOutcome.Succeeded : AuditOutcome.Refused, Reason = deleted ? null : "no subscription",
            }, ct);
            return deleted ? Results.NoContent() : Problems.NotFound("Usage report subscription");
        }).RequireRoles(ManageRoles).WithSummary("End the caller's department's usage report subscription (reports already written stay)");

        usage.MapGet("/reports", async (HttpContext http, UsageReports reports, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var files = await reports.ListReportsAsync(caller.Jurisdiction, caller.Department, ct);
            await audit.WriteAsync(http.AuditFor("audit.usage.reports.list", ReportsResource(caller)) with { Purpose = Purpose, DataOwner = caller.Department }, ct);
            return Results.Ok(new
            {
                department = caller.Department,
                reports = files.Select(f => new { period = f.Period, format = f.Format, size = f.Size, writtenAt = f.WrittenAt }),
            });
        }).RequireRoles(ReadRoles).WithSummary("The usage reports written for the caller's department");

        usage.MapGet("/reports/{period}", async (string period, HttpContext http, UsageReports reports, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (!UsageReportPeriod.TryParse(period, out var p)) return Problems.Validation("period", "must be a week such as 2026-W48 or a month such as 2026-11");
            // Only ever the caller's own department's folder: another department's report is simply not there (404).
            var report = await reports.OpenAsync(caller.Jurisdiction, caller.Department, p!, ct);
            var resource = ReportsResource(caller) + "/" + p!.Key;
            if (report is not { } found)
            {
                await audit.WriteAsync(http.AuditFor("audit.usage.report.download", resource) with
                {
                    Purpose = Purpose, DataOwner = caller.Department, Outcome = AuditOutcome.Refused, Reason = "no report",
                }, ct);
                return Problems.NotFound($"Usage report {p.Key}");
            }
            await audit.WriteAsync(http.AuditFor("audit.usage.report.download", resource) with { Purpose = Purpose, DataOwner = caller.Department, Medium = found.Format }, ct);
            return Results.File(found.Content, AuditExport.ContentType(found.Format), $"usage-{caller.Department}-{p.Key}.{found.Format}");
        }).RequireRoles(ReadRoles).WithSummary("Download the caller's department's usage report of a period (2026-W48 or 2026-11)");
        return app;
    }

    private static string Resource(Caller caller) => $"audit/{caller.Jurisdiction}/usage/{caller.Department}/subscription";
    private static string ReportsResource(Caller caller) => $"audit/{caller.Jurisdiction}/usage/{caller.Department}/reports";

    private static object View(UsageSubscriptionDocument d) => new
    {
        department = d.Department, frequency = d.Frequency.ToString(), format = d.Format, updatedBy = d.UpdatedBy, updatedAt = d.UpdatedAt,
    };
}
