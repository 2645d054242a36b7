using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace GovData.LocalHost.Durable;

/// <summary>Binds <c>[DurableClient] DurableTaskClient</c> parameters to the local task hub's client.</summary>
internal sealed class DurableClientBinder(IServiceProvider services) : IParameterBinder
{
    /// <inheritdoc />
    public bool CanBind(ParameterInfo parameter) =>
        parameter.GetCustomAttribute<DurableClientAttribute>() is not null && parameter.ParameterType == typeof(DurableTaskClient);

    /// <inheritdoc />
    public object? Bind(ParameterInfo parameter, FunctionInvocation invocation) => services.GetRequiredService<DurableTaskHost>().Client;
}
