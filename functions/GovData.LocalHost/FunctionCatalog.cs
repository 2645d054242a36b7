using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GovData.LocalHost;

/// <summary>A binding of a function as the SDK wrote it into functions.metadata (the fields the local host reads).</summary>
public sealed record FunctionBinding
{
    /// <summary>The parameter (or <c>$return</c>) the binding is for.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }
    /// <summary>In or Out.</summary>
    [JsonPropertyName("direction")] public required string Direction { get; init; }
    /// <summary>httpTrigger, queueTrigger, blobTrigger, timerTrigger, orchestrationTrigger, activityTrigger, durableClient, http, ...</summary>
    [JsonPropertyName("type")] public required string Type { get; init; }
    /// <summary>HTTP methods of an HTTP trigger.</summary>
    [JsonPropertyName("methods")] public IReadOnlyList<string>? Methods { get; init; }
    /// <summary>Function-key level of an HTTP trigger (GovData's are Anonymous: the app checks bearer tokens itself).</summary>
    [JsonPropertyName("authLevel")] public string? AuthLevel { get; init; }
    /// <summary>Route template of an HTTP trigger, below the route prefix.</summary>
    [JsonPropertyName("route")] public string? Route { get; init; }
    /// <summary>Queue of a queue trigger.</summary>
    [JsonPropertyName("queueName")] public string? QueueName { get; init; }
    /// <summary>Container and name pattern of a blob trigger.</summary>
    [JsonPropertyName("path")] public string? Path { get; init; }
    /// <summary>NCRONTAB schedule (with seconds) of a timer trigger.</summary>
    [JsonPropertyName("schedule")] public string? Schedule { get; init; }
    /// <summary>Whether the binding is a trigger.</summary>
    public bool IsTrigger => Type.EndsWith("Trigger", StringComparison.Ordinal);
}

/// <summary>One function of functions.metadata, with the method it names resolved.</summary>
public sealed record FunctionEntry(string Name, string EntryPoint, IReadOnlyList<FunctionBinding> Bindings, MethodInfo Method)
{
    /// <summary>The trigger binding (a function has exactly one).</summary>
    public FunctionBinding Trigger => Bindings.Single(b => b.IsTrigger);
}

/// <summary>
/// The app's functions as the build declared them: read from the SDK-generated <c>functions.metadata</c> and <c>host.json</c>
/// beside the app, the same files the Functions host reads in Azure, so a wrong declaration fails here too.
/// </summary>
public sealed class FunctionCatalog
{
    private sealed record MetadataEntry(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("scriptFile")] string ScriptFile,
        [property: JsonPropertyName("entryPoint")] string EntryPoint,
        [property: JsonPropertyName("bindings")] IReadOnlyList<FunctionBinding> Bindings);

    private FunctionCatalog(string root, IReadOnlyList<FunctionEntry> functions, string routePrefix, int maxDequeueCount)
    {
        Root = root;
        Functions = functions;
        RoutePrefix = routePrefix;
        MaxDequeueCount = maxDequeueCount;
    }

    /// <summary>The folder holding functions.metadata and host.json.</summary>
    public string Root { get; }
    /// <summary>Every function, in the order of the metadata.</summary>
    public IReadOnlyList<FunctionEntry> Functions { get; }
    /// <summary><c>extensions.http.routePrefix</c> of host.json (default <c>api</c>).</summary>
    public string RoutePrefix { get; }
    /// <summary><c>extensions.queues.maxDequeueCount</c> of host.json (default 5).</summary>
    public int MaxDequeueCount { get; }

    /// <summary>The function named <paramref name="name"/>.</summary>
    public FunctionEntry this[string name] => Functions.SingleOrDefault(f => f.Name == name)
        ?? throw new KeyNotFoundException($"functions.metadata declares no function '{name}'");

    /// <summary>Reads the catalog from <paramref name="root"/> (default: beside this program); throws on a declaration it cannot serve.</summary>
    public static FunctionCatalog Load(string? root = null)
    {
        root ??= AppContext.BaseDirectory;
        var file = Path.Combine(root, "functions.metadata");
        if (!File.Exists(file))
            throw new FileNotFoundException($"{file} is missing: build GovData.Functions (its SDK writes functions.metadata) before starting the local host", file);
        var entries = JsonSerializer.Deserialize<List<MetadataEntry>>(File.ReadAllText(file)) ?? throw new InvalidDataException($"{file} is empty");
        var functions = new List<FunctionEntry>();
        foreach (var e in entries)
        {
            var triggers = e.Bindings.Count(b => b.IsTrigger);
            if (triggers != 1) throw new InvalidDataException($"function {e.Name} has {triggers} triggers; a function has exactly one");
            functions.Add(new FunctionEntry(e.Name, e.EntryPoint, e.Bindings, Resolve(root, e)));
        }
        var (prefix, maxDequeue) = ReadHostJson(Path.Combine(root, "host.json"));
        return new FunctionCatalog(root, functions, prefix, maxDequeue);
    }

    private static MethodInfo Resolve(string root, MetadataEntry e)
    {
        var assembly = Assembly.Load(Path.GetFileNameWithoutExtension(e.ScriptFile));
        var dot = e.EntryPoint.LastIndexOf('.');
        var type = assembly.GetType(e.EntryPoint[..dot], throwOnError: false)
            ?? throw new InvalidDataException($"function {e.Name}: type {e.EntryPoint[..dot]} is not in {e.ScriptFile} ({root})");
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Where(m => m.Name == e.EntryPoint[(dot + 1)..]).ToList();
        if (methods.Count != 1) throw new InvalidDataException($"function {e.Name}: {e.EntryPoint} names {methods.Count} public methods; it must name one");
        return methods[0];
    }

    private static (string RoutePrefix, int MaxDequeueCount) ReadHostJson(string file)
    {
        if (!File.Exists(file)) return ("api", 5);
        using var doc = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var prefix = "api";
        var maxDequeue = 5;
        if (doc.RootElement.TryGetProperty("extensions", out var ext))
        {
            if (ext.TryGetProperty("http", out var http) && http.TryGetProperty("routePrefix", out var p) && p.GetString() is { } s) prefix = s;
            if (ext.TryGetProperty("queues", out var q) && q.TryGetProperty("maxDequeueCount", out var m)) maxDequeue = m.GetInt32();
        }
        return (prefix, maxDequeue);
    }
}
