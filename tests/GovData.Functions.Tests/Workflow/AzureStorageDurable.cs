using DurableTask.AzureStorage;
using DurableTask.Core;
using GovData.Functions.Errors;
using GovData.Functions.Tests.Infrastructure;
using GovData.LocalHost.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace GovData.Functions.Tests.Workflow;

/// <summary>
/// The app's own Durable engine for orchestration tests that the in-memory test host cannot run faithfully: the Durable Task
/// Framework's <see cref="TaskHubWorker"/> with the Azure Storage provider on the test run's Azurite, each registered task
/// adapted by <see cref="DurableTaskShimFactory"/> as <see cref="DurableTaskHost"/> adapts the app's functions, on a task
/// hub of its own (deleted on dispose), with the provider settings the local host uses (extended sessions included).
/// </summary>
internal sealed class AzureStorageDurable : IAsyncDisposable
{
    private readonly AzureStorageOrchestrationService _service;
    private readonly TaskHubWorker _worker;

    private AzureStorageDurable(AzureStorageOrchestrationService service, TaskHubWorker worker, DurableTaskClient client)
    {
        _service = service;
        _worker = worker;
        Client = client;
    }

    /// <summary>A client of the engine's task hub, the one the app's HTTP functions get locally.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>Starts a worker with <paramref name="tasks"/> registered, on a new task hub in the shared Azurite.</summary>
    public static async Task<AzureStorageDurable> StartAsync(Action<DurableTaskRegistry> tasks)
    {
        var registry = new DurableTaskRegistry();
        tasks(registry);
        var e = Emulators.Instance;
        var connection = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Emulators.StorageKey};" +
            $"BlobEndpoint={e.Blob};QueueEndpoint={e.Queue};TableEndpoint={e.Table};";
        var hub = "t" + Guid.NewGuid().ToString("N")[..20];
        var defaults = new DurableHostOptions();
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(connection),
            TaskHubName = hub,
            WorkerId = hub,
            PartitionCount = defaults.PartitionCount,
            // The local host polls an idle queue at most every second; a test waits less.
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(200),
            ExtendedSessionsEnabled = defaults.ExtendedSessions,
            ExtendedSessionIdleTimeout = defaults.ExtendedSessionIdleTimeout,
        });
        var converter = new JsonDataConverter(JsonDefaults.Storage);
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = converter }, NullLoggerFactory.Instance);
        var services = new ServiceCollection().BuildServiceProvider();
        var worker = new TaskHubWorker(service, NullLoggerFactory.Instance);
        foreach (var (name, create) in registry.GetOrchestrators())
            worker.AddTaskOrchestrations(new ShimCreator<TaskOrchestration>(name.Name, () => shims.CreateOrchestration(name, create(services))));
        foreach (var (name, create) in registry.GetActivities())
            worker.AddTaskActivities(new ShimCreator<TaskActivity>(name.Name, () => shims.CreateActivity(name, create(services))));
        await service.CreateIfNotExistsAsync();
        await worker.StartAsync();
        return new AzureStorageDurable(service, worker, new LocalDurableTaskClient(hub, service, converter));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _worker.StopAsync(isForced: true);
        await _service.DeleteAsync();
    }
}
