using GovData.Functions.Triggers;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GovData.Functions.Supervision;

/// <summary>Registers and maps the supervision feature: findings, scorecards, rankings and evaluation reports.</summary>
public static class SupervisionServiceExtensions
{
    /// <summary>Adds the stores, services and the two trigger handlers.</summary>
    public static IServiceCollection AddSupervision(this IServiceCollection services)
    {
        services.AddSingleton<FindingStore>();
        services.AddSingleton<FindingService>();
        services.AddSingleton<ScorecardStore>();
        services.AddSingleton<SupervisionAccess>();
        services.AddSingleton<CatalogBaselineStore>();
        services.AddSingleton<EvaluationReports>();
        services.TryAddSingleton<IFindingSink, CosmosFindingSink>();
        services.AddSingleton<SupervisionEventReceived>();
        services.AddSingleton<SupervisionReportTimer>();
        return services;
    }

    /// <summary>Maps /api/supervision.</summary>
    public static IEndpointRouteBuilder MapSupervision(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/supervision").WithTags("Supervision");
        FindingEndpoints.Map(group);
        ScorecardEndpoints.Map(group);
        ReportEndpoints.Map(group);
        BaselineEndpoints.Map(group);
        return app;
    }
}
