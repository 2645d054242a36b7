using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues;
using GovData.Domain.Sharing;
using GovData.Domain.Sharing.ChangeNotices;
using GovData.Functions.Audit;
using GovData.Functions.Calendar;
using GovData.Functions.RuleSets;
using GovData.Functions.Sharing.Callbacks;
using GovData.Functions.Storage;
using GovData.Functions.Supervision;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Sharing.ChangeNotices;

/// <summary>A change to tell the holders of an entry's grants about.</summary>
/// <param name="ChangedAt">When the data changed (acceptance of the version, or the declared time); for a service change, when it was announced.</param>
public sealed record DataChange(string Jurisdiction, string EntryId, string EntryCode, string Provider, string ChangeId, ChangeKind Kind,
    int? Version, DateTimeOffset ChangedAt, DateOnly? EffectiveDate, string? Description);

/// <summary>What a fan-out did: the holders notified and how timely the notice was.</summary>
public sealed record ChangeFanOut(IReadOnlyList<ChangeNoticeDocument> Notices, bool? OnTime, DateTimeOffset? DueAt, string? Rule, bool? DueProvisional = null);

/// <summary>Queue message of one delivery attempt.</summary>
public sealed record DeliveryMessage(string Jurisdiction, string NoticeId, int Attempt);

