using System.Net;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Reference;

/// <summary>Jurisdictions and their registered units, kept in the <c>reference</c> container (one partition per jurisdiction).</summary>
public sealed class ReferenceStore(Database database)
{
    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Reference);

    private sealed record JurisdictionDocument(string Id, string Jurisdiction, string Type, string Name, string? Parent);
    private sealed record DepartmentDocument(string Id, string Jurisdiction, string Type, string Code, string Name, UnitKind Kind);

    /// <summary>Creates or replaces a jurisdiction.</summary>
    public Task UpsertAsync(Jurisdiction j, CancellationToken ct) =>
        _container.UpsertItemAsync(new JurisdictionDocument("jurisdiction", j.Code, "jurisdiction", j.Name, j.Parent), new PartitionKey(j.Code), cancellationToken: ct);

    /// <summary>Creates or replaces a unit.</summary>
    public Task UpsertAsync(Department d, CancellationToken ct) =>
        _container.UpsertItemAsync(ToDocument(d), new PartitionKey(d.Jurisdiction), cancellationToken: ct);

    /// <summary>Registers a new unit; false when the code is already registered.</summary>
    public async Task<bool> TryCreateAsync(Department d, CancellationToken ct)
    {
        try
        {
            await _container.CreateItemAsync(ToDocument(d), new PartitionKey(d.Jurisdiction), cancellationToken: ct);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict) { return false; }
    }

    /// <summary>The jurisdiction, or null when it is not set up.</summary>
    public async Task<Jurisdiction?> FindJurisdictionAsync(string code, CancellationToken ct)
    {
        try
        {
            var doc = (await _container.ReadItemAsync<JurisdictionDocument>("jurisdiction", new PartitionKey(code), cancellationToken: ct)).Resource;
            return new Jurisdiction(doc.Jurisdiction, doc.Name, doc.Parent);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>One unit by its code, or null.</summary>
    public async Task<Department?> FindDepartmentAsync(string jurisdiction, string code, CancellationToken ct)
    {
        try
        {
            var doc = (await _container.ReadItemAsync<DepartmentDocument>("department:" + code, new PartitionKey(jurisdiction), cancellationToken: ct)).Resource;
            return new Department(doc.Code, doc.Name, doc.Jurisdiction, doc.Kind);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>Every unit of a jurisdiction.</summary>
    public async Task<IReadOnlyList<Department>> ListDepartmentsAsync(string jurisdiction, CancellationToken ct)
    {
        var list = (await _container.ListAsync<DepartmentDocument>(jurisdiction, "c.type = @type", new Dictionary<string, object?> { ["@type"] = "department" }, ct))
            .Select(d => new Department(d.Code, d.Name, d.Jurisdiction, d.Kind)).ToList();
        return list.OrderBy(d => d.Code, StringComparer.Ordinal).ToList();
    }

    private static DepartmentDocument ToDocument(Department d) => new("department:" + d.Code, d.Jurisdiction, "department", d.Code, d.Name, d.Kind);
}
