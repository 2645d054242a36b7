namespace GovData.Functions.Audit;

/// <summary>
/// The audit trail's HTTP-facing services: <see cref="AuditTrailOperations"/> (served by <see cref="AuditTrailFunctions"/>),
/// and the usage report subscriptions (<see cref="UsageReportOperations"/>, served by <see cref="UsageReportFunctions"/>, and the
/// daily timer that writes the reports).
/// </summary>
public static class AuditServiceExtensions
{
    /// <summary>Adds the trail's operations.</summary>
    public static IServiceCollection AddAuditTrailOperations(this IServiceCollection services) => services.AddSingleton<AuditTrailOperations>();

    /// <summary>Adds the subscription and report store, its operations and the daily timer.</summary>
    public static IServiceCollection AddUsageReports(this IServiceCollection services)
    {
        services.AddSingleton<UsageReports>();
        services.AddSingleton<UsageReportTimer>();
        services.AddSingleton<UsageReportOperations>();
        return services;
    }
}
