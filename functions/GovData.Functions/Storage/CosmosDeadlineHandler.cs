using System.Net;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Storage;

/// <summary>
/// The deadline of every Cosmos DB call (<see cref="CosmosOptions.CallTimeout"/>): it sits above the SDK's retry handler, so
/// the SDK's retries and its gateway timeouts (which otherwise stretch to 65 s for a write and longer for a read) all end by
/// then. A call that has not answered gets a 503 response, which the SDK raises as a <see cref="CosmosException"/> and the API
/// answers with 503 and Retry-After.
/// </summary>
public sealed class CosmosDeadlineHandler(TimeSpan deadline) : RequestHandler
{
    /// <inheritdoc />
    public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        try
        {
            // WaitAsync as well: a step inside the SDK that does not watch the token still cannot hold the caller.
            return await base.SendAsync(request, timeout.Token).WaitAsync(deadline + TimeSpan.FromMilliseconds(250), cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            return new ResponseMessage(HttpStatusCode.ServiceUnavailable, request,
                $"Cosmos DB did not answer within {deadline.TotalSeconds:0.#} s");
        }
    }
}
