using GovData.Functions.Hosting.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace GovData.Functions.Workflow;

/// <summary>The work queue's HTTP function: the open statutory deadlines of the caller (<see cref="DeadlineWorkQueue"/>).</summary>
public sealed class DeadlineFunctions(DeadlineWorkQueue queue, DurableClients clients)
{
    /// <summary>List the caller's open deadlines.</summary>
    [Function("ListDeadlines")]
    [Operation("Deadlines", "Open deadlines of the caller's department (or the whole jurisdiction for the authority), with working days left, rule key and article; provisional ones marked")]
    [Returns(StatusCodes.Status200OK, typeof(DeadlineView[]))]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "deadlines")] HttpRequest req,
        [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        // The deadlines are orchestrations: read through the task hub client the host bound.
        using var _ = clients.Use(client);
        return Results.Ok(await queue.ListAsync(RequestContext.Of(req.HttpContext), ct));
    }
}
