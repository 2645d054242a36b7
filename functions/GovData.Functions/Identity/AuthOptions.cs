namespace GovData.Functions.Identity;

/// <summary>How bearer tokens are validated; bound from the <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Auth";

    /// <summary>The Entra ID authority (e.g. https://login.chinacloudapi.cn/{tenant}/v2.0) whose tokens are accepted in Azure.</summary>
    public string? Authority { get; set; }
    /// <summary>The audience (application id URI) tokens must be issued for.</summary>
    public string? Audience { get; set; }
    /// <summary>The local dev token issuer, usable only in the Development environment.</summary>
    public DevTokenOptions DevTokens { get; set; } = new();
}

/// <summary>The local dev token issuer: signs tokens with a local key so developers can call the API without Entra ID.</summary>
public sealed class DevTokenOptions
{
    /// <summary>Turns the issuer on; refused at start-up outside Development.</summary>
    public bool Enabled { get; set; }
    /// <summary>The HMAC-SHA256 signing key (at least 32 bytes of text).</summary>
    public string? SigningKey { get; set; }
    /// <summary>The issuer claim of dev tokens.</summary>
    public string Issuer { get; set; } = "govdata-dev";
    /// <summary>The audience claim of dev tokens.</summary>
    public string Audience { get; set; } = "govdata-api";
    /// <summary>How long a dev token is valid.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(8);
}
