using GovData.Functions.Hosting;
using GovData.LocalHost.Durable;

namespace GovData.LocalHost;

/// <summary>What a local host is started with: arguments, environment, settings, and services that replace the app's (tests).</summary>
public sealed record LocalHostStart
{
    /// <summary>Command-line arguments (for example <c>--urls</c>).</summary>
    public string[] Args { get; init; } = [];
    /// <summary>The hosting environment; the ASPNETCORE_ENVIRONMENT / DOTNET_ENVIRONMENT variables when null.</summary>
    public string? EnvironmentName { get; init; }
    /// <summary>Settings applied over appsettings and the environment.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
    /// <summary>Registrations applied after the app's own.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
    /// <summary>Logging set-up applied after the defaults.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
}

/// <summary>
/// Hosts GovData.Functions without the Functions host, shaped like the worker's own ASP.NET Core integration (a generic host
/// with a web host that routes to the functions and nothing else): the app's service composition
/// (<see cref="GovDataApplication.AddGovData"/>), the HTTP functions on Kestrel and the trigger runner, all read from the
/// build's functions.metadata.
/// </summary>
public static class LocalFunctionsHost
{
    /// <summary>Builds the host; every function's declaration is checked first.</summary>
    public static IHost Create(LocalHostStart start)
    {
        var builder = Host.CreateDefaultBuilder(start.Args)
            // No file watchers on appsettings: a test run starts hundreds of hosts, and the OS limits inotify instances.
            .ConfigureHostConfiguration(c => c.AddInMemoryCollection([new("hostBuilder:reloadConfigOnChange", "false")]))
            // appsettings*.json and functions.metadata are copied beside this program from GovData.Functions.
            .UseContentRoot(AppContext.BaseDirectory)
            .ConfigureAppConfiguration(c => c.AddInMemoryCollection(start.Settings))
            .ConfigureLogging(l => start.ConfigureLogging?.Invoke(l))
            .ConfigureServices((context, services) =>
            {
                services.AddGovData(context.Configuration, context.HostingEnvironment);
                services.AddOptions<LocalHostOptions>().Bind(context.Configuration.GetSection(LocalHostOptions.SectionName));
                services.AddSingleton(sp => FunctionCatalog.Load(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<LocalHostOptions>>().Value.MetadataRoot));
                services.AddSingleton<FunctionInvoker>();
                services.AddOptions<DurableHostOptions>().Bind(context.Configuration.GetSection(DurableHostOptions.SectionName));
                services.AddSingleton<DurableTaskHost>();
                services.AddHostedService(sp => sp.GetRequiredService<DurableTaskHost>());
                services.AddSingleton<IParameterBinder, DurableClientBinder>();
                services.AddSingleton<TriggerRunner>();
                services.AddHostedService(sp => sp.GetRequiredService<TriggerRunner>());
                var local = context.Configuration.GetSection(LocalHostOptions.SectionName).Get<LocalHostOptions>() ?? new LocalHostOptions();
                if (local.ClockStart is { } clockStart) services.AddSingleton<TimeProvider>(new OffsetTimeProvider(clockStart));
                if (local.CrashAt is not null) services.AddSingleton<GovData.Functions.Hosting.ICrashPoints, KillingCrashPoints>();
                start.ConfigureServices?.Invoke(services);
            })
            .ConfigureWebHostDefaults(web => web.Configure(app =>
            {
                var catalog = app.ApplicationServices.GetRequiredService<FunctionCatalog>();
                var invoker = app.ApplicationServices.GetRequiredService<FunctionInvoker>();
                foreach (var function in catalog.Functions) invoker.Validate(function);
                var portal = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<LocalHostOptions>>().Value.PortalRoot;
                if (PortalFiles.IsPortal(portal)) app.UsePortalFiles(portal!);
                app.UseRouting();
                app.UseEndpoints(endpoints =>
                {
                    endpoints.MapHttpFunctions(catalog);
                    if (PortalFiles.IsPortal(portal)) endpoints.MapPortalFallback(portal!);
                });
            }));
        if (start.EnvironmentName is not null) builder.UseEnvironment(start.EnvironmentName);
        return builder.Build();
    }
}
