using System.Reflection;
using DurableTask.Core;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace GovData.LocalHost.Durable;

/// <summary>
/// An orchestrator function as the Durable Task worker sees it: the shim hands it the replay context and the input,
/// deserialized to the type of the function's input parameter (the parameter that is not the trigger), as the isolated
/// worker's orchestration input converter does.
/// </summary>
internal sealed class FunctionOrchestrator(FunctionEntry function, FunctionInvoker invoker, IServiceProvider services) : ITaskOrchestrator
{
    private readonly ParameterInfo? _input = InputParameter(function, typeof(OrchestrationTriggerAttribute));

    /// <inheritdoc />
    public Type InputType => _input?.ParameterType ?? typeof(object);

    /// <inheritdoc />
    public Type OutputType => ResultType(function.Method);

    /// <inheritdoc />
    public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) =>
        // Orchestrator code must not use scoped services (replay); it gets the root provider like the worker's static methods.
        invoker.InvokeAsync(new FunctionInvocation(function, services, context, CancellationToken.None)
        {
            BindingData = _input is null ? new Dictionary<string, object?>() : new Dictionary<string, object?> { [_input.Name!] = input },
        });

    internal static ParameterInfo? InputParameter(FunctionEntry function, Type trigger) =>
        function.Method.GetParameters().FirstOrDefault(p => p.GetCustomAttribute(trigger) is null
            && p.ParameterType != typeof(CancellationToken) && p.ParameterType != typeof(FunctionContext));

    internal static Type ResultType(MethodInfo method)
    {
        var t = method.ReturnType;
        if (t.IsGenericType && (t.GetGenericTypeDefinition() == typeof(Task<>) || t.GetGenericTypeDefinition() == typeof(ValueTask<>))) return t.GetGenericArguments()[0];
        return t == typeof(Task) || t == typeof(ValueTask) || t == typeof(void) ? typeof(object) : t;
    }
}

/// <summary>An activity function as the Durable Task worker sees it: its trigger parameter takes the activity input, in a DI scope of its own.</summary>
internal sealed class FunctionActivity(FunctionEntry function, FunctionInvoker invoker, IServiceProvider services, RunningActivities running) : ITaskActivity
{
    private readonly ParameterInfo _trigger = function.Method.GetParameters().Single(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null);

    /// <inheritdoc />
    public Type InputType => _trigger.ParameterType;

    /// <inheritdoc />
    public Type OutputType => FunctionOrchestrator.ResultType(function.Method);

    /// <inheritdoc />
    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        using var _ = running.Enter();
        await using var scope = services.CreateAsyncScope();
        return await invoker.InvokeAsync(new FunctionInvocation(function, scope.ServiceProvider, input, CancellationToken.None));
    }
}

/// <summary>How many activity functions are running in this worker, so stopping can wait for them before it lets go.</summary>
internal sealed class RunningActivities
{
    private readonly Lock _lock = new();
    private int _count;
    private TaskCompletionSource _idle = Completed();

    /// <summary>Counts one activity from now until the returned handle is disposed.</summary>
    public IDisposable Enter()
    {
        lock (_lock)
        {
            if (_count++ == 0) _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        return new Exit(this);
    }

    /// <summary>Completes when no activity runs, or when <paramref name="timeout"/> has passed; true if none runs.</summary>
    public async Task<bool> IdleAsync(TimeSpan timeout)
    {
        Task idle;
        lock (_lock) idle = _idle.Task;
        return await Task.WhenAny(idle, Task.Delay(timeout)) == idle;
    }

    private void Leave()
    {
        lock (_lock)
        {
            if (--_count == 0) _idle.TrySetResult();
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    private sealed class Exit(RunningActivities owner) : IDisposable
    {
        private int _disposed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Leave();
        }
    }
}

/// <summary>Creates a new shim per execution (the shims hold per-execution state), named as the function is.</summary>
internal sealed class ShimCreator<T> : ObjectCreator<T>
{
    private readonly Func<T> _create;

    public ShimCreator(string name, Func<T> create)
    {
        Name = name;
        Version = string.Empty;
        _create = create;
    }

    /// <inheritdoc />
    public override T Create() => _create();
}
