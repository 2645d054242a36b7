using System.Text.Json;

namespace GovData.Functions.Triggers;

/// <summary>The host.json settings the app itself reads (the Functions host, or the local host, applies the rest).</summary>
public static class HostSettings
{
    /// <summary>
    /// <c>extensions.queues.maxDequeueCount</c> of the host.json beside the app (the host's default is 5): how many deliveries a
    /// queue message gets before it goes to its poison queue.
    /// </summary>
    public static int MaxDequeueCount(string? root = null)
    {
        var file = Path.Combine(root ?? AppContext.BaseDirectory, "host.json");
        if (!File.Exists(file)) return 5;
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        return doc.RootElement.TryGetProperty("extensions", out var ext)
            && ext.TryGetProperty("queues", out var q)
            && q.TryGetProperty("maxDequeueCount", out var m) ? m.GetInt32() : 5;
    }
}
