using GovData.Domain.Audit;

namespace GovData.Functions.Audit;

/// <summary>
/// Looks in the trail for the record of an operation a retried attempt may already have written, so a retry after a crash
/// writes it once: the trail is append-only and hash-chained, so a second record could never be taken back.
/// </summary>
public static class AuditOnce
{
    /// <summary>
    /// True when a record of <paramref name="resource"/> written since <paramref name="since"/> matches <paramref name="match"/>.
    /// One range query over the jurisdiction's day partitions; meant for retry paths, not every request.
    /// </summary>
    public static async Task<bool> HasAsync(this IAuditLog log, string jurisdiction, string resource, DateTimeOffset since, DateTimeOffset until,
        Func<AuditRecord, bool> match, CancellationToken ct)
    {
        var query = new AuditQuery(jurisdiction, since.AddSeconds(-1), until.AddSeconds(1)) { ResourcePrefix = resource, Limit = 100_000 };
        await foreach (var r in log.QueryAsync(query, ct))
            if (r.Resource == resource && match(r)) return true;
        return false;
    }
}
