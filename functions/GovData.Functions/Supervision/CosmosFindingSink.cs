using System.Net;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Supervision;

/// <summary>Stores findings in the <c>supervision</c> container as open findings; the id makes raising twice idempotent.</summary>
public sealed class CosmosFindingSink(Database database, TimeProvider time) : IFindingSink
{
    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Supervision);

    private sealed record FindingDocument(string Id, string Jurisdiction, string Type, string State, string Department, string Rule, string Citation,
        string Subject, DateTimeOffset DueAt, DateTimeOffset? ActualAt, string Description, DateTimeOffset RaisedAt);

    /// <inheritdoc />
    public async Task RaiseAsync(Finding finding, CancellationToken ct)
    {
        var doc = new FindingDocument(finding.Id, finding.Jurisdiction, "finding", "Open", finding.Department, finding.Rule, finding.Citation,
            finding.Subject, finding.DueAt, finding.ActualAt, finding.Description, time.GetUtcNow());
        try
        {
            await _container.CreateItemAsync(doc, new PartitionKey(finding.Jurisdiction), cancellationToken: ct);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict) { /* already raised */ }
    }
}
