using GovData.Domain.Audit;
using GovData.Domain.Identifiers;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Audit;
using GovData.Functions.Reference;
using GovData.Functions.Sharing.Callbacks;
using GovData.Functions.Sharing.ChangeNotices;
using GovData.Functions.Triggers;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Notifications;

/// <summary>
/// The queue function on <c>notifications</c>: files one message in its department's inbox and, when the department has
/// registered a callback URL, posts it there signed like a change notice. At-least-once safe: the document id is derived
/// from the message, created create-only, so a redelivery changes nothing; a failed callback attempt is recorded and throws
/// so the host redelivers the message, until the last attempt marks it delivery-failed (the inbox keeps it). A message
/// that is not a notification, or names an addressee that cannot be resolved, throws and after the host's retries lands
/// in <c>notifications-poison</c> for a person to read.
/// </summary>
public sealed class NotificationReceived(NotificationStore store, ReferenceStore reference, CallbackStore callbacks, CallbackSender sender,
    Calendar.CalendarService calendars, IAuditLog audit, IOptions<CallbackOptions> options, TimeProvider time)
{
    /// <inheritdoc />
    public async Task<string> HandleAsync(QueueDelivery invocation, CancellationToken cancellationToken)
    {
        var message = NotificationMessage.Parse(invocation.Text);
        var department = await ResolveAsync(message.Jurisdiction, message.Department, cancellationToken);
        var id = NotificationMessage.IdOf(message);
        var callback = await callbacks.FindAsync(message.Jurisdiction, department, cancellationToken);
        // Every due date in a year not loaded yet is shown as provisional, whoever sent it (docs/calendar.md).
        var provisional = message.DueDate is null ? null
            : NotificationMessage.IsProvisional(message.DueDate, await calendars.GetAsync(message.Jurisdiction, cancellationToken));
        var created = await store.TryCreateAsync(new NotificationDocument
        {
            Id = id,
            Jurisdiction = message.Jurisdiction,
            Kind = message.Type,
            Department = department,
            Addressee = message.Department,
            Subject = message.Subject,
            DueDate = message.DueDate,
            DueDateProvisional = provisional,
            Rule = message.Rule,
            Data = message.Data,
            ReceivedAt = time.GetUtcNow(),
            Delivery = callback is null ? DeliveryState.NoCallback : DeliveryState.Pending,
        }, cancellationToken);
        var filed = created ? $"{message.Type} for {department} filed as {id}" : $"{id} was already in the inbox";
        var doc = await store.FindAsync(message.Jurisdiction, id, cancellationToken);
        if (doc is not { Delivery: DeliveryState.Pending }) return (filed);
        return (filed + "; " + await DeliverAsync(doc, invocation, cancellationToken));
    }

    private async Task<string> DeliverAsync(NotificationDocument doc, QueueDelivery invocation, CancellationToken ct)
    {
        var callback = await callbacks.FindAsync(doc.Jurisdiction, doc.Department, ct);
        if (callback is null)
        {
            await store.UpdateAsync(doc.Jurisdiction, doc.Id, n => n.Delivery == DeliveryState.Pending ? n with { Delivery = DeliveryState.NoCallback } : null, ct);
            return "the department removed its callback";
        }
        var attempt = doc.Attempts.Count + 1;
        var at = time.GetUtcNow();
        var outcome = await sender.SendAsync(callback, doc.Id, Payload(doc), attempt, ct);
        // The host's own redelivery is the retry: its dequeue limit bounds the attempts as much as the callback options do.
        var last = invocation.DequeueCount >= Math.Min(Math.Max(1, options.Value.MaxAttempts), HostSettings.MaxDequeueCount());
        var state = outcome.Delivered ? DeliveryState.Delivered : last ? DeliveryState.DeliveryFailed : DeliveryState.Pending;
        await store.UpdateAsync(doc.Jurisdiction, doc.Id, n => n.Delivery != DeliveryState.Pending ? null : n with
        {
            Delivery = state,
            Attempts = [.. n.Attempts, new DeliveryAttempt(attempt, at, callback.Url, outcome.Status, outcome.Error, null)],
        }, ct);
        if (state == DeliveryState.Pending)
            throw new HttpRequestException($"notification {doc.Id}: callback attempt {attempt} failed ({outcome.Error}); the host redelivers it");
        await audit.WriteAsync(AuditExtensions.SystemAudit(time, doc.Jurisdiction, outcome.Delivered ? "notification.deliver" : "notification.deliveryFailed",
            $"notifications/{doc.Jurisdiction}/{doc.Department}/{doc.Id}", invocation.MessageId) with
        {
            Department = doc.Department,
            DataContent = $"{doc.Kind} {doc.Subject} -> {callback.Url}",
            Outcome = outcome.Delivered ? AuditOutcome.Succeeded : AuditOutcome.Failed,
            Reason = outcome.Error,
            Medium = "https callback",
        }, ct);
        return outcome.Delivered ? $"delivered to {callback.Url}" : $"delivery failed: {outcome.Error}";
    }

    /// <summary>The body a department's callback receives.</summary>
    public static object Payload(NotificationDocument n) => new
    {
        id = n.Id,
        kind = n.Kind,
        jurisdiction = n.Jurisdiction,
        department = n.Department,
        subject = n.Subject,
        dueDate = n.DueDate,
        dueDateProvisional = n.DueDateProvisional,
        rule = n.Rule,
        data = n.Data,
        receivedAt = n.ReceivedAt,
        inbox = "/api/notifications",
    };

    /// <summary>
    /// The department code of an addressee: a code stands for itself; the senders name the DataAuthority and the
    /// CoordinationOffice by role (escalations), which is the jurisdiction's one unit of that kind.
    /// </summary>
    public async Task<string> ResolveAsync(string jurisdiction, string addressee, CancellationToken ct)
    {
        if (UnifiedSocialCreditCode.Validate(addressee) is null) return addressee;
        UnitKind? kind = addressee.Split(':')[0] switch
        {
            nameof(Role.CoordinationOffice) => UnitKind.CoordinationOffice,
            nameof(Role.DataAuthority) => UnitKind.DataAuthority,
            _ => null,
        };
        if (kind is null) throw new InvalidDataException($"department '{addressee}' is neither a unified social credit code nor a known role");
        var units = await reference.ListDepartmentsAsync(jurisdiction, ct);
        // Not found is not the message's fault (the unit may be registered later): retrying is right, and the poison queue keeps it.
        return units.FirstOrDefault(u => u.Kind == kind)?.Code
            ?? throw new InvalidOperationException($"jurisdiction {jurisdiction} has no {kind} registered to receive '{addressee}'");
    }
}
