using System.Net;
using GovData.Domain;
using GovData.Domain.Calendar;
using GovData.Domain.RuleSets;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.RuleSets;

/// <summary>
/// The jurisdictions' rule sets in force: the built-in ones from the regulations, plus the data authorities' amendments,
/// kept as documents (the body as sent) and replayed in version order. Cached briefly like the calendar.
/// </summary>
public sealed class RuleSetService(Database database, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Reference);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (RuleSetRegistry Registry, DateTimeOffset BuiltAt)? _cached;

    private sealed record AmendmentDocument(string Id, string Jurisdiction, string Type, int Version, string Body, string AmendedBy, DateOnly RecordedOn);

    /// <summary>Every rule set version, built-in and amended.</summary>
    public async Task<RuleSetRegistry> GetRegistryAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } c && time.GetUtcNow() - c.BuiltAt < CacheFor) return c.Registry;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } again && time.GetUtcNow() - again.BuiltAt < CacheFor) return again.Registry;
            var registry = await BuildAsync(cancellationToken);
            _cached = (registry, time.GetUtcNow());
            return registry;
        }
        finally { _gate.Release(); }
    }

    /// <summary>The effective rules of a jurisdiction today (in Beijing time), with where every value comes from.</summary>
    public async Task<EffectiveRuleSet> ResolveAsync(string jurisdiction, CancellationToken cancellationToken) =>
        (await GetRegistryAsync(cancellationToken)).Resolve(jurisdiction, ChinaTime.DateOf(time.GetUtcNow()));

    /// <summary>The jurisdiction's date-of-receipt rule today (deadline.dateOfReceipt); the statutory reading where it has no rule set.</summary>
    public async Task<DateOfReceipt> DateOfReceiptAsync(string jurisdiction, CancellationToken cancellationToken)
    {
        var registry = await GetRegistryAsync(cancellationToken);
        return registry.Contains(jurisdiction)
            ? registry.Resolve(jurisdiction, ChinaTime.DateOf(time.GetUtcNow())).Deadlines.DateOfReceipt.Value
            : DateOfReceipt.Statutory;
    }

    /// <summary>
    /// Parses, validates and records an amendment; returns the new version or the errors. Two amendments based on the
    /// same version race on the version id: one wins, the other gets <see cref="RuleSetConflictException"/>.
    /// </summary>
    public async Task<(RuleSet? Version, IReadOnlyList<ValidationError> Errors)> AmendAsync(string jurisdiction, string body, string amendedBy, CancellationToken cancellationToken)
    {
        var today = ChinaTime.DateOf(time.GetUtcNow());
        var parsed = RuleSetJson.ParseAmendment(body, jurisdiction, amendedBy, today);
        if (parsed.Amendment is null) return (null, parsed.Errors);
        var registry = await BuildAsync(cancellationToken);
        var result = registry.Amend(parsed.Amendment);
        if (!result.Succeeded) return (null, result.Errors);
        var version = result.NewVersion!;
        var doc = new AmendmentDocument($"ruleset-amendment:{jurisdiction}:v{version.Version}", jurisdiction, "ruleset-amendment", version.Version, body, amendedBy, today);
        try
        {
            await _container.CreateItemAsync(doc, new PartitionKey(jurisdiction), cancellationToken: cancellationToken);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            throw new RuleSetConflictException(jurisdiction, version.Version);
        }
        _cached = (result.Registry, time.GetUtcNow());
        return (version, []);
    }

    private async Task<RuleSetRegistry> BuildAsync(CancellationToken cancellationToken)
    {
        var registry = RuleSetRegistry.BuiltIn();
        // Provinces first, so a city's amendment is checked against its province's amended rules.
        foreach (var jurisdiction in registry.Jurisdictions.OrderBy(j => registry.Latest(j).Parent is null ? 0 : 1))
        {
            var docs = await _container.ListAsync<AmendmentDocument>(jurisdiction, "c.type = 'ruleset-amendment'", null, cancellationToken);
            var amendments = docs.OrderBy(d => d.Version)
                .Select(d => RuleSetJson.ParseAmendment(d.Body, jurisdiction, d.AmendedBy, d.RecordedOn).Amendment)
                .OfType<RuleSetAmendment>();
            registry = registry.Replay(amendments);
        }
        return registry;
    }
}

/// <summary>Someone else recorded the same rule set version first.</summary>
public sealed class RuleSetConflictException(string jurisdiction, int version)
    : Exception($"Version {version} of {jurisdiction}'s rule set was recorded by someone else at the same time; read the rules again and amend the new version.");
