using GovData.Functions.Aggregation;
using GovData.Functions.Sharing.Callbacks;
using GovData.Functions.Triggers;

namespace GovData.Functions.Sharing.ChangeNotices;

/// <summary>Registers change notices and callbacks.</summary>
public static class ChangeNoticeServiceExtensions
{
    /// <summary>Adds callback registration, the change notice fan-out, the delivery function and the new-version hook.</summary>
    public static IServiceCollection AddChangeNotices(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<CallbackOptions>().Bind(configuration.GetSection(CallbackOptions.SectionName))
            .Validate(o => o.AllowLoopback != true || environment.IsDevelopment(), "Callbacks:AllowLoopback may be true only in Development")
            .Validate(o => o.MaxAttempts is >= 1 and <= 20 && o.RetryBaseDelay > TimeSpan.Zero && o.MaxRetryDelay <= TimeSpan.FromDays(7) && o.Timeout > TimeSpan.Zero,
                "Callbacks: MaxAttempts 1-20, RetryBaseDelay positive, MaxRetryDelay at most 7 days, Timeout positive")
            .ValidateOnStart();
        services.AddSingleton<IHostAddressResolver, DnsHostAddressResolver>();
        services.AddSingleton<CallbackTargetGuard>();
        services.AddSingleton<CallbackStore>();
        services.AddSingleton<CallbackRegistry>();
        services.AddSingleton<ChangeNoticeOperations>();
        services.AddSingleton<ChangeNoticeStore>();
        services.AddSingleton<ChangeNoticeService>();
        services.AddSingleton<CallbackSender>();
        services.AddSingleton<ICuratedVersionObserver, NewVersionNotices>();
        services.AddSingleton<ChangeNoticeDelivery>();
        services.AddHttpClient(CallbackSender.ClientName, (sp, c) => c.Timeout = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<CallbackOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<CallbackTargetGuard>().ConnectAsync,
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                // Short-lived connections: each new one goes through the address check again.
                PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            });
        return services;
    }
}
