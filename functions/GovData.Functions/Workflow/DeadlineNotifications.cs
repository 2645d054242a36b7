using System.Text.Json;
using Azure.Storage.Queues;
using GovData.Functions.Errors;
using GovData.Functions.Storage;

namespace GovData.Functions.Workflow;

/// <summary>The one shape every feature uses to tell a department about a deadline (reminder, overdue, escalation).</summary>
public static class DeadlineNotifications
{
    /// <summary>Queues a notification of <paramref name="type"/> about <paramref name="timer"/> for <paramref name="department"/>.</summary>
    public static async Task SendDeadlineNotificationAsync(this QueueServiceClient queues, DeadlineTimer timer, string type, string? department, CancellationToken ct)
    {
        var message = new { type, jurisdiction = timer.Jurisdiction, department, subject = timer.Subject, dueDate = timer.Deadline.DueDate, rule = timer.Rule };
        await queues.GetQueueClient(StorageNames.Queues.Notifications).SendMessageAsync(JsonSerializer.Serialize(message, JsonDefaults.Storage), ct);
    }
}
