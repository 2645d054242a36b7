using GovData.Domain.Audit;

namespace GovData.Functions.Audit;

/// <summary>The audit port: every state-changing or data-reading operation writes one record through it.</summary>
public interface IAuditLog
{
    /// <summary>
    /// Stores a record durably before it returns; throws if it cannot be stored, so the operation does not report success
    /// without its trace (the caller answers 503).
    /// <para>
    /// Idempotent by <see cref="AuditRecord.Id"/>: writing a record whose id is already in the trail stores nothing new (no
    /// second chain link, no second index row) and succeeds, whatever the rest of the record says, also when the two writes
    /// run at once or on two instances. Derive the id from the operation when it may run more than once (a retried request,
    /// an activity or handler run at least once) with <see cref="AuditRecordBounds.OperationId"/>: such ids are looked up
    /// in the trail's id rows, whenever the first write was. Ids of 32 lowercase hex digits are taken for random ids
    /// (<see cref="AuditRecordBounds.NewId"/>, what <c>AuditFor</c> mints) and are only matched against the records this
    /// instance chained recently, so never derive an id in that form.
    /// </para>
    /// <para>Text fields longer than <see cref="AuditRecordBounds.MaxField"/> characters are cut (with their length and a hash); endpoints refuse such input first.</para>
    /// </summary>
    Task WriteAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the records of one jurisdiction between two instants, day by day in the order the trail holds them (within a
    /// day, near time order: each record is chained within moments of its operation); every record written before the call is seen.
    /// </summary>
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
