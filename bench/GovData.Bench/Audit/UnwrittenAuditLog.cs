using System.Runtime.CompilerServices;
using GovData.Domain.Audit;
using GovData.Functions.Audit;

namespace GovData.Bench.Audit;

/// <summary>
/// Bench only, never in the app: an audit log that writes nothing, so the benchmark can run the same requests through the
/// same app without the trail and tell the trail's cost apart from the rest of the request (the upper bound any change
/// to the trail could reach).
/// </summary>
internal sealed class UnwrittenAuditLog : IAuditLog
{
    public Task WriteAsync(AuditRecord record, CancellationToken cancellationToken) => Task.CompletedTask;

    public async IAsyncEnumerable<AuditRecord> QueryAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        yield break;
    }
}
