using GovData.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GovData.Bench.Audit;

/// <summary>
/// The one place that starts the GovData app for a benchmark: the local Functions host (<see cref="LocalFunctionsHost"/>,
/// what <c>tools/run.sh</c> and the tests run: the HTTP functions on Kestrel, the Durable Task worker on Azurite), in this
/// process, on a free loopback port.
/// </summary>
internal sealed class BenchApp : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchApp(IHost host, Uri baseUrl)
    {
        _host = host;
        BaseUrl = baseUrl;
    }

    /// <summary>Where the app listens.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The app's services (for seeding through the app's own stores).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Starts the app in Development with <paramref name="settings"/> and waits until it serves.</summary>
    /// <param name="settings">Settings over appsettings and the environment.</param>
    /// <param name="ct">Cancels the start.</param>
    /// <param name="configureServices">Registrations applied after the app's own (the bench's reference app replaces its audit log).</param>
    public static async Task<BenchApp> StartAsync(IReadOnlyDictionary<string, string?> settings, CancellationToken ct, Action<IServiceCollection>? configureServices = null)
    {
        var host = LocalFunctionsHost.Create(new LocalHostStart
        {
            Args = ["--urls", "http://127.0.0.1:0"],
            EnvironmentName = "Development",
            Settings = settings,
            ConfigureServices = configureServices,
        });
        await host.StartAsync(ct);
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchApp(host, new Uri(address));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        if (_host is IAsyncDisposable a) await a.DisposeAsync();
        else _host.Dispose();
    }
}
