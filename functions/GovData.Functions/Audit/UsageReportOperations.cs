using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Functions.Hosting.Http;

namespace GovData.Functions.Audit;

/// <summary>A department's usage report subscription.</summary>
/// <param name="Department">The subscribed department.</param>
/// <param name="Frequency">Weekly or Monthly.</param>
/// <param name="Format">csv or jsonl.</param>
/// <param name="UpdatedBy">Who last set it.</param>
/// <param name="UpdatedAt">When.</param>
public sealed record UsageSubscriptionView(string Department, string Frequency, string Format, string UpdatedBy, DateTimeOffset UpdatedAt)
{
    /// <summary>The view of a stored subscription.</summary>
    public static UsageSubscriptionView Of(UsageSubscriptionDocument d) => new(d.Department, d.Frequency.ToString(), d.Format, d.UpdatedBy, d.UpdatedAt);
}

/// <summary>A usage report written for a department.</summary>
/// <param name="Period">E.g. <c>2026-W48</c> or <c>2026-11</c>.</param>
/// <param name="Format">csv or jsonl.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="WrittenAt">When it was written.</param>
public sealed record UsageReportView(string Period, string Format, long Size, DateTimeOffset? WrittenAt);

/// <summary>The usage reports written for a department.</summary>
/// <param name="Department">The caller's department.</param>
/// <param name="Reports">Its reports.</param>
public sealed record UsageReportList(string Department, IReadOnlyList<UsageReportView> Reports);

/// <summary>
/// The periodic usage report a producing department can subscribe to (000 第三十九条), with no HTTP in sight: set, read and end
/// the caller's department's subscription, list its reports and download one. Always the caller's own department; every
/// operation is audited, refusals too.
/// </summary>
public sealed class UsageReportOperations(UsageReports reports, IAuditLog audit, TimeProvider time)
{
    private const string Purpose = "use of the department's own data (000 第三十九条)";

    /// <summary>Subscribes the caller's department (replacing an existing subscription).</summary>
    public async Task<OperationAnswer<UsageSubscriptionView>> SetSubscriptionAsync(RequestContext request, UsageSubscriptionRequest body, CancellationToken ct)
    {
        var caller = request.User;
        if (body.Frequency is not { } frequency || !Enum.IsDefined(frequency)) return OperationAnswer<UsageSubscriptionView>.Refused("frequency", "must be Weekly or Monthly");
        if (body.Format is not ("csv" or "jsonl")) return OperationAnswer<UsageSubscriptionView>.Refused("format", "must be csv or jsonl");
        var doc = await reports.PutAsync(new UsageSubscriptionDocument
        {
            Id = UsageReports.SubscriptionId(caller.Department), Jurisdiction = caller.Jurisdiction, Department = caller.Department,
            Frequency = frequency, Format = body.Format, UpdatedBy = caller.UserId, UpdatedAt = time.GetUtcNow(),
        }, ct);
        await audit.WriteAsync(request.AuditFor("audit.usage.subscription.put", Resource(caller)) with
        {
            Purpose = Purpose, DataOwner = caller.Department, DataContent = $"{frequency} {body.Format}",
        }, ct);
        return new(UsageSubscriptionView.Of(doc));
    }

    /// <summary>The caller's department's subscription (404 when it has none).</summary>
    public async Task<OperationAnswer<UsageSubscriptionView>> GetSubscriptionAsync(RequestContext request, CancellationToken ct)
    {
        var caller = request.User;
        var doc = await reports.FindAsync(caller.Jurisdiction, caller.Department, ct);
        await audit.WriteAsync(request.AuditFor("audit.usage.subscription.read", Resource(caller)) with
        {
            Purpose = Purpose, DataOwner = caller.Department,
            Outcome = doc is null ? AuditOutcome.Refused : AuditOutcome.Succeeded, Reason = doc is null ? "no subscription" : null,
        }, ct);
        return doc is null ? new(default, NotFound: "Usage report subscription") : new(UsageSubscriptionView.Of(doc));
    }

    /// <summary>Ends the caller's department's subscription (reports already written stay); 404 when it has none.</summary>
    public async Task<OperationAnswer<bool>> EndSubscriptionAsync(RequestContext request, CancellationToken ct)
    {
        var caller = request.User;
        var deleted = await reports.DeleteAsync(caller.Jurisdiction, caller.Department, ct);
        await audit.WriteAsync(request.AuditFor("audit.usage.subscription.delete", Resource(caller)) with
        {
            Purpose = Purpose, DataOwner = caller.Department,
            Outcome = deleted ? AuditOutcome.Succeeded : AuditOutcome.Refused, Reason = deleted ? null : "no subscription",
        }, ct);
        return deleted ? new(true) : new(false, NotFound: "Usage report subscription");
    }

    /// <summary>The usage reports written for the caller's department.</summary>
    public async Task<UsageReportList> ListReportsAsync(RequestContext request, CancellationToken ct)
    {
        var caller = request.User;
        var files = await reports.ListReportsAsync(caller.Jurisdiction, caller.Department, ct);
        await audit.WriteAsync(request.AuditFor("audit.usage.reports.list", ReportsResource(caller)) with { Purpose = Purpose, DataOwner = caller.Department }, ct);
        return new UsageReportList(caller.Department, [.. files.Select(f => new UsageReportView(f.Period, f.Format, f.Size, f.WrittenAt))]);
    }

    /// <summary>The caller's department's report of <paramref name="period"/> (2026-W48 or 2026-11); 404 when there is none.</summary>
    public async Task<OperationAnswer<AuditFile>> DownloadReportAsync(RequestContext request, string period, CancellationToken ct)
    {
        var caller = request.User;
        if (!UsageReportPeriod.TryParse(period, out var p)) return OperationAnswer<AuditFile>.Refused("period", "must be a week such as 2026-W48 or a month such as 2026-11");
        // Only ever the caller's own department's folder: another department's report is simply not there (404).
        var report = await reports.OpenAsync(caller.Jurisdiction, caller.Department, p!, ct);
        var resource = ReportsResource(caller) + "/" + p!.Key;
        if (report is not { } found)
        {
            await audit.WriteAsync(request.AuditFor("audit.usage.report.download", resource) with
            {
                Purpose = Purpose, DataOwner = caller.Department, Outcome = AuditOutcome.Refused, Reason = "no report",
            }, ct);
            return new(default, NotFound: $"Usage report {p.Key}");
        }
        await audit.WriteAsync(request.AuditFor("audit.usage.report.download", resource) with { Purpose = Purpose, DataOwner = caller.Department, Medium = found.Format }, ct);
        return new(new AuditFile(AuditExport.ContentType(found.Format), $"usage-{caller.Department}-{p.Key}.{found.Format}", async output =>
        {
            await using var content = found.Content;
            await content.CopyToAsync(output, ct);
        }));
    }

    private static string Resource(Caller caller) => $"audit/{caller.Jurisdiction}/usage/{caller.Department}/subscription";
    private static string ReportsResource(Caller caller) => $"audit/{caller.Jurisdiction}/usage/{caller.Department}/reports";
}
