namespace GovData.Portal.Services;

/// <summary>
/// wwwroot/appsettings.json, section SignIn: the OpenID Connect provider the portal signs people in with (统一身份认证:
/// Entra ID in Azure, e.g. https://login.partner.microsoftonline.cn/{tenant}/v2.0). Empty: no federated sign-in.
/// </summary>
public sealed class FederatedSignInOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "SignIn";

    /// <summary>The provider's issuer address (its discovery document is under /.well-known/openid-configuration).</summary>
    public string Authority { get; set; } = "";
    /// <summary>The portal's client id (the app registration of the single-page application).</summary>
    public string ClientId { get; set; } = "";
    /// <summary>The API's scope whose access token the API accepts (e.g. api://govdata/access_as_user).</summary>
    public string ApiScope { get; set; } = "";

    /// <summary>True when a provider is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ApiScope);
}
