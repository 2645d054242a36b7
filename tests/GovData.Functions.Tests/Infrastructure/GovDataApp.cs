using System.Net.Http.Headers;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GovData.Functions.Tests.Infrastructure;

/// <summary>
/// The real app, through the real ASP.NET Core pipeline, against the shared emulators, with its own
/// Cosmos database and a clock the test controls.
/// </summary>
public class GovDataApp : WebApplicationFactory<Program>
{
    /// <summary>10:00 on Tuesday 2026-11-24 in Beijing, unless a test moves it.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(8));

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

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        var settings = new Dictionary<string, string?>
        {
            ["Functions:LocalTriggers"] = "false",
            ["Seed:Demo"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            // Tests make thousands of calls as one user; the limits themselves are tested with their own settings.
            ["RateLimits:PerUser"] = "1000000",
            ["RateLimits:PerAnonymousClient"] = "1000000",
        };
        foreach (var (k, v) in Emulators.Instance.Configuration(Database)) settings[k] = v;
        foreach (var (k, v) in Settings) settings[k] = v;
        // UseSetting (not ConfigureAppConfiguration) so Program sees the values while it composes services.
        foreach (var (k, v) in settings) builder.UseSetting(k, v);
        builder.ConfigureLogging(l => l.AddProvider(Logs));
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Time);
            ExtraServices?.Invoke(s);
        });
    }

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
}
