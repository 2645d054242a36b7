using GovData.Domain.Sharing;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Sharing.AccessExceptions;

/// <summary>An exception to 004 第十三条 as stored: one per department and entry (a new approval replaces the last; the audit trail keeps every one).</summary>
public sealed record AccessExceptionDocument(string Id, string Jurisdiction, string Department, string EntryId, AccessException Exception,
    string Type = AccessExceptionStore.DocumentType);

/// <summary>Exceptions in the <c>sharing</c> container (partition = jurisdiction).</summary>
public sealed class AccessExceptionStore(Database database)
{
    /// <summary>Document kind.</summary>
    public const string DocumentType = "access-exception";

    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Sharing);

    /// <summary>The document id of a department's exception for an entry.</summary>
    public static string IdOf(string department, string entryId) => $"access-exception:{department}:{entryId}";

    /// <summary>Records (or replaces) an exception.</summary>
    public async Task<AccessExceptionDocument> SaveAsync(AccessException e, CancellationToken ct) =>
        (await _container.UpsertItemAsync(new AccessExceptionDocument(IdOf(e.Department, e.EntryId), e.Jurisdiction, e.Department, e.EntryId, e),
            new PartitionKey(e.Jurisdiction), cancellationToken: ct)).Resource;

    /// <summary>The department's exception for the entry, or null.</summary>
    public async Task<AccessException?> FindAsync(string jurisdiction, string department, string entryId, CancellationToken ct) =>
        (await _container.ReadOrNullAsync<AccessExceptionDocument>(IdOf(department, entryId), jurisdiction, ct))?.Exception;

    /// <summary>Every exception of the jurisdiction, or of one department.</summary>
    public async Task<List<AccessException>> ListAsync(string jurisdiction, string? department, CancellationToken ct) =>
        (await _container.ListAsync<AccessExceptionDocument>(jurisdiction, department is null ? $"c.type = '{DocumentType}'" : $"c.type = '{DocumentType}' AND c.department = @d",
            department is null ? null : new Dictionary<string, object?> { ["@d"] = department }, ct)).Select(d => d.Exception).ToList();
}
