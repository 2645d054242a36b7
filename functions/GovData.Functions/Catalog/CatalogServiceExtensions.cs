using GovData.Functions.Supervision;
using GovData.Functions.Workflow;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GovData.Functions.Catalog;

/// <summary>Registers the catalog feature.</summary>
public static class CatalogServiceExtensions
{
    /// <summary>Adds the catalog's store, services and deadline handlers.</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddSingleton<CatalogStore>();
        services.AddSingleton<CatalogEntries>();
        services.AddSingleton<CatalogDeadlines>();
        services.AddSingleton<CatalogSearches>();
        services.AddSingleton<CatalogSearchIndex>();
        services.AddOptions<CatalogSearchOptions>().BindConfiguration("Catalog:Search");
        services.AddSingleton<CatalogFiles>();
        services.TryAddSingleton<IFindingSink, CosmosFindingSink>();
        services.AddSingleton<IDeadlineHandler>(sp => ActivatorUtilities.CreateInstance<CatalogDeadlineHandler>(sp, CatalogDeadlines.UpdateKind));
        services.AddSingleton<IDeadlineHandler>(sp => ActivatorUtilities.CreateInstance<CatalogDeadlineHandler>(sp, CatalogDeadlines.AnnualKind));
        return services;
    }
}
