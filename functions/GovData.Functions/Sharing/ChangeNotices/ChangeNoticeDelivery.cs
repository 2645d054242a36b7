using System.Text.Json;
using GovData.Functions.Audit;
using GovData.Functions.Sharing.Callbacks;
using GovData.Functions.Triggers;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Sharing.ChangeNotices;

/// <summary>
/// The queue function on <c>change-notices</c>: one delivery attempt of one notice. A failed attempt does not throw (the host
/// would retry at once); it sends the next attempt's message hidden for an exponentially growing delay, and after
/// <see cref="CallbackOptions.MaxAttempts"/> marks the notice delivery-failed (the inbox keeps it). The message is sent before
/// the attempt is recorded, so a crash in between repeats an attempt rather than losing the retry; a message whose attempt is
/// already recorded (a redelivery) does nothing.
/// </summary>
public sealed class ChangeNoticeDelivery(ChangeNoticeStore notices, CallbackStore callbacks, CallbackSender sender, ChangeNoticeService service,
    IAuditLog audit, IOptions<CallbackOptions> options, TimeProvider time, JsonSerializerOptions json)
{
    /// <inheritdoc />
    public async Task<string> HandleAsync(QueueDelivery invocation, CancellationToken cancellationToken)
    {
        var text = invocation.Text;
        DeliveryMessage m;
        try { m = JsonSerializer.Deserialize<DeliveryMessage>(text, json) ?? throw new InvalidDataException("the delivery message is null"); }
        catch (JsonException e) { throw new InvalidDataException("the delivery message is not a delivery: " + e.Message, e); }
        if (string.IsNullOrEmpty(m.Jurisdiction) || string.IsNullOrEmpty(m.NoticeId) || m.Attempt < 1) throw new InvalidDataException("the delivery message lacks jurisdiction, notice or attempt");

        var notice = await notices.FindAsync(m.Jurisdiction, m.NoticeId, cancellationToken);
        if (notice is null) return ($"notice {m.NoticeId} does not exist");
        if (notice.Delivery != DeliveryState.Pending || notice.Attempts.Count >= m.Attempt)
            return ($"notice {m.NoticeId} attempt {m.Attempt} was already made ({notice.Delivery})");

        var callback = await callbacks.FindAsync(m.Jurisdiction, notice.Holder, cancellationToken);
        if (callback is null)
        {
            await notices.UpdateAsync(m.Jurisdiction, m.NoticeId, n => n.Delivery == DeliveryState.Pending ? n with { Delivery = DeliveryState.NoCallback } : null, cancellationToken);
            return ($"{notice.Holder} removed its callback; notice {m.NoticeId} stays in its inbox");
        }

        var at = time.GetUtcNow();
        var outcome = await sender.SendAsync(callback, notice, m.Attempt, cancellationToken);
        var max = Math.Max(1, options.Value.MaxAttempts);
        TimeSpan? next = outcome.Delivered || m.Attempt >= max ? null : options.Value.DelayAfter(m.Attempt);
        if (next is { } delay) await service.EnqueueAsync(m with { Attempt = m.Attempt + 1 }, delay, cancellationToken);
        var state = outcome.Delivered ? DeliveryState.Delivered : next is null ? DeliveryState.DeliveryFailed : DeliveryState.Pending;
        var saved = await notices.UpdateAsync(m.Jurisdiction, m.NoticeId, n => n.Attempts.Count >= m.Attempt || n.Delivery != DeliveryState.Pending ? null : n with
        {
            Delivery = state,
            Attempts = [.. n.Attempts, new DeliveryAttempt(m.Attempt, at, callback.Url, outcome.Status, outcome.Error, next)],
        }, cancellationToken);
        if (state != DeliveryState.Pending)
            await audit.WriteAsync(AuditExtensions.SystemAudit(time, m.Jurisdiction, outcome.Delivered ? "sharing.notice.deliver" : "sharing.notice.deliveryFailed",
                $"sharing/{m.Jurisdiction}/notices/{m.NoticeId}", invocation.MessageId) with
            {
                Department = notice.Holder,
                DataOwner = notice.Provider,
                DataContent = $"{notice.EntryCode} {notice.Kind} -> {callback.Url}",
                Outcome = outcome.Delivered ? Domain.Audit.AuditOutcome.Succeeded : Domain.Audit.AuditOutcome.Failed,
                Reason = outcome.Error,
                Medium = "https callback",
            }, cancellationToken);
        return ($"notice {m.NoticeId} attempt {m.Attempt}: {(outcome.Delivered ? "delivered" : outcome.Error)} -> {saved?.Delivery ?? state}");
    }
}
