using System.Net;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Aggregation;

/// <summary>Submissions, versions, settings and reminders in the <c>aggregation</c> container.</summary>
public sealed class AggregationStore(Database database)
{
    /// <summary>Submission documents.</summary>
    public const string SubmissionType = "aggregation-submission";
    /// <summary>Version documents.</summary>
    public const string VersionType = "aggregation-version";
    /// <summary>Per-entry settings.</summary>
    public const string SettingsType = "aggregation-settings";
    /// <summary>Reminders to departments.</summary>
    public const string ReminderType = "aggregation-reminder";

    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Aggregation);

    /// <summary>The id of version <paramref name="version"/> of an entry.</summary>
    public static string VersionId(string entryId, int version) => $"aggregation-version:{entryId}:{version:D6}";

    /// <summary>The id of an entry's settings.</summary>
    public static string SettingsId(string entryId) => "aggregation-settings:" + entryId;

    /// <summary>True for ids the platform issues (letters, digits, dashes): anything else cannot exist and is not sent to the store.</summary>
    public static bool IsPlausibleId(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>Reads a submission with its ETag, or null.</summary>
    public Task<SubmissionDocument?> FindSubmissionAsync(string jurisdiction, string id, CancellationToken ct) =>
        IsPlausibleId(id) ? ReadAsync<SubmissionDocument>(jurisdiction, id, ct) : Task.FromResult<SubmissionDocument?>(null);

    /// <summary>Creates a submission; null when one with the same id exists.</summary>
    public async Task<SubmissionDocument?> CreateSubmissionAsync(SubmissionDocument doc, CancellationToken ct)
    {
        try { return (await _container.CreateItemAsync(doc with { ETag = null }, new PartitionKey(doc.Jurisdiction), cancellationToken: ct)).Resource; }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict) { return null; }
    }

    /// <summary>Replaces a submission if it still has <paramref name="etag"/>; null when someone else changed it first.</summary>
    public Task<SubmissionDocument?> TryReplaceSubmissionAsync(SubmissionDocument doc, string etag, CancellationToken ct) =>
        TryReplaceAsync(doc with { ETag = null }, doc.Id, doc.Jurisdiction, etag, ct);

    /// <summary>Reads, changes and replaces a submission until the replace wins; null when it does not exist or <paramref name="change"/> returns null.</summary>
    public async Task<SubmissionDocument?> UpdateSubmissionAsync(string jurisdiction, string id, Func<SubmissionDocument, SubmissionDocument?> change, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await FindSubmissionAsync(jurisdiction, id, ct);
            if (current is null) return null;
            var next = change(current);
            if (next is null) return null;
            if (await TryReplaceSubmissionAsync(next, current.ETag!, ct) is { } saved) return saved;
        }
        throw new InvalidOperationException($"submission {id} kept changing while it was being updated");
    }

    /// <summary>
    /// Writes the progress of a running submission as a patch of that one field, so it never overwrites a state change;
    /// it moves the ETag, which state changes absorb by reading again (<see cref="UpdateSubmissionAsync"/>).
    /// </summary>
    public Task PatchProgressAsync(string jurisdiction, string id, SubmissionProgressView progress, CancellationToken ct) =>
        _container.PatchItemAsync<SubmissionDocument>(id, new PartitionKey(jurisdiction), [PatchOperation.Set("/progress", progress)], cancellationToken: ct);

    /// <summary>Uploads and direct posts not finished yet (waiting for their file, or processing), for the sweep.</summary>
    public Task<List<SubmissionDocument>> UnfinishedFilesAsync(string jurisdiction, CancellationToken ct) =>
        _container.ListAsync<SubmissionDocument>(jurisdiction, "c.type = @t AND (c.state = @a OR c.state = @p) AND c.channel != @b",
            new Dictionary<string, object?>
            {
                ["@t"] = SubmissionType,
                ["@a"] = nameof(Domain.Aggregation.SubmissionState.AwaitingUpload),
                ["@p"] = nameof(Domain.Aggregation.SubmissionState.Processing),
                ["@b"] = nameof(Domain.Aggregation.SubmissionChannel.Batch),
            }, ct);

    /// <summary>Every version document of an entry (any state), in version order.</summary>
    public async Task<List<VersionDocument>> VersionsAsync(string jurisdiction, string entryId, CancellationToken ct)
    {
        var list = await _container.ListAsync<VersionDocument>(jurisdiction, "c.type = @t AND c.entryId = @e",
            new Dictionary<string, object?> { ["@t"] = VersionType, ["@e"] = entryId }, ct);
        return list.OrderBy(v => v.Version).ToList();
    }

    /// <summary>Takes a version number; false when it is taken.</summary>
    public async Task<bool> TryCreateVersionAsync(VersionDocument doc, CancellationToken ct)
    {
        try
        {
            await _container.CreateItemAsync(doc with { ETag = null }, new PartitionKey(doc.Jurisdiction), cancellationToken: ct);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict) { return false; }
    }

    /// <summary>Reads a version, or null.</summary>
    public Task<VersionDocument?> FindVersionAsync(string jurisdiction, string entryId, int version, CancellationToken ct) =>
        ReadAsync<VersionDocument>(jurisdiction, VersionId(entryId, version), ct);

    /// <summary>Marks a version available (its blobs are in place).</summary>
    public async Task MarkAvailableAsync(VersionDocument doc, CancellationToken ct)
    {
        if (doc.State == VersionState.Available) return;
        await TryReplaceAsync(doc with { State = VersionState.Available, ETag = null }, doc.Id, doc.Jurisdiction, doc.ETag!, ct);
    }

    /// <summary>Replaces a version if it still has <paramref name="etag"/>; null when someone else changed it first.</summary>
    public Task<VersionDocument?> TryReplaceVersionAsync(VersionDocument doc, string etag, CancellationToken ct) =>
        TryReplaceAsync(doc with { ETag = null }, doc.Id, doc.Jurisdiction, etag, ct);

    /// <summary>The entry's settings, or null for the defaults.</summary>
    public Task<SettingsDocument?> FindSettingsAsync(string jurisdiction, string entryId, CancellationToken ct) =>
        ReadAsync<SettingsDocument>(jurisdiction, SettingsId(entryId), ct);

    /// <summary>Stores the entry's settings.</summary>
    public async Task<SettingsDocument> SaveSettingsAsync(SettingsDocument doc, CancellationToken ct) =>
        (await _container.UpsertItemAsync(doc, new PartitionKey(doc.Jurisdiction), cancellationToken: ct)).Resource;

    /// <summary>Records a reminder once per id.</summary>
    public async Task AddReminderAsync(ReminderDocument doc, CancellationToken ct)
    {
        try { await _container.CreateItemAsync(doc, new PartitionKey(doc.Jurisdiction), cancellationToken: ct); }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict) { /* already recorded */ }
    }

    /// <summary>A department's reminders, newest first.</summary>
    public async Task<List<ReminderDocument>> RemindersAsync(string jurisdiction, string department, CancellationToken ct)
    {
        var list = await _container.ListAsync<ReminderDocument>(jurisdiction, "c.type = @t AND c.department = @d",
            new Dictionary<string, object?> { ["@t"] = ReminderType, ["@d"] = department }, ct);
        return list.OrderByDescending(r => r.CreatedAt).ToList();
    }

    private async Task<T?> ReadAsync<T>(string jurisdiction, string id, CancellationToken ct) where T : class
    {
        try { return (await _container.ReadItemAsync<T>(id, new PartitionKey(jurisdiction), cancellationToken: ct)).Resource; }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    private async Task<T?> TryReplaceAsync<T>(T doc, string id, string jurisdiction, string etag, CancellationToken ct) where T : class
    {
        try
        {
            return (await _container.ReplaceItemAsync(doc, id, new PartitionKey(jurisdiction), new ItemRequestOptions { IfMatchEtag = etag }, ct)).Resource;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed) { return null; }
    }
}
