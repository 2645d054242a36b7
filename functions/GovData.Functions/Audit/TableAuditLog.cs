using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using GovData.Domain.Audit;
using GovData.Domain.Calendar;
using GovData.Functions.Storage;

namespace GovData.Functions.Audit;

/// <summary>A record of a day's trail with its place in the day's chain (0 for the day's first link).</summary>
public readonly record struct AuditPosition(long Sequence, AuditRecord Record);

/// <summary>
/// The query index of the trail in Azure Tables: one partition per jurisdiction and day holding the day's records in chain
/// order, many records to a row. Rows are derived from the chain (<see cref="ChainedAuditLog"/> writes them after the records
/// are chained): a row names the place of its first and last record in the day's chain (row key <c>b{first}_{last}</c>), so
/// writing rows again for the same records (another instance that read them on, a restart that catches the index up) adds
/// rows that overlap and never loses one; readers take each place once. Records with an operation-derived id also get an id
/// row (partition <c>{jurisdiction}_ids</c>), which is how a repeated write of the same id is found without reading the trail.
/// </summary>
/// <remarks>
/// A row per record made the index the trail's largest cost: every audited request added an entity to one partition per
/// jurisdiction and day, where Azure Tables serves about 2,000 entities a second and Azurite spends most of its time
/// (docs/audit.md, "the index in batch rows"). Queries filter by department, user and owner here instead of in the table:
/// they read the rows' digests of those values first, then only the rows that may match.
/// </remarks>
public sealed class TableAuditLog(TableServiceClient tables)
{
    /// <summary>The longest text a property holds (Azure Tables: 64 KiB of UTF-16).</summary>
    public const int MaxChunkChars = 32_000;

    /// <summary>At most this much record text in one row (Azure Tables: 1 MiB per entity, strings as UTF-16).</summary>
    public const int MaxRowChars = 12 * MaxChunkChars;

    private const int MaxBatchBytes = 3_500_000;
    private const string RowPrefix = "b";
    // Rows of up to ~800 KB: a few to a page, so a query that stops early does not pull a thousand of them.
    private const int RowsPerPage = 8;
    private static readonly string[] DigestColumns = ["PartitionKey", "RowKey", "First", "Count", "Users", "Departments", "Owners"];
    private readonly TableClient _table = tables.GetTableClient(StorageNames.Tables.AuditLog);

