using GovData.Domain.Audit;
using GovData.Functions.Audit;

namespace GovData.Functions.Tests.AuditTrail;

/// <summary>How the index packs a day's records into rows: within the table's limits, in chain order, and back exactly.</summary>
public sealed class AuditIndexRowTests
{
    private static readonly DateOnly Day = new(2026, 11, 20);

    private static AuditPosition At(long sequence, string purpose = "p") => new(sequence, new AuditRecord
    {
        Id = Guid.NewGuid().ToString("N"), Jurisdiction = "350800", At = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero).AddSeconds(-sequence),
        UserId = "u" + sequence, Action = "test.write", Resource = $"test/{sequence}", Purpose = purpose, Outcome = AuditOutcome.Succeeded,
    });

    [Fact]
    public void Records_round_trip_through_rows_that_stay_within_the_table_limits()
    {
        // Long purposes with a surrogate pair at every boundary a naive cut could hit.
        var purpose = string.Concat(Enumerable.Repeat("数据😀", AuditRecordBounds.MaxField / 3))[..(AuditRecordBounds.MaxField - 4)];
        var records = Enumerable.Range(0, 200).Select(i => At(1000 + i, purpose)).ToList();
        var rows = TableAuditLog.Rows("350800", Day, records).ToList();

        Assert.True(rows.Count > 1, "200 records of 8,000 characters need more than one row");
        foreach (var row in rows)
        {
            Assert.Equal("350800_20261120", row.PartitionKey);
            var chunks = row.Where(kv => kv.Key.Length == 3 && kv.Key[0] == 'D' && char.IsAsciiDigit(kv.Key[1])).Select(kv => (string)kv.Value).ToList();
            Assert.All(chunks, c => Assert.InRange(c.Length, 1, TableAuditLog.MaxChunkChars));
            Assert.All(chunks, c => Assert.False(char.IsHighSurrogate(c[^1]), "a property ends inside a surrogate pair"));
            Assert.InRange(chunks.Sum(c => c.Length), 1, TableAuditLog.MaxRowChars + AuditRecordBounds.MaxField);
        }
        var back = rows.SelectMany(TableAuditLog.RecordsOf).ToList();
        Assert.Equal(records.Select(p => p.Sequence), back.Select(p => p.Sequence));
        Assert.Equal(records.Select(p => AuditChain.CanonicalJson(p.Record)), back.Select(p => AuditChain.CanonicalJson(p.Record)));
        // Keys sort in chain order.
        Assert.Equal(rows.Select(r => r.RowKey).Order(StringComparer.Ordinal), rows.Select(r => r.RowKey));
        // Each row spans the instants of its records (the earliest and the latest, whatever their order).
        var first = rows[0];
        var inFirst = TableAuditLog.RecordsOf(first);
        Assert.Equal(inFirst.Min(p => p.Record.At), first.GetDateTimeOffset("FirstAt"));
        Assert.Equal(inFirst.Max(p => p.Record.At), first.GetDateTimeOffset("LastAt"));
    }

    [Fact]
    public void A_row_names_the_users_departments_and_owners_it_holds_and_a_digest_that_does_not_match_is_refused()
    {
        var records = new[] { At(0), At(1), At(2) };
        records[0] = records[0] with { Record = records[0].Record with { Department = "d2", DataOwner = "o1" } };
        records[1] = records[1] with { Record = records[1].Record with { Department = "d1" } };
        var row = TableAuditLog.Rows("350800", Day, records).Single();
        Assert.Equal("u0\nu1\nu2", row.GetString("Users"));
        Assert.Equal("d1\nd2", row.GetString("Departments"));
        Assert.Equal("o1", row.GetString("Owners"));
        Assert.Equal(3, TableAuditLog.RecordsOf(row).Count);

        // Dropping a user from the digest would hide that user's records from a query by user.
        row["Users"] = "u0\nu2";
        Assert.Throws<InvalidDataException>(() => TableAuditLog.RecordsOf(row));
    }

    [Fact]
    public void A_digest_too_long_for_a_property_is_left_out_and_the_row_still_reads()
    {
        var records = Enumerable.Range(0, 700).Select(i => At(i)).Select(p => p with { Record = p.Record with { UserId = $"user-{p.Sequence}-" + new string('x', 60) } }).ToList();
        var row = Assert.Single(TableAuditLog.Rows("350800", Day, records));
        Assert.Null(row.GetString("Users"));
        Assert.NotNull(row.GetString("Departments"));
        Assert.Equal(700, TableAuditLog.RecordsOf(row).Count);

        // A value with a line break cannot be told apart in a digest: none, so the row is read whatever the query.
        var broken = new[] { At(0) with { Record = At(0).Record with { UserId = "two\nlines" } } };
        Assert.Null(Assert.Single(TableAuditLog.Rows("350800", Day, broken)).GetString("Users"));
    }

    [Fact]
    public void Rows_of_chinese_text_go_in_transactions_whose_bodies_stay_under_four_mebibytes()
    {
        // Every field at its bound in Chinese with quotes. The body is counted as System.Text.Json writes it by default, as the
        // Tables SDK does: each Chinese character escaped to six bytes, the records' own quotes escaped again.
        var text = string.Concat(Enumerable.Repeat("共享\"数据\"", AuditRecordBounds.MaxField / 6 + 1))[..AuditRecordBounds.MaxField];
        var records = Enumerable.Range(0, 300).Select(i => At(i, text)).Select(p => p with { Record = p.Record with { DataContent = text, Reason = text } }).ToList();
        var rows = TableAuditLog.Rows("350800", Day, records).ToList();
        var batches = TableAuditLog.Batches(rows);

        Assert.Equal(rows.Count, batches.Sum(b => b.Count));
        foreach (var batch in batches)
        {
            var body = batch.Sum(e => System.Text.Encoding.UTF8.GetByteCount(System.Text.Json.JsonSerializer.Serialize(e.ToDictionary(kv => kv.Key, kv => kv.Value))));
            Assert.InRange(body, 1, 4 * 1024 * 1024 - 100_000);
        }
        // Each row within Azure's 1 MiB per entity, its strings counted as UTF-16.
        Assert.All(rows, r => Assert.InRange(r.Sum(kv => kv.Value is string s ? 2 * s.Length : 8), 1, 1024 * 1024 - 10_000));
    }

    [Fact]
    public void A_gap_in_the_places_starts_a_new_row()
    {
        var rows = TableAuditLog.Rows("350800", Day, [At(0), At(1), At(5), At(6)]).ToList();
        Assert.Equal(["b0000000000_0000000001", "b0000000005_0000000006"], rows.Select(r => r.RowKey));
    }

    [Fact]
    public void A_row_whose_content_disagrees_with_its_keys_is_not_read()
    {
        var row = TableAuditLog.Rows("350800", Day, [At(0), At(1)]).Single();
        row["Count"] = 3;
        Assert.Throws<InvalidDataException>(() => TableAuditLog.RecordsOf(row));
        row["Count"] = 2;
        row["D00"] = ((string)row["D00"]).Replace("{", "[", StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => TableAuditLog.RecordsOf(row));
    }
}
