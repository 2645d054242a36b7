using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GovData.Functions.Errors;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Workflow.InProcess;

/// <summary>
/// The in-memory Durable Task engine of Microsoft.DurableTask.InProcessTestHost (an in-process gRPC sidecar over an in-memory
/// orchestration service, with the SDK's own worker and client), set up as the app's orchestrations run: inputs, outputs,
/// events and custom statuses go through the JSON settings the local host's data converter uses (<see cref="JsonDefaults.Storage"/>).
/// Timers are real: they fire at their wall-clock instant, so the tests use instants a second or two away.
/// </summary>
internal static class InProcessDurable
{
    /// <summary>Starts the engine with <paramref name="tasks"/> registered, on a free loopback port.</summary>
    public static Task<DurableTaskTestHost> StartAsync(Action<DurableTaskRegistry> tasks) =>
        DurableTaskTestHost.StartAsync(tasks, new DurableTaskTestHostOptions
        {
            // The host's default is a random port in 30000-40000, which another process on this machine may hold.
            Port = FreePort(),
            ConfigureServices = services => services.AddSingleton<DataConverter>(new JsonDataConverter(JsonDefaults.Storage)),
        });

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits (bounded) until the instance's custom status, read as <typeparamref name="T"/>, satisfies <paramref name="done"/>.</summary>
    public static async Task<T> WaitForStatusAsync<T>(this DurableTaskClient client, string instanceId, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        while (true)
        {
            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            if (instance?.SerializedCustomStatus is not null && instance.ReadCustomStatusAs<T>() is { } status && done(status)) return status;
            if (clock.Elapsed > limit)
                throw new TimeoutException($"{instanceId}: custom status still {instance?.SerializedCustomStatus ?? "(none)"} ({instance?.RuntimeStatus}) after {limit}");
            await Task.Delay(25);
        }
    }

    /// <summary>Waits (bounded) for the instance to finish and returns its metadata (inputs and outputs included).</summary>
    public static async Task<OrchestrationMetadata> WaitForEndAsync(this DurableTaskClient client, string instanceId, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }
}
