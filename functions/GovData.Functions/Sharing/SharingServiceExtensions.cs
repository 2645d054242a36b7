using GovData.Functions.Aggregation;
using GovData.Functions.Supervision;
using GovData.Functions.Workflow;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GovData.Functions.Sharing;

/// <summary>Registers the sharing feature.</summary>
public static class SharingServiceExtensions
{
    /// <summary>Adds the sharing store, services and deadline handlers.</summary>
    public static IServiceCollection AddSharing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Requests.ShareWorkflowOptions>().Bind(configuration.GetSection(Requests.ShareWorkflowOptions.SectionName));
        services.AddSingleton<Requests.ShareOperations>();
        services.AddSingleton<Requests.ShareRequests>();
        services.AddSingleton<ShareStore>();
        services.AddSingleton<Grants.ShareGrants>();
        services.AddSingleton<ShareFollowUp>();
        // Grants replace aggregation's default (Unconditional only) for error reports on shared data.
        services.Replace(ServiceDescriptor.Singleton<IDataGrants, SharingDataGrants>());
        services.TryAddSingleton<IFindingSink, CosmosFindingSink>();
        services.AddSingleton<IDeadlineHandler>(sp => ActivatorUtilities.CreateInstance<ShareDeadlineHandler>(sp, ShareFollowUp.DecisionKind));
        services.AddSingleton<IDeadlineHandler>(sp => ActivatorUtilities.CreateInstance<ShareDeadlineHandler>(sp, ShareFollowUp.DisputeKind));
        services.AddSingleton<IDeadlineHandler>(sp => ActivatorUtilities.CreateInstance<ShareDeadlineHandler>(sp, ShareFollowUp.AvailabilityKind));
        // A new curated version of a requested entry meets the requests' availability deadlines.
        services.AddSingleton<ICuratedVersionObserver, ShareAvailability>();
        return services;
    }
}
