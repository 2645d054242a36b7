namespace GovData.Functions.Triggers;

/// <summary>How the app is hosted: under the Functions host, or alone with the local trigger runner; section <c>Functions</c>.</summary>
public sealed class FunctionsHostOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Functions";

    /// <summary>Where the function definitions and host.json live (defaults to the app folder).</summary>
    public string? DefinitionsRoot { get; set; }

    /// <summary>Map the invocation endpoints (POST /{FunctionName}) the Functions host calls. Set automatically when FUNCTIONS_CUSTOMHANDLER_PORT is present.</summary>
    public bool CustomHandler { get; set; }

    /// <summary>Run the local trigger runner: poll queues and fire timers as the host would (local runs without a Functions host).</summary>
    public bool LocalTriggers { get; set; }

    /// <summary>Longest wait between polls of an empty queue in the local runner.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a received message stays invisible while its handler runs.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The folder that holds the definitions.</summary>
    public string ResolveRoot() => DefinitionsRoot ?? AppContext.BaseDirectory;
}