/// <summary>
/// Sends a change to every department holding an Active grant on the entry: one inbox notice per holder (id from change and
/// holder, so a retry or redelivery notifies nobody twice) and, where the holder registered a callback, a delivery message.
/// For data changes it measures the notice against dataChange.updateDeadline in working days, records
/// <see cref="SupervisionEventKinds.ChangeNoticeSent"/> for the provider, and raises a finding when it was late.
/// </summary>
public sealed class ChangeNoticeService(
    Database database,
    ChangeNoticeStore notices,
    CallbackStore callbacks,
    QueueServiceClient queues,
    CalendarService calendars,
    RuleSetService ruleSets,
    ISupervisionEvents events,
    IFindingSink findings,
    IAuditLog audit,
    TimeProvider time,
    JsonSerializerOptions json)
{
    private readonly Container _sharing = database.GetContainer(StorageNames.Cosmos.Sharing);
    private readonly QueueClient _queue = queues.GetQueueClient(StorageNames.Queues.ChangeNotices);

    /// <summary>The subject of a change in findings and events.</summary>
    public static string Subject(string jurisdiction, string entryId) => $"sharing/{jurisdiction}/entries/{entryId}/changes";

    /// <summary>The grants on <paramref name="entryId"/> that are Active at <paramref name="now"/>, at most one per holder (the earliest).</summary>
    public async Task<List<ShareRequest>> ActiveGrantsAsync(string jurisdiction, string entryId, DateTimeOffset now, CancellationToken ct)
    {
        var docs = await _sharing.ListAsync<ShareRequestDocument>(jurisdiction, "c.type = @t AND c.granted = true AND c.request.terms.entryId = @e",
            new Dictionary<string, object?> { ["@t"] = ShareStore.RequestType, ["@e"] = entryId }, ct);
        return docs.Select(d => d.Request)
            .Where(r => r.Grant is { } g && g.StateAt(now) == GrantState.Active)
            .GroupBy(r => r.Requester, StringComparer.Ordinal)
            .Select(g => g.OrderBy(r => r.Grant!.GrantedAt).ThenBy(r => r.Id, StringComparer.Ordinal).First())
            .ToList();
    }

    /// <summary>Notifies every Active grant holder of <paramref name="change"/>; safe to run again for the same change.</summary>
    public async Task<ChangeFanOut> NotifyAsync(DataChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        var now = time.GetUtcNow();
        var rules = await ruleSets.ResolveAsync(change.Jurisdiction, ct);
        var isService = ChangeNoticeRules.IsServiceChange(change.Kind);
        // 002 第二十三条 obliges notice of service changes everywhere; for data changes the duty (and so the deadline, the
        // scorecard fact and a finding when late) exists only where dataChange.notifyConsumers is true. Where it is false the
        // holders still get the notice, as information, without a deadline.
        var duty = !isService && rules.DataChange.NotifyConsumers.Value;
        var applied = isService ? rules.Cite(rules.DataChange.ServiceChangeNotice) : duty ? rules.Cite(rules.DataChange.UpdateDeadline) : rules.Cite(rules.DataChange.NotifyConsumers);

        var holders = (await ActiveGrantsAsync(change.Jurisdiction, change.EntryId, now, ct)).Where(r => r.Requester != change.Provider).ToList();
        var sent = new List<ChangeNoticeDocument>();
        foreach (var grant in holders)
        {
            var callback = await callbacks.FindAsync(change.Jurisdiction, grant.Requester, ct);
            var (notice, created) = await notices.TryCreateAsync(new ChangeNoticeDocument
            {
                Id = ChangeNoticeRules.NoticeId(change.ChangeId, grant.Requester),
                Jurisdiction = change.Jurisdiction,
                ChangeId = change.ChangeId,
                Kind = change.Kind,
                Holder = grant.Requester,
                Provider = change.Provider,
                EntryId = change.EntryId,
                EntryCode = change.EntryCode,
                GrantId = grant.Id,
                Version = change.Version,
                ChangedAt = change.ChangedAt,
                EffectiveDate = change.EffectiveDate,
                Description = change.Description,
                NoticeAt = now,
                Rule = applied.ToString(),
                Delivery = callback is null ? DeliveryState.NoCallback : DeliveryState.Pending,
            }, ct);
            // A notice created by an earlier run that stopped before its message is sent now; one already being delivered is
            // left alone (a duplicate message would find its attempt done and do nothing anyway).
            if (notice.Delivery == DeliveryState.Pending && (created || notice.Attempts.Count == 0))
                await EnqueueAsync(new DeliveryMessage(notice.Jurisdiction, notice.Id, 1), TimeSpan.Zero, ct);
            sent.Add(notice);
        }

        bool? onTime = null;
        DateTimeOffset? dueAt = null;
        bool? dueProvisional = null;
        if (sent.Count > 0)
        {
            // The first notice's time counts: a rerun finds the notices already there and measures the same.
            var noticeAt = sent.Min(n => n.NoticeAt);
            if (duty)
            {
                var calendar = await calendars.GetAsync(change.Jurisdiction, ct);
                var measured = ChangeNoticeRules.Measure(calendar, change.ChangedAt, noticeAt, rules.DataChange.UpdateDeadline.Value.Days,
                    rules.Deadlines.DateOfReceipt.Value);
                onTime = measured.OnTime;
                dueAt = measured.Deadline.DueAt;
                dueProvisional = measured.Deadline.IsProvisional;
                if (!measured.OnTime)
                    await findings.RaiseAsync(new Finding($"finding:change-notice:{change.ChangeId}", change.Jurisdiction, change.Provider,
                        Domain.RuleSets.RuleKeys.DataChangeUpdateDeadline.Key, applied.Citation?.ToString() ?? applied.ToString(), Subject(change.Jurisdiction, change.EntryId),
                        measured.Deadline.DueAt, noticeAt,
                        $"目录 {change.EntryCode} 的数据变更（{change.Kind} {change.ChangeId}）在变更后第 {measured.WorkingDays} 个工作日才通知使用部门，" +
                        $"超过规定的 {rules.DataChange.UpdateDeadline.Value.Days} 个工作日（{applied}）"), ct);
                await RecordSentAsync(change, noticeAt, onTime.Value, measured.WorkingDays, sent.Count, ct);
            }
            else if (isService)
            {
                // Accepted announcements had their lead time (a late one is refused), so they count as on time.
                onTime = true;
                await RecordSentAsync(change, noticeAt, true, 0, sent.Count, ct);
            }
        }
        await audit.WriteAsync(AuditExtensions.SystemAudit(time, change.Jurisdiction, "sharing.change.notify", Subject(change.Jurisdiction, change.EntryId), change.ChangeId) with
        {
            Department = change.Provider,
            DataOwner = change.Provider,
            DataContent = $"{change.EntryCode} {change.Kind} {change.ChangeId} -> {sent.Count} holders" + (onTime is { } t ? (t ? " (on time)" : " (late)") : ""),
        }, ct);
        return new ChangeFanOut(sent, onTime, dueAt, applied.ToString(), dueProvisional);
    }

    /// <summary>Sends one delivery attempt's message, hidden for <paramref name="delay"/> (the backoff).</summary>
    public async Task EnqueueAsync(DeliveryMessage message, TimeSpan delay, CancellationToken ct) =>
        await _queue.SendMessageAsync(JsonSerializer.Serialize(message, json), visibilityTimeout: delay > TimeSpan.Zero ? delay : null, cancellationToken: ct);

    private Task RecordSentAsync(DataChange change, DateTimeOffset at, bool onTime, int workingDays, int holders, CancellationToken ct) =>
        events.RecordAsync(new SupervisionEvent
        {
            Id = $"change-notice:{change.ChangeId}:sent",
            Jurisdiction = change.Jurisdiction,
            Department = change.Provider,
            Kind = SupervisionEventKinds.ChangeNoticeSent,
            At = at,
            Subject = Subject(change.Jurisdiction, change.EntryId),
            Data = new()
            {
                ["onTime"] = onTime ? "true" : "false",
                ["kind"] = change.Kind.ToString(),
                ["workingDays"] = workingDays.ToString(CultureInfo.InvariantCulture),
                ["holders"] = holders.ToString(CultureInfo.InvariantCulture),
            },
        }, ct);
}
