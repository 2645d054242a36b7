using System.Text.Json;
using Azure.Storage.Queues.Models;
using GovData.Functions.Errors;
using GovData.Functions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace GovData.Functions.Workflow;

/// <summary>A message on the <c>deadlines</c> queue: a calendar year was loaded, so provisional deadlines may move.</summary>
public sealed record DeadlineMessage(string Type, int? Year = null)
{
    /// <summary>A calendar year was loaded: recompute the provisional deadlines.</summary>
    public const string CalendarLoaded = "calendar-loaded";
}

/// <summary>The deadline queue function: after a calendar year was loaded, every pending deadline recomputes.</summary>
public sealed class DeadlineTriggers(StatutoryDeadlines deadlines, DurableClients clients, ILogger<DeadlineTriggers> logger)
{
    /// <summary>Raises <c>recompute</c> to every pending deadline (each one recomputes only if its year changed).</summary>
    [Function("DeadlinesRecompute")]
    public async Task RecomputeAsync([QueueTrigger(StorageNames.Queues.Deadlines)] QueueMessage message, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var m = JsonSerializer.Deserialize<DeadlineMessage>(message.Body.ToString(), JsonDefaults.Storage) ?? throw new InvalidDataException("unreadable deadlines message");
        if (m.Type != DeadlineMessage.CalendarLoaded) throw new InvalidDataException($"unknown deadlines message type '{m.Type}'");
        using var _ = clients.Use(client);
        var (ticket, count) = await deadlines.RecomputeAsync(cancellationToken);
        logger.LogInformation("Calendar {Year} loaded: {Count} pending deadlines asked to recompute (ticket {Ticket})", m.Year, count, ticket);
    }
}
