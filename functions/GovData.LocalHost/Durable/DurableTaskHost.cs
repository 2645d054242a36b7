using System.Text.Json;
using Azure.Data.Tables;
using DurableTask.AzureStorage;
using DurableTask.Core;
using GovData.Functions.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Options;

namespace GovData.LocalHost.Durable;

/// <summary>How the local host runs the Durable Task engine; section <c>LocalHost:Durable</c>.</summary>
public sealed class DurableHostOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "LocalHost:Durable";

    /// <summary>The task hub: its queues, tables and lease blobs in the storage account are named after it (letters and digits, 3-45).</summary>
    public string TaskHub { get; set; } = "GovData";

    /// <summary>This worker's id: a restarted process with the same id takes its partitions back at once (a new id waits out the ~30 s lease).</summary>
    public string WorkerId { get; set; } = "govdata-local";

    /// <summary>Control-queue partitions (Azure's default is 4; one is plenty for one local worker).</summary>
    public int PartitionCount { get; set; } = 1;

    /// <summary>Longest wait between polls of an idle queue (the provider's default is 30 s).</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a work item stays invisible to other workers while one runs it (renewed while it runs); after a crash, how soon it runs again.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Keep an orchestration's history in memory between its episodes (host.json's <c>extendedSessionsEnabled</c>), so a
    /// decision following another does not read the whole history back from the table first.
    /// </summary>
    public bool ExtendedSessions { get; set; } = true;

    /// <summary>How long an idle orchestration's session stays in memory (host.json's <c>extendedSessionIdleTimeoutInSeconds</c>).</summary>
    public TimeSpan ExtendedSessionIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one read-and-write of the partition table may take before the provider gives up and tries again (its
    /// default is 2 s, against silent hangs in Azure). Locally the table is Azurite's, on the cores the app, the other
    /// emulator and, in tests, the whole suite share; a worker starts listening to its control queue only after one claim of
    /// its partition finishes within this, so while each outlasts 2 s every orchestration of the hub waits.
    /// </summary>
    public TimeSpan PartitionTableOperationTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long stopping waits for activities in progress before it lets go of them.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Runs the app's orchestrator and activity functions on the Durable Task Framework's <see cref="TaskHubWorker"/> with the
/// Azure Storage provider (Durable Functions' default engine and storage layout) against the configured storage account,
/// each function adapted by the public <see cref="DurableTaskShimFactory"/>: the same replay code the isolated worker runs
/// in Azure. Registered functions come from functions.metadata (orchestrationTrigger and activityTrigger bindings).
/// </summary>
public sealed class DurableTaskHost : IHostedService, IAsyncDisposable
{
    private readonly AzureStorageOrchestrationService _service;
    private readonly TaskHubWorker _worker;
    private readonly ILogger<DurableTaskHost> _logger;
    private readonly string _taskHub;
    private readonly TimeSpan _stopTimeout;
    private readonly RunningActivities _running = new();

    /// <summary>Composes the engine from the catalog and the storage settings.</summary>
    public DurableTaskHost(FunctionCatalog catalog, FunctionInvoker invoker, IServiceProvider services, IOptions<DurableHostOptions> options,
        IOptions<StorageOptions> storage, JsonSerializerOptions json, ILoggerFactory loggers)
    {
        _logger = loggers.CreateLogger<DurableTaskHost>();
        var o = options.Value;
        _taskHub = o.TaskHub;
        _stopTimeout = o.StopTimeout;
        _service = new AzureStorageOrchestrationService(Settings(storage.Value, o, loggers));
        Converter = new JsonDataConverter(json);
        Client = new LocalDurableTaskClient(o.TaskHub, _service, Converter, InstancesTable(storage.Value, o.TaskHub));
        _worker = Worker(_service, Converter, loggers,
            catalog.Functions.Where(f => f.Trigger.Type == "orchestrationTrigger")
                .Select(f => (f.Name, (Func<ITaskOrchestrator>)(() => new FunctionOrchestrator(f, invoker, services)))),
            catalog.Functions.Where(f => f.Trigger.Type == "activityTrigger")
                .Select(f => (f.Name, (Func<ITaskActivity>)(() => new FunctionActivity(f, invoker, services, _running)))));
    }

    /// <summary>The Azure Storage provider's settings for <paramref name="o"/> on the account of <paramref name="storage"/>.</summary>
    internal static AzureStorageOrchestrationServiceSettings Settings(StorageOptions storage, DurableHostOptions o, ILoggerFactory loggers) => new()
    {
        StorageAccountClientProvider = new StorageAccountClientProvider(ConnectionString(storage)),
        TaskHubName = o.TaskHub,
        WorkerId = o.WorkerId,
        PartitionCount = o.PartitionCount,
        MaxQueuePollingInterval = o.MaxQueuePollingInterval,
        WorkItemQueueVisibilityTimeout = o.VisibilityTimeout,
        ControlQueueVisibilityTimeout = o.VisibilityTimeout,
        ExtendedSessionsEnabled = o.ExtendedSessions,
        ExtendedSessionIdleTimeout = o.ExtendedSessionIdleTimeout,
        PartitionTableOperationTimeout = o.PartitionTableOperationTimeout,
        LoggerFactory = loggers,
    };

    /// <summary>
    /// A worker on <paramref name="service"/> running each orchestrator and activity through <see cref="DurableTaskShimFactory"/>,
    /// a new instance per execution, as the isolated worker adapts them.
    /// </summary>
    internal static TaskHubWorker Worker(AzureStorageOrchestrationService service, DataConverter converter, ILoggerFactory loggers,
        IEnumerable<(string Name, Func<ITaskOrchestrator> Create)> orchestrators, IEnumerable<(string Name, Func<ITaskActivity> Create)> activities)
    {
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = converter }, loggers);
        var worker = new TaskHubWorker(service, loggers);
        foreach (var (name, create) in orchestrators)
            worker.AddTaskOrchestrations(new ShimCreator<TaskOrchestration>(name, () => shims.CreateOrchestration(name, create())));
        foreach (var (name, create) in activities)
            worker.AddTaskActivities(new ShimCreator<TaskActivity>(name, () => shims.CreateActivity(name, create())));
        return worker;
    }

    /// <summary>The client bound to <c>[DurableClient]</c> parameters.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>How inputs, outputs and event payloads are serialized (the app's storage JSON settings, as its worker is configured in Azure).</summary>
    public DataConverter Converter { get; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _service.CreateIfNotExistsAsync();
        await _worker.StartAsync();
        _logger.LogInformation("Durable task hub {TaskHub} started", _taskHub);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Activities already running get StopTimeout to finish; one that does not is let go and runs again once its
        // visibility lapses, as after a crash. Then the worker is stopped forced, and awaited until it has released its
        // partition lease. Not its graceful stop: that waits up to 8 s for extended sessions that end only when the provider
        // stops after it, holding the worker's lock so that a forced stop queues behind it. Returning before the release left
        // a worker draining under the same worker id as its successor (a restart), which lost the control queue it had just
        // claimed when the old worker released the lease (CrashTests' restart: a flaky 30 s wait).
        if (!await _running.IdleAsync(_stopTimeout))
            _logger.LogWarning("Durable activities still running after {Timeout}; stopping without them", _stopTimeout);
        var stopped = _worker.StopAsync(isForced: true);
        if (await Task.WhenAny(stopped, Task.Delay(ReleaseTimeout, CancellationToken.None)) != stopped)
            _logger.LogWarning("The Durable worker had not released its partitions {Timeout} after it was told to stop", ReleaseTimeout);
        else
            await stopped;
    }

    // How long stopping waits for the provider to end its sessions and release its partition leases (about a second here).
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Task.CompletedTask;

    /// <summary>A client of task hub <paramref name="taskHub"/> that runs no worker (tools and tests that signal another process's orchestrations).</summary>
    public static LocalDurableTaskClient ClientOnly(StorageOptions storage, string taskHub, JsonSerializerOptions json) =>
        new(taskHub, new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(ConnectionString(storage)),
            TaskHubName = taskHub,
        }), new JsonDataConverter(json), InstancesTable(storage, taskHub));

    // The provider's instance table (DurableTask.AzureStorage names it after the hub), read directly for status polls.
    private static TableClient InstancesTable(StorageOptions s, string taskHub) =>
        new(ConnectionString(s), taskHub + "Instances");

    // The provider reaches the account with a connection string; locally that is the emulator's well-known key.
    private static string ConnectionString(StorageOptions s) =>
        $"DefaultEndpointsProtocol={s.BlobServiceUri!.Scheme};AccountName={s.AccountName};AccountKey={s.AccountKey};" +
        $"BlobEndpoint={s.BlobServiceUri};QueueEndpoint={s.QueueServiceUri};TableEndpoint={s.TableServiceUri};";
}
