using GovData.Domain.Jurisdictions;
using GovData.Functions.Storage;

namespace GovData.Functions.Reference;

/// <summary>Options for seeding demo data on local runs; section <c>Seed</c>.</summary>
public sealed class SeedOptions
{
    /// <summary>Seed the demo jurisdiction (Longyan) at start-up.</summary>
    public bool Demo { get; set; }
}

/// <summary>Writes the demo jurisdiction and its units at start-up so a new user can try the API at once; idempotent.</summary>
internal sealed class DemoSeeder(ReferenceStore store, StorageProvisioner provisioner, Microsoft.Extensions.Options.IOptions<SeedOptions> options, ILogger<DemoSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Demo) return;
        await provisioner.EnsureAsync(cancellationToken);
        await store.UpsertAsync(DemoJurisdiction.Fujian, cancellationToken);
        await store.UpsertAsync(DemoJurisdiction.Longyan, cancellationToken);
        foreach (var unit in DemoJurisdiction.Units) await store.UpsertAsync(unit, cancellationToken);
        logger.LogInformation("Demo jurisdiction {Code} {Name} seeded with {Count} units", DemoJurisdiction.Longyan.Code, DemoJurisdiction.Longyan.Name, DemoJurisdiction.Units.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
