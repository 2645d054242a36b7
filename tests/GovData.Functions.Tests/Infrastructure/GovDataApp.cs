using System.Net.Http.Headers;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Identity;
using GovData.Functions.Workflow;
using GovData.LocalHost;
using GovData.LocalHost.Durable;
using Microsoft.DurableTask.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GovData.Functions.Tests.Infrastructure;

/// <summary>
/// The real app on the local Functions host, served by Kestrel on a free loopback port, against the shared emulators, with its
/// own Cosmos database and a clock the test controls. It starts on first use (so tests can set its properties first) and
/// stops when disposed.
/// </summary>
public class GovDataApp : IDisposable, IAsyncDisposable
{
    /// <summary>10:00 on Tuesday 2026-11-24 in Beijing, unless a test moves it.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(8));

    private readonly Lazy<IHost> _host;
    private Uri? _address;

    /// <summary>An app that starts on first use.</summary>
    public GovDataApp() => _host = new Lazy<IHost>(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The app's clock.</summary>
    public FakeTimeProvider Time { get; } = new(DefaultNow);

    /// <summary>This app's own Cosmos database, so tests do not see each other's documents (a restarted instance is given its predecessor's).</summary>
    public string Database { get; init; } = "govdata-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The hosting environment (Development unless a test says otherwise).</summary>
    public string EnvironmentName { get; init; } = "Development";

    /// <summary>The warnings and errors the app logged.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>Extra settings, applied last.</summary>
    public Dictionary<string, string?> Settings { get; init; } = new();

    /// <summary>Extra service registrations, applied last.</summary>
    public Action<IServiceCollection>? ExtraServices { get; init; }

    /// <summary>The app's services (starts the app).</summary>
    public IServiceProvider Services => _host.Value.Services;

    /// <summary>Where Kestrel listens (starts the app).</summary>
    public Uri Address
    {
        get
        {
            _ = _host.Value;
            return _address!;
        }
    }

    /// <summary>This app's Durable task hub (its queues, tables and leases in Azurite).</summary>
    public string TaskHub => ("gd" + new string(Database.Where(char.IsAsciiLetterOrDigit).ToArray()))[..Math.Min(45, 2 + Database.Count(char.IsAsciiLetterOrDigit))];

    /// <summary>The task hub's client, as <c>[DurableClient]</c> parameters get it.</summary>
    public DurableTaskClient DurableClient => Services.GetRequiredService<DurableTaskHost>().Client;

    /// <summary>Runs <paramref name="work"/> with the task hub's client current, as a function with <c>[DurableClient]</c> would.</summary>
    public async Task<T> WithDurableClientAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var _ = Services.GetRequiredService<DurableClients>().Use(DurableClient);
        return await work(Services);
    }

    /// <summary>The deadline <paramref name="id"/> as its orchestration reports it.</summary>
    public Task<DeadlineTimer?> DeadlineAsync(string jurisdiction, string id) =>
        WithDurableClientAsync(s => s.GetRequiredService<StatutoryDeadlines>().FindAsync(jurisdiction, id, CancellationToken.None));

    /// <summary>Waits until deadline <paramref name="id"/> reports <paramref name="state"/> (its orchestration takes events asynchronously).</summary>
    public Task<DeadlineTimer> DeadlineInStateAsync(string jurisdiction, string id, TimerState state) =>
        Eventually.ValueAsync(async () => await DeadlineAsync(jurisdiction, id) is { } t && t.State == state ? t : null);

    /// <summary>Moves the app's clock to <paramref name="to"/> and lets every deadline that came due by then fire, as on a running system.</summary>
    public async Task<int> MoveClockAsync(DateTimeOffset to)
    {
        Time.SetUtcNow(to);
        return await SettleDeadlinesAsync();
    }

