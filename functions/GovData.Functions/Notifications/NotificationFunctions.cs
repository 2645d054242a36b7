using GovData.Functions.Errors;
using GovData.Functions.Hosting.Http;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Notifications;

/// <summary>The HTTP functions of the notification inbox under /api/notifications, over <see cref="NotificationInbox"/>.</summary>
public sealed class NotificationFunctions(NotificationInbox inbox)
{
    private const string Tag = "Notifications";

    /// <summary>List the department's notifications.</summary>
    [Function("ListNotifications")]
    [Operation(Tag, "The department's notifications (deadline reminders, overdue notices, escalations), newest first; ?unread=true for the unread ones")]
    [Query("unread", "true for the unread ones only")]
    [Returns(StatusCodes.Status200OK, typeof(NotificationList))]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "notifications")] HttpRequest req, CancellationToken ct) =>
        OperationAnswers.Ok(await inbox.ListAsync(RequestContext.Of(req.HttpContext), req.Query["unread"].FirstOrDefault(), ct));

    /// <summary>Mark a notification read.</summary>
    [Function("MarkNotificationRead")]
    [Operation(Tag, "Mark a notification read (again: no change)")]
    [Returns(StatusCodes.Status200OK, typeof(NotificationView))]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> MarkReadAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "notifications/{id}/read")] HttpRequest req, string id, CancellationToken ct) =>
        OperationAnswers.Ok(await inbox.MarkReadAsync(RequestContext.Of(req.HttpContext), id, ct));

}
