using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GovData.Functions.Supervision;

/// <summary>Registers the supervision feature: findings, scorecards, rankings and evaluation reports.</summary>
public static class SupervisionServiceExtensions
{
    /// <summary>Adds the stores, the services behind the HTTP functions and the two trigger handlers.</summary>
    public static IServiceCollection AddSupervision(this IServiceCollection services)
    {
        services.AddSingleton<FindingStore>();
        services.AddSingleton<FindingService>();
        services.AddSingleton<ScorecardStore>();
        services.AddSingleton<ScorecardService>();
        services.AddSingleton<RankingService>();
        services.AddSingleton<SupervisionAccess>();
        services.AddSingleton<CatalogBaselineStore>();
        services.AddSingleton<BaselineService>();
        services.AddSingleton<EvaluationReports>();
        services.AddSingleton<EvaluationReportService>();
        services.TryAddSingleton<IFindingSink, CosmosFindingSink>();
        services.AddSingleton<SupervisionEventReceived>();
        services.AddSingleton<SupervisionReportTimer>();
        return services;
    }
}
