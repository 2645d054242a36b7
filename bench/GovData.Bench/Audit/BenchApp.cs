using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Http;
using GovData.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GovData.Bench.Audit;

/// <summary>
/// The one place that starts the GovData app for a benchmark: the app as the run command composes it today
/// (<c>AddGovData</c> / <c>UseGovData</c> on Kestrel), in this process, on a free loopback port. Point this at the new
/// host when the app moves.
/// </summary>
internal sealed class BenchApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchApp(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>Where the app listens.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The app's services (for seeding through the app's own stores).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the app in Development with <paramref name="settings"/> and waits until it serves.</summary>
    public static async Task<BenchApp> StartAsync(IReadOnlyDictionary<string, string?> settings, CancellationToken ct)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", Args = [] });
        foreach (var (k, v) in settings) builder.Configuration[k] = v;
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddGovData();
        var app = builder.Build();
        app.UseGovData();
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchApp(app, new Uri(address));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
