using Azure.Storage.Blobs;
using GovData.Domain.Aggregation;
using GovData.Functions.RuleSets;
using GovData.Functions.Storage;
using GovData.Functions.Triggers;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Aggregation;

/// <summary>
/// The timer function that makes blob delivery dependable: every five minutes it processes files whose trigger never
/// came (the host's blob scan may miss or delay a blob), takes back submissions whose processing attempt died without
/// releasing its lease, and closes submissions whose file never arrived before the upload link expired.
/// </summary>
public sealed class AggregationSweep(AggregationStore store, AggregationService service, BlobServiceClient blobs, RuleSetService rules,
    IOptions<AggregationOptions> options, TimeProvider time, ILogger<AggregationSweep> logger)
{
    /// <summary>How long a file that arrived may wait for its trigger before the sweep processes it.</summary>
    public static readonly TimeSpan TriggerGrace = TimeSpan.FromMinutes(2);

    /// <inheritdoc />
    public async Task<TriggerOutcome> HandleAsync(string runId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var incoming = blobs.GetBlobContainerClient(StorageNames.Blobs.Incoming);
        var log = new List<string>();
        foreach (var jurisdiction in (await rules.GetRegistryAsync(cancellationToken)).Jurisdictions)
        {
            foreach (var sub in await store.UnfinishedFilesAsync(jurisdiction, cancellationToken))
            {
                if (sub.State == SubmissionState.Processing && sub.LeaseUntil is { } lease && lease > now) continue;
                if (sub.State == SubmissionState.AwaitingUpload && now - sub.CreatedAt < TriggerGrace) continue;
                if (sub.State == SubmissionState.AwaitingUpload && !(await incoming.GetBlobClient(sub.SourceBlob).ExistsAsync(cancellationToken)).Value)
                {
                    if (now > sub.CreatedAt + options.Value.UploadLinkLifetime + TriggerGrace) log.Add(await ExpireAsync(sub, cancellationToken));
                    continue;
                }
                try { log.Add(await service.ProcessIncomingAsync(sub.SourceBlob, cancellationToken)); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Recorded on the submission and counted as an attempt; the next sweep (or trigger) tries again.
                    logger.LogWarning(e, "Sweep could not process submission {Id}", sub.Id);
                    log.Add($"{sub.Id}: {e.GetType().Name}");
                }
            }
        }
        return new TriggerOutcome(log, log.Count);
    }

    private async Task<string> ExpireAsync(SubmissionDocument sub, CancellationToken ct)
    {
        await store.UpdateSubmissionAsync(sub.Jurisdiction, sub.Id, current => current.State != SubmissionState.AwaitingUpload ? null : current with
        {
            State = SubmissionState.Failed,
            FailureReason = current.Channel == SubmissionChannel.Upload
                ? "no file arrived before the upload link expired; ask for a new link"
                : "the posted file was never stored; post it again",
            CompletedAt = time.GetUtcNow(),
        }, ct);
        return $"{sub.Id}: expired";
    }
}
