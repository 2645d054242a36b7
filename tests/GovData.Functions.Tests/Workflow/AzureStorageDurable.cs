using DurableTask.AzureStorage;
using DurableTask.Core;
using GovData.Functions.Errors;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Infrastructure;
using GovData.LocalHost.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace GovData.Functions.Tests.Workflow;

/// <summary>
/// The app's own Durable engine for orchestration tests that the in-memory test host cannot run faithfully: the Durable Task
/// Framework's <see cref="TaskHubWorker"/> with the Azure Storage provider on the test run's Azurite, each registered task
/// adapted as <see cref="DurableTaskHost"/> adapts the app's functions (its own settings and worker), on a task hub of
/// its own (deleted on dispose).
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
        var storage = new StorageOptions
        {
            BlobServiceUri = e.Blob, QueueServiceUri = e.Queue, TableServiceUri = e.Table,
            AccountName = "devstoreaccount1", AccountKey = Emulators.StorageKey,
        };
        var hub = "t" + Guid.NewGuid().ToString("N")[..20];
        // The local host's settings, on a hub of its own; it polls an idle queue at most every second, a test waits less.
        var options = new DurableHostOptions { TaskHub = hub, WorkerId = hub, MaxQueuePollingInterval = TimeSpan.FromMilliseconds(200) };
        var service = new AzureStorageOrchestrationService(DurableTaskHost.Settings(storage, options, NullLoggerFactory.Instance));
        var converter = new JsonDataConverter(JsonDefaults.Storage);
        var services = new ServiceCollection().BuildServiceProvider();
        var worker = DurableTaskHost.Worker(service, converter, NullLoggerFactory.Instance,
            registry.GetOrchestrators().Select(o => (o.Key.Name, (Func<ITaskOrchestrator>)(() => o.Value(services)))),
            registry.GetActivities().Select(a => (a.Key.Name, (Func<ITaskActivity>)(() => a.Value(services)))));
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
