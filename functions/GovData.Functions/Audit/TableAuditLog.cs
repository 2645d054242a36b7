using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using GovData.Domain.Audit;
using GovData.Functions.Storage;

namespace GovData.Functions.Audit;

/// <summary>
/// The query index of the trail in Azure Tables: one partition per jurisdiction and day, rows keyed by time, so a day's
/// trail reads in order. Rows are derived from the chain (<see cref="ChainedAuditLog"/> writes them after the records are
/// chained, in batches per partition), so a row exists only for a chained record; writing one again writes the same
/// content. Records with an operation-derived id also get an id row (partition <c>{jurisdiction}_ids</c>), which is how a
/// repeated write of the same id is found without querying the trail.
/// </summary>
public sealed class TableAuditLog(TableServiceClient tables) : IAuditLog
{
    private const int MaxBatchBytes = 3_500_000;
    private readonly TableClient _table = tables.GetTableClient(StorageNames.Tables.AuditLog);

    /// <summary>Indexes one record (the chain does it in batches through <see cref="IndexAsync"/>).</summary>
    public Task WriteAsync(AuditRecord record, CancellationToken cancellationToken) => IndexAsync([record], cancellationToken);

    /// <summary>Writes the index rows (and id rows for derived ids) of chained records, in batches of up to 100 per partition.</summary>
    public async Task IndexAsync(IReadOnlyCollection<AuditRecord> records, CancellationToken ct)
    {
        var entities = records.Select(ToEntity).Concat(records.Where(r => !AuditRecordBounds.IsRandomId(r.Id)).Select(IdEntity));
        var batches = new List<List<TableTransactionAction>>();
        foreach (var partition in entities.GroupBy(e => e.PartitionKey))
        {
            var batch = new List<TableTransactionAction>();
            var bytes = 0;
            foreach (var e in partition)
            {
                var size = Size(e);
                if (batch.Count == 100 || bytes + size > MaxBatchBytes) { batches.Add(batch); batch = []; bytes = 0; }
                batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, e));
                bytes += size;
            }
            if (batch.Count > 0) batches.Add(batch);
        }
        // A few batches at a time: the index is written in the background, the store serves requests meanwhile.
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (b, token) => await _table.SubmitTransactionAsync(b, token));
    }

    /// <summary>True when a record with this operation-derived id is in the trail (its id row exists).</summary>
    public async Task<bool> HasIdAsync(string jurisdiction, string id, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(IdPartition(jurisdiction), IdRow(id), ["RecordId"], ct);
        return row.HasValue;
    }

    /// <summary>True when the record's index row exists (so the record is chained).</summary>
    public async Task<bool> IsIndexedAsync(AuditRecord record, CancellationToken ct) =>
        (await _table.GetEntityIfExistsAsync<TableEntity>(PartitionOf(record.Jurisdiction, record.At), RowOf(record), ["RecordId"], ct)).HasValue;

    /// <summary>How far a day's index is complete (everything before the cursor has its row), or null.</summary>
    public async Task<AuditCursor?> CursorAsync(string jurisdiction, DateOnly day, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(jurisdiction + "_heads", $"{day:yyyyMMdd}", cancellationToken: ct);
        return row.HasValue && row.Value is { } e
            ? new AuditCursor(e.GetInt32("Segment") ?? 0, e.GetInt64("Offset") ?? 0, e.GetInt64("Count") ?? 0, e.GetString("Hash"))
            : null;
    }

    /// <summary>Moves a day's index cursor forward (never back), under the row's ETag.</summary>
    public async Task AdvanceCursorAsync(string jurisdiction, DateOnly day, AuditCursor cursor, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(jurisdiction + "_heads", $"{day:yyyyMMdd}", cancellationToken: ct);
            if (row.HasValue && row.Value is { } current && (current.GetInt64("Count") ?? 0) >= cursor.Count) return;
            var entity = new TableEntity(jurisdiction + "_heads", $"{day:yyyyMMdd}")
            {
                ["Segment"] = cursor.Segment, ["Offset"] = cursor.Offset, ["Count"] = cursor.Count, ["Hash"] = cursor.Hash,
            };
            try
            {
                if (row.HasValue && row.Value is { } existing) await _table.UpdateEntityAsync(entity, existing.ETag, TableUpdateMode.Replace, ct);
                else await _table.AddEntityAsync(entity, ct);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412) { }
        }
    }

    /// <summary>
    /// Every index row of the days <paramref name="from"/> to <paramref name="to"/>, by day, in row order: one query over the
    /// range of partition keys instead of one per day (Azurite answers each table query by scanning the whole table).
    /// </summary>
    public async Task<Dictionary<DateOnly, List<AuditRecord>>> ReadDaysAsync(string jurisdiction, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var days = new Dictionary<DateOnly, List<AuditRecord>>();
        var prefix = jurisdiction + "_";
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {$"{prefix}{from:yyyyMMdd}"} and PartitionKey le {$"{prefix}{to:yyyyMMdd}"}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            // Only this jurisdiction's day partitions: the key range may hold others that sort between them.
            if (e.PartitionKey.Length != prefix.Length + 8 || !e.PartitionKey.StartsWith(prefix, StringComparison.Ordinal)
                || !DateOnly.TryParseExact(e.PartitionKey[prefix.Length..], "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
                continue;
            if (!days.TryGetValue(day, out var list)) days[day] = list = [];
            list.Add(ToRecord(e));
        }
        return days;
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

    /// <summary>The index row of a record.</summary>
    public static TableEntity ToEntity(AuditRecord record) => new(PartitionOf(record.Jurisdiction, record.At), RowOf(record))
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

    /// <summary>A record from its index row.</summary>
    public static AuditRecord ToRecord(TableEntity e) => new()
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

    private static TableEntity IdEntity(AuditRecord r) => new(IdPartition(r.Jurisdiction), IdRow(r.Id))
    {
        ["RecordId"] = r.Id,
        ["Day"] = $"{Day(r.At):yyyyMMdd}",
        ["Row"] = RowOf(r),
    };

    private static string IdPartition(string jurisdiction) => jurisdiction + "_ids";

    private static string IdRow(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private static int Size(TableEntity e) => 512 + e.Select(kv => kv.Value).Sum(v => v is string s ? s.Length * 2 + 64 : 64);

    // The audit day is the jurisdiction's calendar day (UTC+8), so one partition holds one local day.
    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(TimeSpan.FromHours(8)).DateTime);

    private static string PartitionOf(string jurisdiction, DateTimeOffset at) => $"{jurisdiction}_{Day(at):yyyyMMdd}";

    // Ids made of safe characters stay readable in the key (as before); any other id is keyed by its hash.
    private static string RowOf(AuditRecord r) => $"{r.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}_" +
        (r.Id.Length <= 200 && r.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':') ? r.Id : "~" + IdRow(r.Id));
}
