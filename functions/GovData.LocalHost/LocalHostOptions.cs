namespace GovData.LocalHost;

/// <summary>How the local host drives non-HTTP triggers; section <c>LocalHost</c>.</summary>
public sealed class LocalHostOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "LocalHost";

    /// <summary>Poll the queues, list the blob containers and fire the timer schedules, as the Functions host does (off in most tests, which invoke triggers directly).</summary>
    public bool Triggers { get; set; } = true;

    /// <summary>The folder whose functions.metadata and host.json the host serves (default: beside this program; a publish folder also works).</summary>
    public string? MetadataRoot { get; set; }

    /// <summary>Longest wait between polls of an empty queue (host.json's <c>maxPollingInterval</c> plays this part in Azure).</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a received message stays invisible while its function runs.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Runs the app on a clock that starts at this instant and then moves with real time (a demo as of a date; the crash tests'
    /// processes). Absent: the system clock.
    /// </summary>
    public DateTimeOffset? ClockStart { get; set; }

    /// <summary>Kills this process (as <c>kill -9</c> would) the <see cref="CrashAtHit"/>-th time the app reaches this crash point (crash tests).</summary>
    public string? CrashAt { get; set; }

    /// <summary>
    /// A folder of the portal's published static files (its publish folder's <c>wwwroot</c>) to serve at <c>/</c> beside the
    /// functions under <c>/api</c> (docs/portal.md); absent: the host serves the API only.
    /// </summary>
    public string? PortalRoot { get; set; }

    /// <summary>Which hit of <see cref="CrashAt"/> kills the process.</summary>
    public int CrashAtHit { get; set; } = 1;
}
