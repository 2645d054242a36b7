namespace GovData.Functions.Sharing;

/// <summary>Registers the data calls of sharing.</summary>
public static class SharingDataServiceExtensions
{
    /// <summary>Adds the options, the token signer, the curated-data reader, the gate and the service of the data calls.</summary>
    public static IServiceCollection AddSharingData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SharingDataOptions>().Bind(configuration.GetSection(SharingDataOptions.SectionName));
        services.AddSingleton<SignedTokens>();
        services.AddSingleton<CuratedData>();
        services.AddSingleton<SharingDataGate>();
        services.AddSingleton<SharingDataService>();
        services.AddSingleton<AccessExceptions.AccessExceptionStore>();
        services.AddSingleton<AccessExceptions.AccessExceptionService>();
        return services;
    }
}