    /// <summary>Writes the rows (and id rows for derived ids) of chained records of one day, in batches of up to 100 per partition.</summary>
    public async Task IndexAsync(string jurisdiction, DateOnly day, IReadOnlyList<AuditPosition> records, CancellationToken ct)
    {
        var entities = Rows(jurisdiction, day, records)
            .Concat(records.Where(p => !AuditRecordBounds.IsRandomId(p.Record.Id)).Select(p => IdEntity(jurisdiction, day, p)));
        // A few batches at a time: the index is written in the background, the store serves requests meanwhile.
        await Parallel.ForEachAsync(Batches(entities), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (b, token) => await _table.SubmitTransactionAsync(b.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), token));
    }

    /// <summary>Entity group transactions for <paramref name="entities"/>: one partition each, at most 100 entities and ~3.5 MB of body (Azure: 4 MiB).</summary>
    public static IReadOnlyList<IReadOnlyList<TableEntity>> Batches(IEnumerable<TableEntity> entities)
    {
        var batches = new List<IReadOnlyList<TableEntity>>();
        foreach (var partition in entities.GroupBy(e => e.PartitionKey))
        {
            var batch = new List<TableEntity>();
            var bytes = 0;
            foreach (var e in partition)
            {
                var size = Size(e);
                if (batch.Count == 100 || (batch.Count > 0 && bytes + size > MaxBatchBytes)) { batches.Add(batch); batch = []; bytes = 0; }
                batch.Add(e);
                bytes += size;
            }
            if (batch.Count > 0) batches.Add(batch);
        }
        return batches;
    }

    /// <summary>
    /// The index rows of a day's chained records: consecutive places packed into rows of up to <see cref="MaxRowChars"/>
    /// characters, each record as its canonical JSON on one line, the text cut into properties <c>D00</c>, <c>D01</c>, ...
    /// </summary>
    public static IEnumerable<TableEntity> Rows(string jurisdiction, DateOnly day, IReadOnlyList<AuditPosition> records)
    {
        var text = new StringBuilder();
        var start = 0;
        for (var i = 0; i <= records.Count; i++)
        {
            var line = i < records.Count ? AuditChain.CanonicalJson(records[i].Record) + "\n" : null;
            var gap = i > start && i < records.Count && records[i].Sequence != records[i - 1].Sequence + 1;
            if (i > start && (line is null || gap || text.Length + line.Length > MaxRowChars))
            {
                yield return Row(jurisdiction, day, records, start, i, text.ToString());
                text.Clear();
                start = i;
            }
            text.Append(line);
        }
    }

    private static TableEntity Row(string jurisdiction, DateOnly day, IReadOnlyList<AuditPosition> records, int from, int to, string text)
    {
        var first = records[from].Sequence;
        var last = records[to - 1].Sequence;
        var these = records.Skip(from).Take(to - from).Select(p => p.Record).ToList();
        var e = new TableEntity(PartitionOf(jurisdiction, day), RowKey(first, last))
        {
            ["First"] = first,
            ["Count"] = to - from,
            ["FirstAt"] = these.Min(r => r.At),
            ["LastAt"] = these.Max(r => r.At),
        };
        foreach (var (column, value) in Digests)
            if (Digest(these, value) is { } digest) e[column] = digest;
        var chunk = 0;
        for (var at = 0; at < text.Length; chunk++)
        {
            var length = Math.Min(MaxChunkChars, text.Length - at);
            // Never split a surrogate pair between two properties.
            if (at + length < text.Length && char.IsHighSurrogate(text[at + length - 1])) length--;
            e[$"D{chunk:D2}"] = text.Substring(at, length);
            at += length;
        }
        return e;
    }

    // What a query filters on, each row's distinct values of it, so a filtered query reads only the rows that may match.
    private static readonly (string Column, Func<AuditRecord, string?> Value)[] Digests =
        [("Users", r => r.UserId), ("Departments", r => r.Department), ("Owners", r => r.DataOwner)];

    // The distinct values, one per line; none when they do not fit in a property or a value holds a line break (the row is
    // then read for every query).
    private static string? Digest(IEnumerable<AuditRecord> records, Func<AuditRecord, string?> value)
    {
        var values = records.Select(value).Where(v => !string.IsNullOrEmpty(v)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (values.Any(v => v!.Contains('\n', StringComparison.Ordinal))) return null;
        var text = string.Join('\n', values);
        return text.Length <= MaxChunkChars ? text : null;
    }

    // True when the row may hold a record with this value: its digest names it, or it has no digest.
    private static bool MayHold(TableEntity row, string column, string? value) =>
        value is null || row.GetString(column) is not { } digest || digest.Split('\n').Contains(value, StringComparer.Ordinal);

    /// <summary>The records a row holds, with their places; throws <see cref="InvalidDataException"/> when the row is not one this index writes.</summary>
    public static IReadOnlyList<AuditPosition> RecordsOf(TableEntity row)
    {
        var first = row.GetInt64("First") ?? throw new InvalidDataException($"index row {row.RowKey} has no First");
        var count = row.GetInt32("Count") ?? throw new InvalidDataException($"index row {row.RowKey} has no Count");
        var text = new StringBuilder();
        for (var chunk = 0; row.TryGetValue($"D{chunk:D2}", out var value); chunk++) text.Append(value as string);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length != count || row.RowKey != RowKey(first, first + count - 1))
            throw new InvalidDataException($"index row {row.RowKey} holds {lines.Length} records where its keys say {count}");
        var records = new List<AuditPosition>(count);
        for (var i = 0; i < lines.Length; i++)
        {
            try { records.Add(new AuditPosition(first + i, AuditChain.RecordFromJson(lines[i]))); }
            catch (System.Text.Json.JsonException e) { throw new InvalidDataException($"index row {row.RowKey} has a record that is not readable", e); }
        }
        // A digest that does not match the records would hide them from filtered queries.
        foreach (var (column, value) in Digests)
            if (row.GetString(column) is { } digest && digest != Digest(records.Select(p => p.Record), value))
                throw new InvalidDataException($"index row {row.RowKey} has a {column} digest that does not match its records");
        return records;
    }

    /// <summary>True when a record with this operation-derived id is in the trail (its id row exists).</summary>
    public async Task<bool> HasIdAsync(string jurisdiction, string id, CancellationToken ct)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(IdPartition(jurisdiction), IdRow(id), ["RecordId"], ct);
        return row.HasValue;
    }

    /// <summary>
    /// The ids of the day's indexed records that may have been written at or after <paramref name="since"/>: every row whose
    /// latest record is not older (a record is chained after it is written, so its row's latest instant is at least its own).
    /// </summary>
    public async Task<HashSet<string>> IndexedIdsSinceAsync(string jurisdiction, DateOnly day, DateTimeOffset since, CancellationToken ct)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(jurisdiction, day)} and RowKey ge {RowPrefix} and LastAt ge {since}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, RowsPerPage, cancellationToken: ct))
            foreach (var p in RecordsOf(row)) ids.Add(p.Record.Id);
        return ids;
    }

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
    /// Every index row of the days <paramref name="from"/> to <paramref name="to"/>, by day, as stored (overlapping rows
    /// give a place twice; a row that cannot be read is in <see cref="IndexedDay.Unreadable"/>): one query over the range of
    /// partition keys instead of one per day (Azurite answers each table query by scanning the whole table).
    /// </summary>
    public async Task<Dictionary<DateOnly, IndexedDay>> ReadDaysAsync(string jurisdiction, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var days = new Dictionary<DateOnly, IndexedDay>();
        var prefix = jurisdiction + "_";
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {$"{prefix}{from:yyyyMMdd}"} and PartitionKey le {$"{prefix}{to:yyyyMMdd}"}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, RowsPerPage, cancellationToken: ct))
        {
            // Only this jurisdiction's day partitions: the key range may hold others that sort between them.
            if (e.PartitionKey.Length != prefix.Length + 8 || !e.PartitionKey.StartsWith(prefix, StringComparison.Ordinal)
                || !DateOnly.TryParseExact(e.PartitionKey[prefix.Length..], "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
                continue;
            if (!days.TryGetValue(day, out var indexed)) days[day] = indexed = new IndexedDay([], []);
            try { indexed.Records.AddRange(RecordsOf(e)); }
            catch (InvalidDataException) { indexed.Unreadable.Add(e.RowKey); }
        }
        return days;
    }

    /// <summary>
    /// The records of one jurisdiction between two instants that match the query, day by day in chain order (the order the
    /// trail holds them; within a day near time order, as each is chained within moments of its operation).
    /// </summary>
    public async IAsyncEnumerable<AuditRecord> QueryAsync(AuditQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = 0;
        for (var day = ChinaTime.DateOf(query.From); day <= ChinaTime.DateOf(query.To); day = day.AddDays(1))
        {
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {PartitionOf(query.Jurisdiction, day)} and RowKey ge {RowPrefix} and LastAt ge {query.From} and FirstAt le {query.To}");
            var next = 0L;
            await foreach (var row in RowsAsync(query, filter, cancellationToken))
            {
                foreach (var (sequence, record) in RecordsOf(row))
                {
                    // Rows in key order are in chain order; a place an earlier row held already is the same record again.
                    if (sequence < next) continue;
                    next = sequence + 1;
                    if (!Matches(query, record)) continue;
                    yield return record;
                    if (++count >= query.Limit) yield break;
                }
            }
        }
    }

    // A query by department, user or owner reads the rows' digests first and then only the rows that may match.
    private async IAsyncEnumerable<TableEntity> RowsAsync(AuditQuery query, string filter, [EnumeratorCancellation] CancellationToken ct)
    {
        if (query.Department is null && query.UserId is null && query.DataOwner is null)
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, RowsPerPage, cancellationToken: ct)) yield return row;
            yield break;
        }
        await foreach (var digest in _table.QueryAsync<TableEntity>(filter, select: DigestColumns, cancellationToken: ct))
        {
            if (!MayHold(digest, "Departments", query.Department) || !MayHold(digest, "Users", query.UserId) || !MayHold(digest, "Owners", query.DataOwner)) continue;
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(digest.PartitionKey, digest.RowKey, cancellationToken: ct);
            if (row.HasValue && row.Value is { } full) yield return full;
        }
    }

    private static bool Matches(AuditQuery q, AuditRecord r) =>
        r.At >= q.From && r.At <= q.To
        && (q.Department is null || r.Department == q.Department)
        && (q.UserId is null || r.UserId == q.UserId)
        && (q.DataOwner is null || r.DataOwner == q.DataOwner)
        && (q.ResourcePrefix is null || r.Resource.StartsWith(q.ResourcePrefix, StringComparison.Ordinal));

    private static TableEntity IdEntity(string jurisdiction, DateOnly day, AuditPosition p) => new(IdPartition(jurisdiction), IdRow(p.Record.Id))
    {
        ["RecordId"] = p.Record.Id,
        ["Day"] = $"{day:yyyyMMdd}",
        ["Sequence"] = p.Sequence,
    };

    private static string IdPartition(string jurisdiction) => jurisdiction + "_ids";

    private static string IdRow(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    // What an entity adds to a batch's body (Azure takes at most 4 MiB), counted as the SDK's JSON writer escapes by default:
    // a quote or backslash of the records' own JSON takes 2 bytes, anything beyond ASCII and the HTML-sensitive characters
    // take 6 (\uXXXX), so a row of Chinese text is ~3 times its UTF-16 size on the wire.
    private static int Size(TableEntity e) => 512 + e.Sum(kv => 64 + kv.Key.Length + (kv.Value is string s ? JsonBytes(s) : 0));

    private static int JsonBytes(string s)
    {
        var bytes = 0;
        foreach (var c in s)
            bytes += c is '"' or '\\' ? 2 : c is < ' ' or > '~' or '<' or '>' or '&' or '\'' or '+' or '`' ? 6 : 1;
        return bytes;
    }

    /// <summary>The partition of a jurisdiction's day (its calendar day in China time).</summary>
    public static string PartitionOf(string jurisdiction, DateOnly day) => $"{jurisdiction}_{day:yyyyMMdd}";

    // Fixed width, so key order is chain order; the last place in the key lets rows that start at the same place coexist.
    private static string RowKey(long first, long last) => $"{RowPrefix}{first:D10}_{last:D10}";
}

/// <summary>A day's index as stored: every record of every row with its place, and the keys of rows that could not be read.</summary>
public sealed record IndexedDay(List<AuditPosition> Records, List<string> Unreadable);
