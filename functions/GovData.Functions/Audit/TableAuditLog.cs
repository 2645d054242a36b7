using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using GovData.Domain.Audit;
using GovData.Functions.Storage;

namespace GovData.Functions.Audit;

/// <summary>
/// An append-only audit store in Azure Tables: one partition per jurisdiction and day, rows keyed by time,
/// so a day's trail reads in order. Records are only ever added (never updated); the hash chain is layered on top.
/// </summary>
public sealed class TableAuditLog(TableServiceClient tables) : IAuditLog
{
    private readonly TableClient _table = tables.GetTableClient(StorageNames.Tables.AuditLog);

    /// <inheritdoc />
    public async Task WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(PartitionOf(record.Jurisdiction, record.At), RowOf(record))
        {
            ["RecordId"] = record.Id,
            ["Jurisdiction"] = record.Jurisdiction,
            ["At"] = record.At,
            ["UserId"] = record.UserId,
            ["Department"] = record.Department,
            ["Roles"] = record.Roles,
            ["Action"] = record.Action,
            ["Resource"] = record.Resource,
            ["DataOwner"] = record.DataOwner,
            ["DataContent"] = record.DataContent,
            ["Purpose"] = record.Purpose,
            ["Approver"] = record.Approver,
            ["Method"] = record.Method,
            ["Medium"] = record.Medium,
            ["Outcome"] = record.Outcome.ToString(),
            ["Reason"] = record.Reason,
            ["RequestId"] = record.RequestId,
        };
        // AddEntity, never Upsert: an existing row is never overwritten.
        await _table.AddEntityAsync(entity, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditRecord> QueryAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = 0;
        for (var day = Day(query.From); day <= Day(query.To); day = day.AddDays(1))
        {
            var pk = $"{query.Jurisdiction}_{day:yyyyMMdd}";
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and At ge {query.From} and At le {query.To}");
            if (query.Department is not null) filter += " and " + TableClient.CreateQueryFilter($"Department eq {query.Department}");
            if (query.UserId is not null) filter += " and " + TableClient.CreateQueryFilter($"UserId eq {query.UserId}");
            if (query.DataOwner is not null) filter += " and " + TableClient.CreateQueryFilter($"DataOwner eq {query.DataOwner}");
            await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                var record = ToRecord(e);
                if (query.ResourcePrefix is not null && !record.Resource.StartsWith(query.ResourcePrefix, StringComparison.Ordinal)) continue;
                yield return record;
                if (++count >= query.Limit) yield break;
            }
        }
    }

    private static AuditRecord ToRecord(TableEntity e) => new()
    {
        Id = e.GetString("RecordId"),
        Jurisdiction = e.GetString("Jurisdiction"),
        At = e.GetDateTimeOffset("At")!.Value,
        UserId = e.GetString("UserId"),
        Department = e.GetString("Department"),
        Roles = e.GetString("Roles"),
        Action = e.GetString("Action"),
        Resource = e.GetString("Resource"),
        DataOwner = e.GetString("DataOwner"),
        DataContent = e.GetString("DataContent"),
        Purpose = e.GetString("Purpose"),
        Approver = e.GetString("Approver"),
        Method = e.GetString("Method"),
        Medium = e.GetString("Medium"),
        Outcome = Enum.Parse<AuditOutcome>(e.GetString("Outcome")),
        Reason = e.GetString("Reason"),
        RequestId = e.GetString("RequestId"),
    };

    // The audit day is the jurisdiction's calendar day (UTC+8), so one partition holds one local day.
    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(TimeSpan.FromHours(8)).DateTime);

    private static string PartitionOf(string jurisdiction, DateTimeOffset at) => $"{jurisdiction}_{Day(at):yyyyMMdd}";

    private static string RowOf(AuditRecord r) => $"{r.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}_{r.Id}";
}