    /// <summary>
    /// Has every pending deadline recompute its timers from the app's clock as it reads now (the path a calendar load takes),
    /// then waits until each has taken that request and nothing of it is due any more: every reminder and due time the clock
    /// has passed has fired. Returns how many deadlines were pending.
    /// </summary>
    public async Task<int> SettleDeadlinesAsync(TimeSpan? timeout = null)
    {
        var (ticket, count) = await WithDurableClientAsync(s => s.GetRequiredService<StatutoryDeadlines>().RecomputeAsync(CancellationToken.None));
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        var followUp = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (true)
        {
            // As the deadlines function follows up: an instance whose start the engine had deferred dropped the event.
            if (DateTime.UtcNow > followUp)
            {
                await WithDurableClientAsync(s => s.GetRequiredService<StatutoryDeadlines>().RecomputeBehindAsync(ticket, CancellationToken.None));
                followUp = DateTime.UtcNow + TimeSpan.FromSeconds(3);
            }
            var pending = await WithDurableClientAsync(s => s.GetRequiredService<StatutoryDeadlines>().PendingAsync(null, CancellationToken.None));
            var unsettled = pending.Where(t => t.Ticket < ticket || t.NextEngineFire <= DateTimeOffset.UtcNow).ToList();
            if (unsettled.Count == 0) return count;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"deadlines still unsettled after {timeout ?? TimeSpan.FromSeconds(60)}: {string.Join(", ", unsettled.Select(t => $"{t.Id} (ticket {t.Ticket}, next {t.NextEngineFire:O})"))}");
            await Task.Delay(100);
        }
    }

    /// <summary>The local host's trigger runner, to invoke queue, timer and blob functions as the host would.</summary>
    public TriggerRunner Triggers => Services.GetRequiredService<TriggerRunner>();

    private IHost Start()
    {
        var settings = new Dictionary<string, string?>
        {
            // Tests invoke queue, timer and blob functions themselves, step by step.
            ["LocalHost:Triggers"] = "false",
            ["Seed:Demo"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            // Tests make thousands of calls as one user; the limits themselves are tested with their own settings.
            ["RateLimits:PerUser"] = "1000000",
            ["RateLimits:PerAnonymousClient"] = "1000000",
        };
        foreach (var (k, v) in Emulators.Instance.Configuration(Database)) settings[k] = v;
        // A task hub per app, named after its database, so a restarted app (same database) resumes its orchestrations.
        settings["LocalHost:Durable:TaskHub"] = TaskHub;
        settings["LocalHost:Durable:MaxQueuePollingInterval"] = "00:00:00.500";
        // After a simulated crash the restarted app runs the dead attempt's work item again this soon.
        settings["LocalHost:Durable:VisibilityTimeout"] = "00:00:10";
        settings["LocalHost:Durable:StopTimeout"] = "00:00:02";
        foreach (var (k, v) in Settings) settings[k] = v;
        var host = LocalFunctionsHost.Create(new LocalHostStart
        {
            Args = ["--urls", "http://127.0.0.1:0"],
            EnvironmentName = EnvironmentName,
            Settings = settings,
            ConfigureLogging = l => l.AddProvider(Logs),
            ConfigureServices = s =>
            {
                s.AddSingleton<TimeProvider>(Time);
                ExtraServices?.Invoke(s);
            },
        });
        host.Start();
        var addresses = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        _address = new Uri(addresses.First());
        return host;
    }

    /// <summary>An HTTP client for the app (no token).</summary>
    public HttpClient CreateClient() => new() { BaseAddress = Address };

    /// <summary>A dev token for a user of <paramref name="unit"/> with <paramref name="roles"/>.</summary>
    public string TokenFor(Department unit, params Role[] roles) => TokenFor("user-" + unit.Code[^4..] + "-" + string.Join("-", roles), unit.Code, unit.Jurisdiction, roles);

    /// <summary>A dev token with explicit claims.</summary>
    public string TokenFor(string user, string department, string jurisdiction, params Role[] roles)
    {
        var issuer = new DevTokenIssuer(Services.GetRequiredService<IOptions<AuthOptions>>(), Time);
        return issuer.Issue(new DevTokenRequest { UserId = user, Department = department, Jurisdiction = jurisdiction, Roles = roles }).AccessToken;
    }

    /// <summary>An HTTP client that sends a token for <paramref name="unit"/> with <paramref name="roles"/>.</summary>
    public HttpClient ClientFor(Department unit, params Role[] roles)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(unit, roles));
        return client;
    }

    /// <summary>A client for the demo data authority.</summary>
    public HttpClient DataAuthority() => ClientFor(DemoJurisdiction.DataAuthority, Role.DataAuthority);

    /// <summary>Stops the app if it started.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_host.IsValueCreated) return;
        var host = _host.Value;
        try { await host.StopAsync(TimeSpan.FromSeconds(10)); }
        finally
        {
            if (host is IAsyncDisposable a) await a.DisposeAsync();
            else host.Dispose();
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the app if it started.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
