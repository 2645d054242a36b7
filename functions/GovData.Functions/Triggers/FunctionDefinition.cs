using System.Text.Json;
using System.Text.Json.Serialization;

namespace GovData.Functions.Triggers;

/// <summary>One function as the Functions host sees it: its folder name and the bindings of its function.json.</summary>
public sealed record FunctionDefinition(string Name, IReadOnlyList<FunctionBinding> Bindings)
{
    /// <summary>The trigger binding (exactly one per function).</summary>
    public FunctionBinding Trigger => Bindings.Single(b => b.Type.EndsWith("Trigger", StringComparison.Ordinal));

    /// <summary>True for HTTP functions, which the host forwards as plain HTTP.</summary>
    public bool IsHttp => Trigger.Type == "httpTrigger";
}

/// <summary>A binding in function.json (the fields GovData uses).</summary>
public sealed record FunctionBinding
{
    /// <summary>httpTrigger, queueTrigger, timerTrigger, blobTrigger, http, queue, ...</summary>
    [JsonPropertyName("type")] public required string Type { get; init; }
    /// <summary>in or out.</summary>
    [JsonPropertyName("direction")] public required string Direction { get; init; }
    /// <summary>The binding name; the key of the invocation's Data or Outputs.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }
    /// <summary>Queue name of a queue trigger or output.</summary>
    [JsonPropertyName("queueName")] public string? QueueName { get; init; }
    /// <summary>NCRONTAB schedule (six fields, with seconds) of a timer trigger.</summary>
    [JsonPropertyName("schedule")] public string? Schedule { get; init; }
    /// <summary>Route template of an HTTP trigger (below the /api prefix).</summary>
    [JsonPropertyName("route")] public string? Route { get; init; }
    /// <summary>HTTP methods of an HTTP trigger.</summary>
    [JsonPropertyName("methods")] public IReadOnlyList<string>? Methods { get; init; }
    /// <summary>Function-level key requirement; GovData uses anonymous and checks bearer tokens itself.</summary>
    [JsonPropertyName("authLevel")] public string? AuthLevel { get; init; }
    /// <summary>Blob path of a blob trigger.</summary>
    [JsonPropertyName("path")] public string? Path { get; init; }
    /// <summary>Name of the app setting prefix holding the storage connection.</summary>
    [JsonPropertyName("connection")] public string? Connection { get; init; }
}

/// <summary>Reads the function definitions (one folder per function with its function.json) from the app folder.</summary>
public static class FunctionDefinitions
{
    private sealed record FunctionJson([property: JsonPropertyName("bindings")] IReadOnlyList<FunctionBinding> Bindings);

    /// <summary>Loads every <c>*/function.json</c> below <paramref name="root"/>.</summary>
    public static IReadOnlyList<FunctionDefinition> Load(string root)
    {
        var list = new List<FunctionDefinition>();
        foreach (var dir in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(dir, "function.json");
            if (!File.Exists(file)) continue;
            var json = JsonSerializer.Deserialize<FunctionJson>(File.ReadAllText(file))
                ?? throw new InvalidDataException($"{file} is empty");
            list.Add(new FunctionDefinition(Path.GetFileName(dir), json.Bindings));
        }
        return list;
    }

    /// <summary>Reads <c>extensions.queues.maxDequeueCount</c> from host.json (the host's default is 5).</summary>
    public static int MaxDequeueCount(string root)
    {
        var file = Path.Combine(root, "host.json");
        if (!File.Exists(file)) return 5;
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        return doc.RootElement.TryGetProperty("extensions", out var ext)
            && ext.TryGetProperty("queues", out var q)
            && q.TryGetProperty("maxDequeueCount", out var m) ? m.GetInt32() : 5;
    }
}
