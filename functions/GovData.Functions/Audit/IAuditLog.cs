using GovData.Domain.Audit;

namespace GovData.Functions.Audit;

/// <summary>The audit port: every state-changing or data-reading operation writes one record through it.</summary>
public interface IAuditLog
{
    /// <summary>Appends a record; throws if it cannot be stored, so the operation does not report success without its trace.</summary>
    Task WriteAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>Reads the records of one jurisdiction between two instants, oldest first.</summary>
    IAsyncEnumerable<AuditRecord> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}

/// <summary>A filter over the audit trail of one jurisdiction.</summary>
public sealed record AuditQuery(string Jurisdiction, DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>Only this department's operations.</summary>
    public string? Department { get; init; }
    /// <summary>Only this user's operations.</summary>
    public string? UserId { get; init; }
    /// <summary>Only operations on data this department produces (<see cref="Domain.Audit.AuditRecord.DataOwner"/>).</summary>
    public string? DataOwner { get; init; }
    /// <summary>Only operations on resources that start with this prefix.</summary>
    public string? ResourcePrefix { get; init; }
    /// <summary>At most this many records.</summary>
    public int Limit { get; init; } = 1000;
}
