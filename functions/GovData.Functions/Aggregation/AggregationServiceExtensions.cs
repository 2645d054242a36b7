using GovData.Functions.Supervision;
using GovData.Functions.Triggers;
using GovData.Functions.Workflow;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GovData.Functions.Aggregation;

/// <summary>Registers the aggregation feature.</summary>
public static class AggregationServiceExtensions
{
    /// <summary>Adds aggregation's options, stores, services (those the HTTP functions call too), blob-trigger handler, deadline handlers and the default data-grant check.</summary>
    public static IServiceCollection AddAggregation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AggregationOptions>().Bind(configuration.GetSection(AggregationOptions.SectionName));
        services.AddSingleton<AggregationStore>();
        services.AddSingleton<AggregationService>();
        services.AddSingleton<AggregationSubmissions>();
        services.AddSingleton<AggregationEntries>();
        services.AddSingleton<AggregationDeadlines>();
        services.AddSingleton<UploadLinks>();
        services.TryAddSingleton<IFindingSink, CosmosFindingSink>();
        services.AddSingleton<AggregationSweep>();
        services.AddSingleton<IDeadlineHandler, AggregationDeadlineHandler>();
        services.AddSingleton<ErrorFeedbackStore>();
        services.AddSingleton<VersionRemovalStore>();
        services.AddSingleton<ErrorFeedbackService>();
        services.AddSingleton<VersionRemovalService>();
        services.TryAddSingleton<IDataGrants, UnconditionalSharingGrants>();
        services.AddSingleton<IDeadlineHandler, ErrorFeedbackDeadlineHandler>();
        return services;
    }
}
