using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<MethodInfo, Plan> _plans = new();

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
        var plan = _plans.GetOrAdd(invocation.Function.Method, PlanFor);
        var args = new object?[plan.Arguments.Length];
        for (var i = 0; i < args.Length; i++) args[i] = plan.Arguments[i](invocation);
        var target = plan.Create?.Invoke(invocation.Services, null);
        try
        {
            object? returned;
            try { returned = plan.Method.Invoke(target, args.AsSpan()); }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
            return await plan.Unwrap(returned);
        }
        finally
        {
            if (target is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
            else if (target is IDisposable disposable) disposable.Dispose();
        }
    }

    // Everything about a method that does not change between invocations, worked out once: the reflection the runtime caches
    // for a type can be collected and rebuilt under load (each rebuild emitting invoke stubs again), and a request should not
    // pay for attribute reads and constructor matching.
    private sealed record Plan(Func<FunctionInvocation, object?>[] Arguments, ObjectFactory? Create, MethodInvoker Method, Func<object?, Task<object?>> Unwrap);

    private Plan PlanFor(MethodInfo method) => new(
        [.. method.GetParameters().Select(ArgumentFor)],
        method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes),
        MethodInvoker.Create(method),
        UnwrapFor(method.ReturnType));

    // The order the worker binds in: the trigger, the cancellation token, an extension's binder, the binding data by name.
    private Func<FunctionInvocation, object?> ArgumentFor(ParameterInfo p)
    {
        if (IsTrigger(p)) return i => Convert(i.TriggerValue, p.ParameterType, p.Name!);
        if (p.ParameterType == typeof(CancellationToken)) return i => i.CancellationToken;
        if (_binders.FirstOrDefault(b => b.CanBind(p)) is { } binder) return i => binder.Bind(p, i);
        return i => i.BindingData.TryGetValue(p.Name!, out var value) ? Convert(value, p.ParameterType, p.Name!)
            : p.HasDefaultValue ? p.DefaultValue
            : throw new InvalidOperationException($"function {i.Function.Name}: no value for parameter '{p.Name}'");
    }

    // What the method returned, awaited, by its declared return type: Task<T> and ValueTask<T> give their result.
    private static Func<object?, Task<object?>> UnwrapFor(Type returns)
    {
        if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
            return Generic(nameof(TaskResultAsync), returns.GetGenericArguments()[0]);
        if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(ValueTask<>))
            return Generic(nameof(ValueTaskResultAsync), returns.GetGenericArguments()[0]);
        if (returns == typeof(Task)) return async r => { if (r is Task t) await t; return null; };
        if (returns == typeof(ValueTask)) return async r => { if (r is ValueTask t) await t; return null; };
        return r => Task.FromResult(r);

        static Func<object?, Task<object?>> Generic(string name, Type result) =>
            typeof(FunctionInvoker).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(result)
                .CreateDelegate<Func<object?, Task<object?>>>();
    }

    private static async Task<object?> TaskResultAsync<T>(object? returned) => returned is Task<T> t ? await t : null;

    private static async Task<object?> ValueTaskResultAsync<T>(object? returned) => returned is ValueTask<T> t ? await t : null;

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
}

/// <summary>Binds parameters that come from the host's extensions rather than from the trigger (for example the Durable client).</summary>
public interface IParameterBinder
{
    /// <summary>Whether this binder supplies <paramref name="parameter"/>.</summary>
    bool CanBind(ParameterInfo parameter);

    /// <summary>The value for <paramref name="parameter"/> in <paramref name="invocation"/>.</summary>
    object? Bind(ParameterInfo parameter, FunctionInvocation invocation);
}
