using GovData.Functions.Supervision;
using GovData.Functions.Triggers;
using GovData.Functions.Workflow;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GovData.Functions.Opening;

/// <summary>Registers the open-data feature.</summary>
public static class OpeningServiceExtensions
{
    /// <summary>Adds the options, store, services, publish job and deadline handlers of open data.</summary>
    public static IServiceCollection AddOpening(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OpeningOptions>().Bind(configuration.GetSection(OpeningOptions.SectionName))
            .Validate(o => string.IsNullOrWhiteSpace(o.PseudonymSecret) || o.SecretBytes() is not null,
                "Opening:PseudonymSecret must be base64 of at least 32 bytes (or unset, which refuses keyed-hash plans)")
            .ValidateOnStart();
        services.AddSingleton<OpeningStore>();
        services.AddSingleton<PublishingService>();
        services.AddSingleton<OpenPortal>();
        services.AddSingleton<OpenApplicationService>();
        services.AddSingleton<OpenDemandService>();
        services.AddSingleton<OpeningDeadlines>();
        services.TryAddSingleton<IFindingSink, CosmosFindingSink>();
        services.AddSingleton<PublishJob>();
        services.AddSingleton<IDeadlineHandler>(sp => ActivatorUtilities.CreateInstance<OpeningDeadlineHandler>(sp, OpeningDeadlines.ApplicationKind));
        services.AddSingleton<IDeadlineHandler>(sp => ActivatorUtilities.CreateInstance<OpeningDeadlineHandler>(sp, OpeningDeadlines.DemandKind));
        return services;
    }
}
