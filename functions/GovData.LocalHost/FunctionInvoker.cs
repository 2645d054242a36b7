using System.Globalization;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace GovData.LocalHost;

/// <summary>What one invocation binds: the trigger's value, the binding data (route values, blob path parts) and the services of its scope.</summary>
public sealed record FunctionInvocation(FunctionEntry Function, IServiceProvider Services, object? TriggerValue, CancellationToken CancellationToken)
{
    /// <summary>Values bound by parameter name, as the host passes route values and blob path parameters.</summary>
    public IReadOnlyDictionary<string, object?> BindingData { get; init; } = new Dictionary<string, object?>();
}

/// <summary>
/// Invokes a function's method the way the isolated worker does: a new instance of its class per invocation, constructed from
/// the invocation's services (static methods need none), its parameters bound from the trigger, the binding data by name,
/// the invocation's cancellation token and the services the extensions provide (the Durable client).
/// </summary>
public sealed class FunctionInvoker(IEnumerable<IParameterBinder> binders)
{
    private readonly IReadOnlyList<IParameterBinder> _binders = binders.ToList();

    /// <summary>Checks that every parameter of <paramref name="function"/> can be bound, so a declaration the host could not serve fails at start.</summary>
    public void Validate(FunctionEntry function)
    {
        var orchestrationInput = function.Trigger.Type == "orchestrationTrigger"
            ? Durable.FunctionOrchestrator.InputParameter(function, typeof(Microsoft.Azure.Functions.Worker.OrchestrationTriggerAttribute))
            : null;
        foreach (var p in function.Method.GetParameters())
        {
            // An orchestrator's one non-binding parameter takes the orchestration input, as the worker's input converter binds it.
            // By position: the runtime fills a method's parameter cache lazily, and two threads reflecting over it for the first
            // time at once (two hosts starting side by side) can each get ParameterInfo instances of their own.
            if (orchestrationInput is not null && p.Position == orchestrationInput.Position) continue;
            if (IsTrigger(p) || p.ParameterType == typeof(CancellationToken) || _binders.Any(b => b.CanBind(p))) continue;
            if (function.Bindings.Any(b => b.IsTrigger && (b.Route ?? b.Path ?? "").Contains("{" + p.Name, StringComparison.Ordinal))) continue;
            if (p.HasDefaultValue) continue;
            throw new InvalidOperationException($"function {function.Name}: parameter '{p.Name}' ({p.ParameterType.Name}) cannot be bound by the local host");
        }
    }

    /// <summary>Invokes the function and returns what it returned (awaited), or rethrows what it threw.</summary>
    public async Task<object?> InvokeAsync(FunctionInvocation invocation)
    {
        var method = invocation.Function.Method;
        var args = method.GetParameters().Select(p => Bind(p, invocation)).ToArray();
        var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(invocation.Services, method.DeclaringType!);
        try
        {
            object? returned;
            try { returned = method.Invoke(target, args); }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
            return await UnwrapAsync(returned);
        }
        finally
        {
            if (target is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
            else if (target is IDisposable disposable) disposable.Dispose();
        }
    }

    private object? Bind(ParameterInfo p, FunctionInvocation invocation)
    {
        if (IsTrigger(p)) return Convert(invocation.TriggerValue, p.ParameterType, p.Name!);
        if (p.ParameterType == typeof(CancellationToken)) return invocation.CancellationToken;
        foreach (var binder in _binders)
            if (binder.CanBind(p)) return binder.Bind(p, invocation);
        if (invocation.BindingData.TryGetValue(p.Name!, out var value)) return Convert(value, p.ParameterType, p.Name!);
        if (p.HasDefaultValue) return p.DefaultValue;
        throw new InvalidOperationException($"function {invocation.Function.Name}: no value for parameter '{p.Name}'");
    }

    private static bool IsTrigger(ParameterInfo p) =>
        p.GetCustomAttributes().Any(a => a.GetType().Name.EndsWith("TriggerAttribute", StringComparison.Ordinal));

    private static object? Convert(object? value, Type type, string name)
    {
        if (value is null) return type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;
        if (type.IsInstanceOfType(value)) return value;
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (value is string s)
        {
            if (target == typeof(BinaryData)) return BinaryData.FromString(s);
            if (target == typeof(Guid)) return Guid.Parse(s);
            if (target.IsEnum) return Enum.Parse(target, s, ignoreCase: true);
            return System.Convert.ChangeType(s, target, CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"cannot bind a {value.GetType().Name} to parameter '{name}' of type {type.Name}");
    }

    private static async Task<object?> UnwrapAsync(object? returned)
    {
        switch (returned)
        {
            case null:
                return null;
            case ValueTask valueTask:
                await valueTask;
                return null;
            case Task task:
                await task;
                var type = task.GetType();
                return type.IsGenericType && type.GetProperty("Result") is { } result && result.PropertyType.Name != "VoidTaskResult" ? result.GetValue(task) : null;
            default:
                var t = returned.GetType();
                if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ValueTask<>))
                    return await UnwrapAsync(t.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null));
                return returned;
        }
    }
}

/// <summary>Binds parameters that come from the host's extensions rather than from the trigger (for example the Durable client).</summary>
public interface IParameterBinder
{
    /// <summary>Whether this binder supplies <paramref name="parameter"/>.</summary>
    bool CanBind(ParameterInfo parameter);

    /// <summary>The value for <paramref name="parameter"/> in <paramref name="invocation"/>.</summary>
    object? Bind(ParameterInfo parameter, FunctionInvocation invocation);
}
