using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using GovData.Functions.Errors;
using GovData.Functions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace GovData.Functions.Workflow;

/// <summary>A message on the <c>deadlines</c> queue: a calendar year was loaded, so provisional deadlines may move.</summary>
public sealed record DeadlineMessage(string Type, int? Year = null, long? Ticket = null, int Round = 0)
{
    /// <summary>A calendar year was loaded: recompute the provisional deadlines.</summary>
    public const string CalendarLoaded = "calendar-loaded";

    /// <summary>A recompute was raised: raise it again to the deadlines that have not taken <see cref="Ticket"/> yet.</summary>
    public const string RecomputeBehind = "recompute-behind";

    /// <summary>How many times a recompute is followed up before the rest is left to the next calendar load.</summary>
    public const int MaxRounds = 5;

    /// <summary>How long after a raise the follow-up looks.</summary>
    public static readonly TimeSpan FollowUpDelay = TimeSpan.FromSeconds(15);
}

/// <summary>The deadline queue function: after a calendar year was loaded, every pending deadline recomputes.</summary>
public sealed class DeadlineTriggers(StatutoryDeadlines deadlines, DurableClients clients, QueueServiceClient queues, ILogger<DeadlineTriggers> logger)
{
    /// <summary>
    /// Raises <c>recompute</c> to every pending deadline (each one recomputes only if its year changed), then follows up
    /// (a delayed message) on those that did not take it: one whose start the engine had deferred drops the event
    /// (see <see cref="StatutoryDeadlines.RecomputeBehindAsync"/>).
    /// </summary>
    [Function("DeadlinesRecompute")]
    public async Task RecomputeAsync([QueueTrigger(StorageNames.Queues.Deadlines)] QueueMessage message, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var m = JsonSerializer.Deserialize<DeadlineMessage>(message.Body.ToString(), JsonDefaults.Storage) ?? throw new InvalidDataException("unreadable deadlines message");
        using var _ = clients.Use(client);
        switch (m.Type)
        {
            case DeadlineMessage.CalendarLoaded:
                var (ticket, count) = await deadlines.RecomputeAsync(cancellationToken);
                logger.LogInformation("Calendar {Year} loaded: {Count} pending deadlines asked to recompute (ticket {Ticket})", m.Year, count, ticket);
                await FollowUpAsync(m with { Type = DeadlineMessage.RecomputeBehind, Ticket = ticket, Round = 1 }, cancellationToken);
                break;
            case DeadlineMessage.RecomputeBehind when m.Ticket is { } t:
                var behind = await deadlines.RecomputeBehindAsync(t, cancellationToken);
                if (behind == 0) break;
                logger.LogWarning("{Count} pending deadlines had not taken recompute ticket {Ticket}; raised again (round {Round})", behind, t, m.Round);
                if (m.Round < DeadlineMessage.MaxRounds) await FollowUpAsync(m with { Round = m.Round + 1 }, cancellationToken);
                break;
            default:
                throw new InvalidDataException($"unknown deadlines message type '{m.Type}'");
        }
    }

    private Task FollowUpAsync(DeadlineMessage next, CancellationToken ct) =>
        queues.GetQueueClient(StorageNames.Queues.Deadlines).SendMessageAsync(
            JsonSerializer.Serialize(next, JsonDefaults.Storage), visibilityTimeout: DeadlineMessage.FollowUpDelay, cancellationToken: ct);
}
