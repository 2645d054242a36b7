using System.Globalization;
using GovData.Portal;
using GovData.Portal.Services;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

// zh-CN throughout: numbers, dates and text sort as a Chinese reader expects.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = new CultureInfo("zh-CN");

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

var options = builder.Configuration.GetSection("Api").Get<PortalOptions>() ?? new PortalOptions();
// The API: the portal's own origin unless configured (Azure: the Function App's address, written at deployment).
var apiBase = string.IsNullOrWhiteSpace(options.BaseAddress) ? builder.HostEnvironment.BaseAddress : options.BaseAddress.TrimEnd('/') + "/";
builder.Services.AddSingleton(options);
var signIn = builder.Configuration.GetSection(FederatedSignInOptions.SectionName).Get<FederatedSignInOptions>() ?? new FederatedSignInOptions();
builder.Services.AddSingleton(signIn);
if (signIn.IsConfigured)
{
    // 统一身份认证: OpenID Connect authorization code with PKCE (Entra ID in Azure); the API checks the access token.
    builder.Services.AddOidcAuthentication(o =>
    {
        o.ProviderOptions.Authority = signIn.Authority;
        o.ProviderOptions.ClientId = signIn.ClientId;
        o.ProviderOptions.ResponseType = "code";
        o.ProviderOptions.DefaultScopes.Add(signIn.ApiScope);
        o.ProviderOptions.PostLogoutRedirectUri = builder.HostEnvironment.BaseAddress + "authentication/logout-callback";
    });
}
builder.Services.AddScoped(_ => new HttpClient { BaseAddress = new Uri(apiBase) });
builder.Services.AddScoped<Session>();
builder.Services.AddScoped<Api>();
builder.Services.AddScoped<PlatformClock>();
builder.Services.AddScoped<Units>();
builder.Services.AddScoped<WorkQueue>();
builder.Services.AddScoped<FederatedSignIn>();

var host = builder.Build();
await host.Services.GetRequiredService<Session>().LoadAsync();
await host.RunAsync();
