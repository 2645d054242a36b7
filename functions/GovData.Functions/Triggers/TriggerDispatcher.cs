using System.Diagnostics;

namespace GovData.Functions.Triggers;

/// <summary>Finds the handler of a function by name and runs it, with a trace span; used by the host's endpoint and by the local runner alike.</summary>
public sealed class TriggerDispatcher(IEnumerable<ITriggerHandler> handlers, ILogger<TriggerDispatcher> logger)
{
    private static readonly ActivitySource Source = new("GovData.Triggers");
    private readonly Dictionary<string, ITriggerHandler> _handlers = handlers.ToDictionary(h => h.FunctionName, StringComparer.Ordinal);

    /// <summary>The names of every registered handler.</summary>
    public IReadOnlyCollection<string> FunctionNames => _handlers.Keys;

    /// <summary>True when a handler with this name is registered.</summary>
    public bool Has(string functionName) => _handlers.ContainsKey(functionName);

    /// <summary>Runs the named handler; exceptions propagate so the caller can retry or poison.</summary>
    public async Task<TriggerResult> DispatchAsync(string functionName, TriggerInvocation invocation, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(functionName, out var handler))
            throw new InvalidOperationException($"No handler is registered for function '{functionName}'.");
        using var activity = Source.StartActivity(functionName, ActivityKind.Consumer);
        activity?.SetTag("faas.trigger", "other");
        activity?.SetTag("govdata.dequeue_count", invocation.DequeueCount);
        try
        {
            return await handler.HandleAsync(invocation, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            logger.LogWarning(e, "Function {Function} failed on attempt {Attempt}", functionName, invocation.DequeueCount);
            throw;
        }
    }
}
