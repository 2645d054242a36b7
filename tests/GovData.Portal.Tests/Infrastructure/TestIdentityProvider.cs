using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GovData.Portal.Tests.Infrastructure;

/// <summary>An account of the test provider: what its access token says.</summary>
public sealed record TestAccount(string Subject, string Name, string? Department, string? Jurisdiction, params string[] Roles);

/// <summary>
/// A small OpenID Connect provider on Kestrel standing in for Entra ID (which this machine cannot reach): discovery, keys
/// (RS256), an account-picker sign-in page, the authorization-code grant with PKCE (S256 only), userinfo and end-session,
/// with CORS as Entra answers a single-page application. Its access tokens carry what Entra's do once the app roles and
/// the claims mapping are set up (docs/deployment.md): sub, name, roles, and the dept and jur claims, for one audience.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "govdata-test-key" };
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private readonly ConcurrentDictionary<string, TestAccount> _accessTokens = new();
    private readonly IReadOnlyList<TestAccount> _accounts;

    private readonly TimeProvider _time;

    private TestIdentityProvider(WebApplication app, TimeProvider time, string clientId, string apiAudience, IReadOnlyList<TestAccount> accounts)
    {
        _app = app;
        _time = time;
        ClientId = clientId;
        ApiAudience = apiAudience;
        _accounts = accounts;
    }

    /// <summary>The issuer (an Entra-like address with a tenant path).</summary>
    public string Authority { get; private set; } = "";
    /// <summary>The single-page application's client id.</summary>
    public string ClientId { get; }
    /// <summary>The audience of the access tokens (the API's application id URI).</summary>
    public string ApiAudience { get; }
    /// <summary>The scope the portal asks for to get an access token for the API.</summary>
    public string ApiScope => ApiAudience + "/access_as_user";
    /// <summary>Codes redeemed at the token endpoint with a matching PKCE verifier.</summary>
    public int CodesRedeemed => _redeemed;
    /// <summary>Sign-outs received at the end-session endpoint.</summary>
    public int SignOuts => _signOuts;

    private int _redeemed;
    private int _signOuts;

    /// <summary>Starts the provider on a free loopback port; its tokens are stamped by <paramref name="time"/> (the app's clock, which judges them).</summary>
    public static async Task<TestIdentityProvider> StartAsync(TimeProvider time, string clientId, string apiAudience, params TestAccount[] accounts)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new TestIdentityProvider(app, time, clientId, apiAudience, accounts);
        provider.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider.Authority = address.TrimEnd('/') + "/tenant/v2.0";
        return provider;
    }

    private void Map(WebApplication app)
    {
        // A single-page application calls discovery, token and userinfo from its own origin.
        app.Use(async (http, next) =>
        {
            http.Response.Headers.AccessControlAllowOrigin = "*";
            http.Response.Headers.AccessControlAllowHeaders = "*";
            http.Response.Headers.AccessControlAllowMethods = "GET, POST";
            if (HttpMethods.IsOptions(http.Request.Method)) { http.Response.StatusCode = 204; return; }
            await next(http);
        });
        const string tenant = "/tenant/v2.0";
        app.MapGet(tenant + "/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Authority,
            ["authorization_endpoint"] = Authority + "/authorize",
            ["token_endpoint"] = Authority + "/token",
            ["userinfo_endpoint"] = Authority + "/userinfo",
            ["end_session_endpoint"] = Authority + "/logout",
            ["jwks_uri"] = Authority + "/keys",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["scopes_supported"] = new[] { "openid", "profile", "offline_access" },
        }));
        app.MapGet(tenant + "/keys", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(_key);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", kid = jwk.Kid, n = jwk.N, e = jwk.E, alg = "RS256" } } });
        });
        app.MapGet(tenant + "/authorize", (HttpContext http) => AccountPicker(http.Request.Query));
        app.MapPost(tenant + "/authorize", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            if (Refuse(form["client_id"], form["redirect_uri"], form["response_type"], form["code_challenge_method"]) is { } refusal) return refusal;
            var account = _accounts.FirstOrDefault(a => a.Subject == form["account"]);
            if (account is null) return Results.BadRequest("no such account");
            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _codes[code] = new Grant(account, form["redirect_uri"]!, form["code_challenge"]!, form["nonce"], form["scope"]!);
            var separator = form["redirect_uri"].ToString().Contains('?') ? "&" : "?";
            return Results.Redirect($"{form["redirect_uri"]}{separator}code={code}&state={Uri.EscapeDataString(form["state"].ToString())}");
        });
        app.MapPost(tenant + "/token", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            if (form["grant_type"] != "authorization_code" || form["client_id"] != ClientId) return OAuthError("unsupported_grant_type");
            if (!_codes.TryRemove(form["code"].ToString(), out var grant) || grant.RedirectUri != form["redirect_uri"]) return OAuthError("invalid_grant");
            var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
            if (challenge != grant.CodeChallenge) return OAuthError("invalid_grant");
            Interlocked.Increment(ref _redeemed);
            var access = AccessToken(grant.Account);
            _accessTokens[access] = grant.Account;
            return Results.Json(new
            {
                token_type = "Bearer",
                access_token = access,
                id_token = IdToken(grant.Account, grant.Nonce),
                expires_in = 3600,
                scope = grant.Scope,
            });
        });
        app.MapGet(tenant + "/userinfo", (HttpContext http) =>
        {
            var bearer = http.Request.Headers.Authorization.ToString();
            return bearer.StartsWith("Bearer ", StringComparison.Ordinal) && _accessTokens.TryGetValue(bearer["Bearer ".Length..], out var account)
                ? Results.Json(new { sub = account.Subject, name = account.Name })
                : Results.Unauthorized();
        });
        app.MapGet(tenant + "/logout", (HttpContext http) =>
        {
            Interlocked.Increment(ref _signOuts);
            var back = http.Request.Query["post_logout_redirect_uri"].ToString();
            if (string.IsNullOrEmpty(back)) return Results.Content("<p>已退出</p>", "text/html; charset=utf-8");
            var state = http.Request.Query["state"].ToString();
            return Results.Redirect(string.IsNullOrEmpty(state) ? back : $"{back}{(back.Contains('?') ? "&" : "?")}state={Uri.EscapeDataString(state)}");
        });
    }

    private IResult? Refuse(string? clientId, string? redirectUri, string? responseType, string? challengeMethod)
    {
        if (clientId != ClientId) return Results.BadRequest("unknown client_id");
        if (responseType != "code") return Results.BadRequest("only response_type=code");
        if (challengeMethod != "S256") return Results.BadRequest("PKCE with S256 is required");
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) || !uri.IsLoopback || !uri.AbsolutePath.EndsWith("/authentication/login-callback", StringComparison.Ordinal))
            return Results.BadRequest("redirect_uri is not registered");
        return null;
    }

    // Entra shows an account picker; here each account is one button, named so a test can press it.
    private IResult AccountPicker(IQueryCollection query)
    {
        if (Refuse(query["client_id"], query["redirect_uri"], query["response_type"], query["code_challenge_method"]) is { } refusal) return refusal;
        var hidden = new StringBuilder();
        foreach (var name in new[] { "client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "code_challenge", "code_challenge_method" })
            hidden.Append($"<input type=\"hidden\" name=\"{name}\" value=\"{WebUtility.HtmlEncode(query[name].ToString())}\">");
        var buttons = string.Concat(_accounts.Select(a =>
            $"<button type=\"submit\" name=\"account\" value=\"{WebUtility.HtmlEncode(a.Subject)}\">{WebUtility.HtmlEncode(a.Name)}</button>"));
        var html = $"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>统一身份认证（测试）</title></head>"
                   + $"<body><h1>统一身份认证（测试）</h1><p>选择账号</p><form method=\"post\">{hidden}{buttons}</form></body></html>";
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private string AccessToken(TestAccount account)
    {
        var claims = new Dictionary<string, object> { ["sub"] = account.Subject, ["name"] = account.Name, ["scp"] = "access_as_user" };
        if (account.Department is not null) claims["dept"] = account.Department;
        if (account.Jurisdiction is not null) claims["jur"] = account.Jurisdiction;
        if (account.Roles.Length > 0) claims["roles"] = account.Roles;
        return Sign(ApiAudience, claims);
    }

    private string IdToken(TestAccount account, string? nonce)
    {
        var claims = new Dictionary<string, object> { ["sub"] = account.Subject, ["name"] = account.Name };
        if (!string.IsNullOrEmpty(nonce)) claims["nonce"] = nonce;
        return Sign(ClientId, claims);
    }

    private string Sign(string audience, Dictionary<string, object> claims)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    private static IResult OAuthError(string error) => Results.Json(new { error }, statusCode: 400);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed record Grant(TestAccount Account, string RedirectUri, string CodeChallenge, string? Nonce, string Scope);
}
