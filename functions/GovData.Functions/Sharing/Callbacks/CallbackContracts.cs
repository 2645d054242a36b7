namespace GovData.Functions.Sharing.Callbacks;

/// <summary>Body of POST /api/sharing/callback.</summary>
public sealed record RegisterCallbackBody
{
    /// <summary>The https URL to deliver change notices to.</summary>
    public string? Url { get; init; }
    /// <summary>The signing secret (32 to 256 characters); omitted: the platform generates one and returns it once.</summary>
    public string? Secret { get; init; }
}

/// <summary>A department's callback URL as anyone may read it (never its secret).</summary>
public sealed record CallbackView(string Department, string Url, string RegisteredBy, DateTimeOffset RegisteredAt);

/// <summary>A registered callback URL; the secret is shown once, only when the platform generated it.</summary>
public sealed record CallbackRegistration(string Department, string Url, string RegisteredBy, DateTimeOffset RegisteredAt, string? Secret, bool SecretGenerated);
