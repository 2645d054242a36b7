using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Queues;
using GovData.Domain.Aggregation;
using GovData.Domain.Catalog;
using GovData.Functions.Audit;
using GovData.Functions.Catalog;
using GovData.Functions.Errors;
using GovData.Functions.Storage;
using GovData.Functions.Supervision;
using GovData.Functions.Workflow;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Aggregation;

/// <summary>A consumer's report of a wrong record (数据纠错) and the provider's answer; in the <c>aggregation</c> container.</summary>
public sealed record FeedbackDocument
{
    /// <summary>The report id.</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = ErrorFeedbackStore.FeedbackType;
    /// <summary>The catalog entry.</summary>
    public required string EntryId { get; init; }
    /// <summary>The entry's code.</summary>
    public required string EntryCode { get; init; }
    /// <summary>The providing department, which must answer.</summary>
    public required string Provider { get; init; }
    /// <summary>The reporting (consuming) department.</summary>
    public required string Reporter { get; init; }
    /// <summary>The reporting user.</summary>
    public required string ReportedBy { get; init; }
    /// <summary>When it was reported.</summary>
    public required DateTimeOffset ReportedAt { get; init; }
    /// <summary>The curated version the record was seen in.</summary>
    public int? Version { get; init; }
    /// <summary>The record's row in that version's data.csv (header = row 1).</summary>
    public long? Row { get; init; }
    /// <summary>The record's key values as the reporter sees them.</summary>
    public string? RecordKey { get; init; }
    /// <summary>The data item that is wrong, if one.</summary>
    public string? Item { get; init; }
    /// <summary>What is wrong.</summary>
    public required string Description { get; init; }
    /// <summary>The route from the rule set (to the provider, or through the coordination office).</summary>
    public required string Route { get; init; }
    /// <summary>The last day to answer.</summary>
    public required DateOnly DueDate { get; init; }
    /// <summary>True when the due date lies in a year whose holiday arrangement is not loaded yet.</summary>
    public bool DueDateProvisional { get; init; }
    /// <summary>The instant the due date ends.</summary>
    public required DateTimeOffset DueAt { get; init; }
    /// <summary>The rule the deadline came from, as cited.</summary>
    public required string Rule { get; init; }
    /// <summary>Open or answered.</summary>
    public ErrorFeedbackState State { get; init; } = ErrorFeedbackState.Open;
    /// <summary>Corrected or explained.</summary>
    public ErrorFeedbackOutcome? Outcome { get; init; }
    /// <summary>The provider's answer.</summary>
    public string? Answer { get; init; }
    /// <summary>The version holding the correction.</summary>
    public int? CorrectedInVersion { get; init; }
    /// <summary>Who answered.</summary>
    public string? AnsweredBy { get; init; }
    /// <summary>When.</summary>
    public DateTimeOffset? AnsweredAt { get; init; }
    /// <summary>Whether the answer came by the due date.</summary>
    public bool? OnTime { get; init; }
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>Error reports in the <c>aggregation</c> container.</summary>
public sealed class ErrorFeedbackStore(Database database)
{
    /// <summary>Error report documents.</summary>
    public const string FeedbackType = "aggregation-feedback";

    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Aggregation);

    /// <summary>Stores a new report.</summary>
    public async Task<FeedbackDocument> CreateAsync(FeedbackDocument doc, CancellationToken ct) =>
        (await _container.CreateItemAsync(doc, new PartitionKey(doc.Jurisdiction), cancellationToken: ct)).Resource;

