using Microsoft.DurableTask.Client;

namespace GovData.Functions.Workflow;

/// <summary>
/// The Durable client of the function invocation in progress. The isolated worker hands a client only to functions that
/// declare <c>[DurableClient]</c>; such a function sets it here for the services it calls (as <c>IHttpContextAccessor</c>
/// does for the request), so they need no client parameter.
/// </summary>
public sealed class DurableClients
{
    private static readonly AsyncLocal<DurableTaskClient?> Current = new();

    /// <summary>The client of the current invocation.</summary>
    public DurableTaskClient Client => Current.Value
        ?? throw new InvalidOperationException("No Durable client in this invocation: its function must declare a [DurableClient] parameter and call DurableClients.Use.");

    /// <summary>Makes <paramref name="client"/> current until the result is disposed.</summary>
    public IDisposable Use(DurableTaskClient client)
    {
        var previous = Current.Value;
        Current.Value = client;
        return new Restore(previous);
    }

    private sealed class Restore(DurableTaskClient? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
