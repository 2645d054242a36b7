using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreStatus = DurableTask.Core.OrchestrationStatus;
using CoreQuery = DurableTask.Core.Query.OrchestrationQuery;

namespace GovData.LocalHost.Durable;

/// <summary>
/// The <see cref="DurableTaskClient"/> the local host binds to <c>[DurableClient]</c> parameters: the task hub's own
/// orchestration service client (the Azure Storage provider), with inputs, outputs and event payloads serialized by the
/// same <see cref="DataConverter"/> the orchestrations read them with. In Azure the binding gives the worker a gRPC client
/// to the host's Durable extension over the same provider.
/// </summary>
public sealed class LocalDurableTaskClient(string name, IOrchestrationServiceClient service, DataConverter converter, TableClient? instances = null)
    : DurableTaskClient(name)
{
    // The columns a status read needs (inputs and outputs are read through the provider).
    private static readonly string[] StatusColumns = ["Name", "RuntimeStatus", "CustomStatus", "CreatedTime", "LastUpdatedTime", "Tags"];

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <inheritdoc />
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null,
        StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var instance = new OrchestrationInstance
        {
            InstanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N"),
            ExecutionId = Guid.NewGuid().ToString("N"),
        };
        var started = new ExecutionStartedEvent(-1, converter.Serialize(input))
        {
            Name = orchestratorName.Name,
            Version = options?.Version?.Version ?? "",
            OrchestrationInstance = instance,
            ScheduledStartTime = options?.StartAt?.UtcDateTime,
            Tags = options?.Tags?.ToDictionary(t => t.Key, t => t.Value) ?? [],
        };
        var message = new TaskMessage { OrchestrationInstance = instance, Event = started };
        var dedupe = options?.DedupeStatuses?.Select(s => Enum.Parse<CoreStatus>(s)).ToArray();
        if (dedupe is { Length: > 0 }) await service.CreateTaskOrchestrationAsync(message, dedupe);
        else await service.CreateTaskOrchestrationAsync(message);
        return instance.InstanceId;
    }

    /// <inheritdoc />
    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = new EventRaisedEvent(-1, converter.Serialize(eventPayload)) { Name = eventName },
        });

    /// <inheritdoc />
    public override async Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        while (true)
        {
            if (await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation) is { RuntimeStatus: not OrchestrationRuntimeStatus.Pending } m) return m;
            await Task.Delay(PollInterval, cancellation);
        }
    }

    /// <inheritdoc />
    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        while (true)
        {
            if (await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation) is { IsCompleted: true } m) return m;
            await Task.Delay(PollInterval, cancellation);
        }
    }

    /// <inheritdoc />
    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = new ExecutionTerminatedEvent(-1, converter.Serialize(options?.Output)),
        });

    /// <inheritdoc />
    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = new ExecutionSuspendedEvent(-1, reason),
        });

    /// <inheritdoc />
    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = new ExecutionResumedEvent(-1, reason),
        });

    /// <inheritdoc />
    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        if (!getInputsAndOutputs && instances is not null && await ReadStatusAsync(instanceId, cancellation) is { } read) return read.Metadata;
        var states = await service.GetOrchestrationStateAsync(instanceId, allExecutions: false);
        return states.FirstOrDefault() is { } state ? ToMetadata(state, getInputsAndOutputs) : null;
    }

    /// <inheritdoc />
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(Microsoft.DurableTask.Client.OrchestrationQuery? filter = null) =>
        Pageable.Create((continuation, pageSize, cancellation) => QueryPageAsync(filter, continuation, pageSize, cancellation));

    /// <inheritdoc />
    public override async Task<Microsoft.DurableTask.Client.PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        if (service is not IOrchestrationServicePurgeClient purge) throw new NotSupportedException("the orchestration service cannot purge");
        var result = await purge.PurgeInstanceStateAsync(instanceId);
        return new Microsoft.DurableTask.Client.PurgeResult(result.DeletedInstanceCount);
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<Page<OrchestrationMetadata>> QueryPageAsync(Microsoft.DurableTask.Client.OrchestrationQuery? filter, string? continuation, int? pageSize, CancellationToken cancellation)
    {
        if (service is not IOrchestrationServiceQueryClient query) throw new NotSupportedException("the orchestration service cannot query instances");
        var result = await query.GetOrchestrationWithQueryAsync(new CoreQuery
        {
            RuntimeStatus = filter?.Statuses?.Select(s => (CoreStatus)(int)s).ToList(),
            CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
            CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
            InstanceIdPrefix = filter?.InstanceIdPrefix,
            PageSize = pageSize ?? filter?.PageSize ?? 100,
            ContinuationToken = continuation ?? filter?.ContinuationToken,
            FetchInputsAndOutputs = filter?.FetchInputsAndOutputs ?? false,
        }, cancellation);
        return new Page<OrchestrationMetadata>(
            result.OrchestrationState.Select(s => ToMetadata(s, filter?.FetchInputsAndOutputs ?? false)).ToList(),
            result.ContinuationToken);
    }

    // The provider reads an instance's row with a query on its partition key; Azurite answers every table query by scanning the
    // whole table in JavaScript (tools/emulators/node_modules/azurite/.../LokiTableMetadataStore.js, queryTableEntities), so
    // a status poll cost grew with the number of instances the hub ever held. A point read by (instance id, "") is the same
    // row through Azurite's key index. Null when the row holds a large-payload reference (a blob URL): the provider reads those.
    private async Task<StatusRow?> ReadStatusAsync(string instanceId, CancellationToken ct)
    {
        var row = await instances!.GetEntityIfExistsAsync<TableEntity>(instanceId, "", StatusColumns, ct);
        if (!row.HasValue || row.Value is not { } e) return new StatusRow(null);
        var custom = e.GetString("CustomStatus");
        if (custom is not null && Uri.IsWellFormedUriString(custom, UriKind.Absolute)) return null;
        if (!Enum.TryParse<CoreStatus>(e.GetString("RuntimeStatus"), out var status)) return null;
        var tags = e.GetString("Tags");
        return new StatusRow(new OrchestrationMetadata(e.GetString("Name") ?? "", instanceId)
        {
            DataConverter = converter,
            RuntimeStatus = (OrchestrationRuntimeStatus)(int)status,
            CreatedAt = e.GetDateTimeOffset("CreatedTime") ?? default,
            LastUpdatedAt = e.GetDateTimeOffset("LastUpdatedTime") ?? default,
            SerializedCustomStatus = custom,
            Tags = string.IsNullOrEmpty(tags) ? new Dictionary<string, string>() : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(tags) ?? [],
        });
    }

    // What a point read found: the instance, or none (null metadata: no such instance, which is an answer too).
    private readonly record struct StatusRow(OrchestrationMetadata? Metadata);

    private OrchestrationMetadata ToMetadata(OrchestrationState state, bool withPayloads) => new(state.Name, state.OrchestrationInstance.InstanceId)
    {
        DataConverter = converter,
        RuntimeStatus = (OrchestrationRuntimeStatus)(int)state.OrchestrationStatus,
        CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
        LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
        SerializedInput = withPayloads ? state.Input : null,
        SerializedOutput = withPayloads ? state.Output : null,
        SerializedCustomStatus = state.Status,
        Tags = state.Tags?.ToDictionary(t => t.Key, t => t.Value) ?? [],
    };
}
