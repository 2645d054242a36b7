using System.Diagnostics;
using GovData.Domain.Audit;
using GovData.Functions.Identity;

namespace GovData.Functions.Audit;

/// <summary>Fills an audit record from the current request: caller, time, request id, method.</summary>
public static class AuditExtensions
{
    /// <summary>Starts a successful audit record for <paramref name="action"/> on <paramref name="resource"/>; callers add purpose, content, outcome.</summary>
    public static AuditRecord AuditFor(this HttpContext http, string action, string resource, string? jurisdiction = null)
    {
        var caller = http.GetCallerOrNull();
        var time = http.RequestServices.GetRequiredService<TimeProvider>();
        return new AuditRecord
        {
            Id = AuditRecordBounds.NewId(),
            Jurisdiction = jurisdiction ?? caller?.Jurisdiction ?? "000000",
            At = time.GetUtcNow(),
            UserId = caller?.UserId ?? "anonymous",
            Department = caller?.Department,
            Roles = caller?.RoleNames,
            Action = action,
            Resource = resource,
            Method = $"{http.Request.Method} {http.Request.Path}",
            Medium = http.Request.IsHttps ? "https" : "http",
            Outcome = AuditOutcome.Succeeded,
            RequestId = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier,
        };
    }

    /// <summary>Starts a successful audit record of an operation asked for by <paramref name="request"/>; callers add purpose, content, outcome.</summary>
    public static AuditRecord AuditFor(this Hosting.Http.RequestContext request, string action, string resource, string? jurisdiction = null) => new()
    {
        Id = AuditRecordBounds.NewId(),
        Jurisdiction = jurisdiction ?? request.Caller?.Jurisdiction ?? "000000",
        At = request.ReceivedAt,
        UserId = request.Caller?.UserId ?? "anonymous",
        Department = request.Caller?.Department,
        Roles = request.Caller?.RoleNames,
        Action = action,
        Resource = resource,
        Method = request.Method,
        Medium = request.Medium,
        Outcome = AuditOutcome.Succeeded,
        RequestId = request.RequestId,
    };

    /// <summary>Starts an audit record for work done by a trigger (no user).</summary>
    public static AuditRecord SystemAudit(TimeProvider time, string jurisdiction, string action, string resource, string requestId) => new()
    {
        Id = AuditRecordBounds.NewId(),
        Jurisdiction = jurisdiction,
        At = time.GetUtcNow(),
        UserId = "system",
        Action = action,
        Resource = resource,
        Method = "trigger",
        Medium = "queue",
        Outcome = AuditOutcome.Succeeded,
        RequestId = requestId,
    };

    /// <summary>
    /// Starts the audit record of what a deadline's step did (its reminder or its due time runs once per deadline): the id is
    /// derived from the action and the deadline, so an activity that runs again after a crash writes the same record.
    /// </summary>
    public static AuditRecord DeadlineAudit(TimeProvider time, Workflow.DeadlineTimer timer, string action) =>
        SystemAudit(time, timer.Jurisdiction, action, timer.Subject, timer.Id) with { Id = AuditRecordBounds.OperationId(action, timer.Jurisdiction, timer.Id) };
}
