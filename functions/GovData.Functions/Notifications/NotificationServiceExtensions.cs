using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Identity;
using GovData.Functions.Triggers;

namespace GovData.Functions.Notifications;

/// <summary>
/// The department's notification inbox under /api/notifications: deadline reminders, overdue notices, escalations and
/// error feedback events, each department its own only (another's is 404).
/// </summary>
public static class NotificationEndpoints
{
    /// <summary>Adds the store and the queue function.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<NotificationReceived>();
        return services;
    }

    /// <summary>Maps /api/notifications.</summary>
    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").RequireAuthorization().WithTags("Notifications");

        group.MapGet("", async (string? unread, HttpContext http, NotificationStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var resource = $"notifications/{caller.Jurisdiction}/{caller.Department}";
            bool unreadOnly = false;
            if (unread is not null && !bool.TryParse(unread, out unreadOnly))
            {
                await audit.WriteAsync(http.AuditFor("notification.list", resource) with { Outcome = AuditOutcome.Refused, Reason = "unread must be true or false" }, ct);
                return Problems.Validation("unread", "must be true or false");
            }
            var items = await store.OfDepartmentAsync(caller.Jurisdiction, caller.Department, unreadOnly, ct);
            await audit.WriteAsync(http.AuditFor("notification.list", resource) with { DataContent = $"{items.Count} notifications{(unreadOnly ? " (unread)" : "")}" }, ct);
            return Results.Ok(new { items = items.Select(View) });
        }).WithSummary("The department's notifications (deadline reminders, overdue notices, escalations), newest first; ?unread=true for the unread ones");

        group.MapPost("/{id}/read", async (string id, HttpContext http, NotificationStore store, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var resource = $"notifications/{caller.Jurisdiction}/{caller.Department}/{id}";
            var own = await store.FindAsync(caller.Jurisdiction, id, ct) is { } n && caller.BelongsTo(n.Department) ? n : null;
            if (own is null)
            {
                await audit.WriteAsync(http.AuditFor("notification.markRead", resource) with { Outcome = AuditOutcome.Refused, Reason = "not found" }, ct);
                return Problems.NotFound($"Notification {id}");
            }
            var now = time.GetUtcNow();
            var saved = await store.UpdateAsync(caller.Jurisdiction, id, d => d.ReadAt is null ? d with { ReadAt = now } : null, ct);
            await audit.WriteAsync(http.AuditFor("notification.markRead", resource) with { DataContent = own.Kind + " " + own.Subject }, ct);
            return Results.Ok(View(saved ?? own));
        }).WithSummary("Mark a notification read (again: no change)");

        return app;
    }

    private static object View(NotificationDocument n) => new
    {
        n.Id, n.Kind, n.Subject, n.DueDate, n.DueDateProvisional, n.Rule, n.Data, n.Addressee, n.ReceivedAt, n.ReadAt, Read = n.ReadAt is not null, n.Delivery, n.Attempts,
    };
}
