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
builder.Services.AddScoped(_ => new HttpClient { BaseAddress = new Uri(apiBase) });
builder.Services.AddScoped<Session>();
builder.Services.AddScoped<Api>();
builder.Services.AddScoped<PlatformClock>();
builder.Services.AddScoped<Units>();
builder.Services.AddScoped<WorkQueue>();

var host = builder.Build();
await host.Services.GetRequiredService<Session>().LoadAsync();
await host.RunAsync();
