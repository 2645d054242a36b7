namespace GovData.Functions.Sharing.Callbacks;

/// <summary>Settings of callback delivery (section <c>Callbacks</c>).</summary>
public sealed class CallbackOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Callbacks";

    /// <summary>
    /// Whether loopback URLs (http://localhost, 127.0.0.1, ::1) may be registered and delivered to. Null means: only in
    /// Development. Setting it true outside Development stops the app from starting.
    /// </summary>
    public bool? AllowLoopback { get; set; }

    /// <summary>Delivery attempts before a notice is marked delivery-failed (its inbox copy stays).</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait before the second attempt; each later wait doubles.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between attempts (a queue message can be hidden at most 7 days).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one delivery may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The wait before attempt <paramref name="attempt"/> + 1 after attempt <paramref name="attempt"/> failed: base × 2^(attempt−1),
    /// capped, in whole seconds (at least 1) because a queue message's visibility timeout is given in seconds.
    /// </summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var seconds = Math.Min(RetryBaseDelay.TotalSeconds * factor, MaxRetryDelay.TotalSeconds);
        return TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(seconds)));
    }
}
