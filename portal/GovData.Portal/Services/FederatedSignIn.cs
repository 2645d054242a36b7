using System.Buffers.Text;
using System.Text.Json;
using GovData.Domain.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.WebAssembly.Authentication;

namespace GovData.Portal.Services;

/// <summary>
/// Signs in through the OpenID Connect provider (统一身份认证): the framework's RemoteAuthenticatorView runs the
/// authorization-code flow with PKCE; once it succeeds, the API's access token and what it says (user, department,
/// jurisdiction, roles) become the portal's <see cref="Session"/>, the same session the local dev sign-in makes.
/// </summary>
public sealed class FederatedSignIn(IServiceProvider services, FederatedSignInOptions options, Session session, Units units, NavigationManager nav)
{
    /// <summary>True when the portal signs people in through a provider.</summary>
    public bool IsConfigured => options.IsConfigured;

    /// <summary>Goes to the provider's sign-in, coming back to <paramref name="returnUrl"/>.</summary>
    public void Start(string returnUrl)
    {
        Refusal = null;
        nav.NavigateToLogin("authentication/login", new InteractiveRequestOptions { Interaction = InteractionType.SignIn, ReturnUrl = nav.ToAbsoluteUri(returnUrl).ToString() });
    }

    /// <summary>Why the last sign-in through the provider did not make a portal user (in Chinese), or null.</summary>
    public string? Refusal { get; private set; }

    /// <summary>After the provider's sign-in: reads the access token for the API and signs the session in, or sets <see cref="Refusal"/>.</summary>
    public async Task CompleteAsync() => Refusal = await SignSessionInAsync();

    private async Task<string?> SignSessionInAsync()
    {
        var tokens = services.GetRequiredService<IAccessTokenProvider>();
        var result = await tokens.RequestAccessToken(new AccessTokenRequestOptions { Scopes = [options.ApiScope] });
        if (!result.TryGetToken(out var token)) return "未能取得访问令牌，请重新登录。";
        var claims = ReadClaims(token.Value);
        if (claims is null) return "访问令牌无法识别，请联系平台管理员。";
        var (user, name, department, jurisdiction, roles) = claims.Value;
        if (string.IsNullOrEmpty(department) || string.IsNullOrEmpty(jurisdiction))
            return "您的账号未配置所属单位（dept）或行政区划（jur），请联系平台管理员。";
        if (roles.Count == 0) return "您的账号未分配平台角色，请联系平台管理员。";
        // The session needs the token first: the unit names come from the API, which wants it.
        var signedIn = new SignedIn(token.Value, user, department, department, jurisdiction, roles, token.Expires, name, Federated: true);
        await session.SignInAsync(signedIn);
        await session.SignInAsync(signedIn with { DepartmentName = await units.NameAsync(department) });
        return null;
    }

    /// <summary>Signs out of the portal and, when the session came from the provider, of the provider too.</summary>
    public async Task SignOutAsync()
    {
        var federated = session.User?.Federated == true;
        await session.SignOutAsync();
        if (federated && IsConfigured) nav.NavigateToLogout("authentication/logout", nav.BaseUri);
        else nav.NavigateTo("");
    }

    // The API validates the token; the portal only reads what it says, to show the right pages.
    private static (string User, string? Name, string? Department, string? Jurisdiction, List<Role> Roles)? ReadClaims(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3) return null;
        try
        {
            using var doc = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var root = doc.RootElement;
            string? Text(string claim) => root.TryGetProperty(claim, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var roles = new List<Role>();
            if (root.TryGetProperty("roles", out var r))
            {
                var values = r.ValueKind == JsonValueKind.Array ? r.EnumerateArray().Select(e => e.GetString()) : [r.GetString()];
                foreach (var value in values)
                    if (Enum.TryParse<Role>(value, ignoreCase: false, out var role) && Enum.IsDefined(role)) roles.Add(role);
            }
            var sub = Text("sub");
            return sub is null ? null : (sub, Text("name"), Text("dept"), Text("jur"), roles);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