    /// <summary>Reads a report, or null.</summary>
    public async Task<FeedbackDocument?> FindAsync(string jurisdiction, string id, CancellationToken ct)
    {
        if (!AggregationStore.IsPlausibleId(id)) return null;
        try { return (await _container.ReadItemAsync<FeedbackDocument>(id, new PartitionKey(jurisdiction), cancellationToken: ct)).Resource; }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>Replaces a report under its ETag; null when someone else changed it first.</summary>
    public async Task<FeedbackDocument?> TryReplaceAsync(FeedbackDocument doc, string etag, CancellationToken ct)
    {
        try
        {
            return (await _container.ReplaceItemAsync(doc with { ETag = null }, doc.Id, new PartitionKey(doc.Jurisdiction), new ItemRequestOptions { IfMatchEtag = etag }, ct)).Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed) { return null; }
    }

    /// <summary>Reports a department made or must answer, newest first.</summary>
    public async Task<List<FeedbackDocument>> ForDepartmentAsync(string jurisdiction, string department, CancellationToken ct)
    {
        var list = await _container.ListAsync<FeedbackDocument>(jurisdiction, "c.type = @t AND (c.provider = @d OR c.reporter = @d)",
            new Dictionary<string, object?> { ["@t"] = FeedbackType, ["@d"] = department }, ct);
        return list.OrderByDescending(f => f.ReportedAt).ToList();
    }
}

/// <summary>Whether a department may use an entry's data, and so report errors in it. Sharing replaces the default with its grants.</summary>
public interface IDataGrants
{
    /// <summary>True when <paramref name="department"/> holds a grant for <paramref name="entry"/> at <paramref name="now"/>.</summary>
    Task<bool> HoldsGrantAsync(string department, CatalogEntryDocument entry, DateTimeOffset now, CancellationToken ct);
}

/// <summary>
/// Until sharing grants exist: unconditionally shared entries (无条件共享, also during an emergency raise) are usable by
/// every department of the jurisdiction without an application; any other entry needs a grant this default never gives.
/// </summary>
public sealed class UnconditionalSharingGrants : IDataGrants
{
    /// <inheritdoc />
    public Task<bool> HoldsGrantAsync(string department, CatalogEntryDocument entry, DateTimeOffset now, CancellationToken ct) =>
        Task.FromResult(entry.Entry.EffectiveSharingTypeAt(now) == SharingType.Unconditional);
}

/// <summary>The error-report deadline: reminds the provider a working day ahead, raises a finding when it passes unanswered.</summary>
public sealed class ErrorFeedbackDeadlineHandler(ErrorFeedbackStore store, IFindingSink findings, QueueServiceClient queues, IAuditLog audit, TimeProvider time) : IDeadlineHandler
{
    /// <summary>Timer kind.</summary>
    public const string FeedbackKind = "aggregation.feedback";

    /// <summary>The timer of a report.</summary>
    public static string TimerId(string feedbackId) => "aggregation-feedback:" + feedbackId;

    /// <inheritdoc />
    public string Kind => FeedbackKind;

    /// <inheritdoc />
    public async Task OnReminderAsync(DeadlineTimer timer, CancellationToken cancellationToken)
    {
        if (await OpenAsync(timer, cancellationToken) is { } doc) await NotifyAsync(queues, doc, "aggregation.feedback.reminder", doc.Provider, cancellationToken);
    }

    /// <inheritdoc />
    public async Task OnDueAsync(DeadlineTimer timer, CancellationToken cancellationToken)
    {
        if (await OpenAsync(timer, cancellationToken) is not { } doc) return;
        await NotifyAsync(queues, doc, "aggregation.feedback.overdue", doc.Provider, cancellationToken);
        await findings.RaiseAsync(new Finding("finding:" + timer.Id, doc.Jurisdiction, doc.Provider, "errorFeedback.answerDeadline", doc.Rule, timer.Subject,
            doc.DueAt, null, $"目录 {doc.EntryCode} 的数据纠错未在 {FindingText.Due(doc.DueDate, doc.DueDateProvisional)} 前答复（{doc.Rule}）"), cancellationToken);
        await audit.WriteAsync(AuditExtensions.DeadlineAudit(time, timer, "aggregation.feedback.finding") with
        {
            Department = doc.Provider,
            DataOwner = doc.Provider,
            Reason = doc.Rule,
        }, cancellationToken);
    }

    /// <summary>A provisional deadline was recomputed once its year was loaded: an open report shows the new due date, not provisional any more.</summary>
    public async Task OnDeadlineChangedAsync(DeadlineTimer timer, CancellationToken cancellationToken)
    {
        var d = timer.Deadline;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await OpenAsync(timer, cancellationToken) is not { } doc) return;
            if (doc.DueAt == d.DueAt && doc.DueDateProvisional == d.IsProvisional) return;
            if (await store.TryReplaceAsync(doc with { DueDate = d.DueDate, DueAt = d.DueAt, DueDateProvisional = d.IsProvisional }, doc.ETag!, cancellationToken) is not null) return;
        }
        throw new InvalidOperationException($"error report {timer.Data.GetValueOrDefault("feedbackId")} kept changing while its deadline was recomputed; the message will be retried");
    }

    private async Task<FeedbackDocument?> OpenAsync(DeadlineTimer timer, CancellationToken ct)
    {
        var doc = await store.FindAsync(timer.Jurisdiction, timer.Data.GetValueOrDefault("feedbackId") ?? "", ct);
        return doc is { State: ErrorFeedbackState.Open } ? doc : null;
    }

    /// <summary>Tells a department about a report through the notifications queue.</summary>
    public static Task NotifyAsync(QueueServiceClient queues, FeedbackDocument doc, string type, string department, CancellationToken ct) =>
        queues.GetQueueClient(StorageNames.Queues.Notifications).SendMessageAsync(JsonSerializer.Serialize(new
        {
            type,
            jurisdiction = doc.Jurisdiction,
            department,
            subject = $"aggregation/{doc.Jurisdiction}/feedback/{doc.Id}",
            entryCode = doc.EntryCode,
            dueDate = doc.DueDate,
            outcome = doc.Outcome,
        }, JsonDefaults.Storage), ct);
}
