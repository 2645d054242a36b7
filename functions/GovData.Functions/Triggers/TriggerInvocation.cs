using System.Text.Json;
using System.Text.Json.Serialization;

namespace GovData.Functions.Triggers;

/// <summary>The custom-handler invocation payload the Functions host posts for a non-HTTP trigger.</summary>
public sealed record TriggerInvocation
{
    /// <summary>Trigger and input binding values, keyed by binding name.</summary>
    [JsonPropertyName("Data")] public Dictionary<string, JsonElement> Data { get; init; } = [];
    /// <summary>Trigger metadata (DequeueCount, Id, InsertionTime for queues; sys for all).</summary>
    [JsonPropertyName("Metadata")] public Dictionary<string, JsonElement> Metadata { get; init; } = [];

    /// <summary>The text of a binding: a queue message as sent, whether the host passed it as a JSON string or as JSON.</summary>
    public string? Text(string binding) => Data.TryGetValue(binding, out var v)
        ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
        : null;

    /// <summary>The queue message's dequeue count (1 on first delivery).</summary>
    public int DequeueCount => Metadata.TryGetValue("DequeueCount", out var v) && v.TryGetInt32(out var n) ? n : 1;

    /// <summary>The queue message id, or a new id for triggers that have none.</summary>
    public string MessageId => Metadata.TryGetValue("Id", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : Guid.NewGuid().ToString("N");
}

/// <summary>The custom-handler response: outputs by binding name, log lines, and a return value.</summary>
public sealed record TriggerResult
{
    /// <summary>Output binding values, keyed by binding name.</summary>
    [JsonPropertyName("Outputs")] public Dictionary<string, object?> Outputs { get; init; } = [];
    /// <summary>Lines the host writes to its invocation log.</summary>
    [JsonPropertyName("Logs")] public List<string> Logs { get; init; } = [];
    /// <summary>The function's return value, if any.</summary>
    [JsonPropertyName("ReturnValue")] public object? ReturnValue { get; init; }

    /// <summary>A result with one log line.</summary>
    public static TriggerResult Log(string line) => new() { Logs = [line] };
}

/// <summary>Handles one non-HTTP function; its <see cref="FunctionName"/> is the folder name of its function.json.</summary>
public interface ITriggerHandler
{
    /// <summary>The function's name, as in its definition folder.</summary>
    string FunctionName { get; }

    /// <summary>Does the work. Must be idempotent: a message can be delivered more than once. Throw to have it retried.</summary>
    Task<TriggerResult> HandleAsync(TriggerInvocation invocation, CancellationToken cancellationToken);
}
