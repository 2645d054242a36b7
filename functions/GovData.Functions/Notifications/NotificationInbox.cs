using GovData.Domain;
using GovData.Domain.Audit;
using GovData.Functions.Audit;
using GovData.Functions.Hosting.Http;
using GovData.Functions.Sharing.ChangeNotices;

namespace GovData.Functions.Notifications;

/// <summary>A notification as its department reads it.</summary>
/// <param name="Id">The notification's id.</param>
/// <param name="Kind">What happened (a deadline reminder, an overdue notice, an escalation, an error report).</param>
/// <param name="Subject">The resource it is about.</param>
/// <param name="DueDate">The due date it concerns, if any.</param>
/// <param name="DueDateProvisional">Whether that date was counted over a year whose calendar is not loaded yet.</param>
/// <param name="Rule">The rule that set the date.</param>
/// <param name="Data">Details by name.</param>
/// <param name="Addressee">Who it is for (a role or a unit).</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="ReadAt">When it was first marked read.</param>
/// <param name="Read">Whether it was.</param>
/// <param name="Delivery">Delivery to the department's callback URL.</param>
/// <param name="Attempts">The callback attempts so far.</param>
public sealed record NotificationView(
    string Id, string Kind, string Subject, DateOnly? DueDate, bool? DueDateProvisional, string? Rule, IReadOnlyDictionary<string, string> Data,
    string Addressee, DateTimeOffset ReceivedAt, DateTimeOffset? ReadAt, bool Read, DeliveryState Delivery, IReadOnlyList<DeliveryAttempt> Attempts)
{
    /// <summary>The view of a stored notification.</summary>
    public static NotificationView Of(NotificationDocument n) =>
        new(n.Id, n.Kind, n.Subject, n.DueDate, n.DueDateProvisional, n.Rule, n.Data, n.Addressee, n.ReceivedAt, n.ReadAt, n.ReadAt is not null, n.Delivery, n.Attempts);
}

/// <summary>A department's notifications, newest first.</summary>
public sealed record NotificationList(IReadOnlyList<NotificationView> Items);

/// <summary>
/// The department's notification inbox (deadline reminders, overdue notices, escalations, error reports): each department its
/// own only (another's reads as not found, so ids cannot be probed). Every read and mark is audited, refusals too.
/// </summary>
public sealed class NotificationInbox(NotificationStore store, IAuditLog audit, TimeProvider time)
{
    /// <summary>The caller's department's notifications; <paramref name="unread"/> "true" for the unread ones only.</summary>
    public async Task<OperationAnswer<NotificationList>> ListAsync(RequestContext request, string? unread, CancellationToken ct)
    {
        var caller = request.User;
        var resource = $"notifications/{caller.Jurisdiction}/{caller.Department}";
        var unreadOnly = false;
        if (unread is not null && !bool.TryParse(unread, out unreadOnly))
        {
            await audit.WriteAsync(request.AuditFor("notification.list", resource) with { Outcome = AuditOutcome.Refused, Reason = "unread must be true or false" }, ct);
            return OperationAnswer<NotificationList>.Refused("unread", "must be true or false");
        }
        var items = await store.OfDepartmentAsync(caller.Jurisdiction, caller.Department, unreadOnly, ct);
        await audit.WriteAsync(request.AuditFor("notification.list", resource) with { DataContent = $"{items.Count} notifications{(unreadOnly ? " (unread)" : "")}" }, ct);
        return new(new NotificationList([.. items.Select(NotificationView.Of)]));
    }

    /// <summary>Marks one of the caller's department's notifications read (again: no change).</summary>
    public async Task<OperationAnswer<NotificationView>> MarkReadAsync(RequestContext request, string id, CancellationToken ct)
    {
        var caller = request.User;
        var resource = $"notifications/{caller.Jurisdiction}/{caller.Department}/{id}";
        var own = await store.FindAsync(caller.Jurisdiction, id, ct) is { } n && caller.BelongsTo(n.Department) ? n : null;
        if (own is null)
        {
            await audit.WriteAsync(request.AuditFor("notification.markRead", resource) with { Outcome = AuditOutcome.Refused, Reason = "not found" }, ct);
            return new(default, NotFound: $"Notification {id}");
        }
        var now = time.GetUtcNow();
        var saved = await store.UpdateAsync(caller.Jurisdiction, id, d => d.ReadAt is null ? d with { ReadAt = now } : null, ct);
        await audit.WriteAsync(request.AuditFor("notification.markRead", resource) with { DataContent = own.Kind + " " + own.Subject }, ct);
        return new(NotificationView.Of(saved ?? own));
    }
}
