namespace GovData.Portal.Services;

/// <summary>wwwroot/appsettings.json, section Api: where the API is and which jurisdiction the portal serves.</summary>
public sealed class PortalOptions
{
    /// <summary>The API's origin; empty for the portal's own origin (the local host serves both).</summary>
    public string BaseAddress { get; set; } = "";
    /// <summary>The jurisdiction (行政区划代码) whose open-data portal this is.</summary>
    public string Jurisdiction { get; set; } = "350800";
    /// <summary>Offer the development sign-in (POST /api/dev/token); the API answers it only in Development.</summary>
    public bool DevSignIn { get; set; } = true;
}
