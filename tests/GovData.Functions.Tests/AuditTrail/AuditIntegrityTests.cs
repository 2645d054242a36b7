using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Audit;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.AuditTrail;

/// <summary>
/// Issue 15: what the chain alone did not catch (re-chaining, a dropped last record, a forged record at the end, an emptied
/// day, an edited index row) is caught by the signed checkpoints and the index comparison; an exported trail verifies
/// offline; and a record id written twice (in a row, at once, on two instances) is stored once.
/// </summary>
public sealed class AuditIntegrityTests : IClassFixture<GovDataApp>
{
    private readonly GovDataApp _app;

    public AuditIntegrityTests(GovDataApp app) => _app = app;

    private static readonly DateTimeOffset Day1 = new(2026, 11, 20, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateOnly Day = new(2026, 11, 20);

    private static string NewJurisdiction() => "8" + Random.Shared.Next(10000, 99999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private HttpClient AuditorOf(string jurisdiction)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            _app.TokenFor("auditor-1", DemoJurisdiction.DataAuthority.Code, jurisdiction, Role.Auditor));
        return client;
    }

    private ChainedAuditLog Chain => _app.Services.GetRequiredService<ChainedAuditLog>();

    private static AuditRecord Record(string jurisdiction, int i, string? id = null) => new()
    {
        Id = id ?? Guid.NewGuid().ToString("N"), Jurisdiction = jurisdiction, At = Day1.AddMinutes(i), UserId = "u" + i,
        Department = DemoJurisdiction.PublicSecurity.Code, Action = "test.write", Resource = $"test/{i}", Purpose = "purpose " + i, Outcome = AuditOutcome.Succeeded,
    };

    private async Task<List<string>> WriteAndReadAsync(string jurisdiction, int count)
    {
        _app.CreateClient().Dispose();
        for (var i = 0; i < count; i++) await Chain.WriteAsync(Record(jurisdiction, i), CancellationToken.None);
        await Chain.FlushAsync(CancellationToken.None);
        return [.. await Chain.ReadDayAsync(jurisdiction, Day, CancellationToken.None)];
    }

    private AppendBlobClient Blob(string jurisdiction) =>
        _app.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.Blobs.Audit).GetAppendBlobClient(ChainedAuditLog.BlobName(jurisdiction, Day));

    private async Task RewriteAsync(string jurisdiction, IEnumerable<string> lines)
    {
        var blob = Blob(jurisdiction);
        await blob.DeleteAsync();
        await blob.CreateAsync();
        var text = string.Concat(lines.Select(l => l + "\n"));
        if (text.Length > 0) await blob.AppendBlockAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)));
    }

    private TableClient IndexTable => _app.Services.GetRequiredService<TableServiceClient>().GetTableClient(StorageNames.Tables.AuditLog);

    // The archiver packs records into rows as its passes happen to gather them; tests that edit "the" row index the day
    // again as one row (what a single pass would write), so they do not depend on that timing.
    private async Task<TableEntity> IndexAsOneRowAsync(string jurisdiction, IReadOnlyList<string> lines)
    {
        foreach (var old in IndexRows(jurisdiction))
            await IndexTable.DeleteEntityAsync(old.PartitionKey, old.RowKey);
        await _app.Services.GetRequiredService<TableAuditLog>().IndexAsync(jurisdiction, Day, Positions(lines), CancellationToken.None);
        return IndexRows(jurisdiction).Single();
    }

    // The index rows of a jurisdiction's test day.
    private List<TableEntity> IndexRows(string jurisdiction)
    {
        var partition = TableAuditLog.PartitionOf(jurisdiction, Day);
        return IndexTable.Query<TableEntity>(e => e.PartitionKey == partition).ToList();
    }

    // Each chained line at its place in the day's chain.
    private static List<AuditPosition> Positions(IReadOnlyList<string> lines) =>
        lines.Select((l, i) => new AuditPosition(i, AuditChain.FromLine(l)!.Record)).ToList();

    private async Task<System.Text.Json.JsonElement> VerifyAsync(string jurisdiction) =>
        await (await AuditorOf(jurisdiction).GetAsync("/api/audit/verify?from=2026-11-20&to=2026-11-20")).ShouldBe(HttpStatusCode.OK);

    private static void AssertFinding(System.Text.Json.JsonElement result, string kind)
    {
        Assert.False(result.GetProperty("intact").GetBoolean(), result.ToString());
        Assert.Contains(result.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() == kind);
    }

    [Fact]
    public async Task A_written_day_verifies_with_its_checkpoint_and_index()
    {
        var j = NewJurisdiction();
        await WriteAndReadAsync(j, 5);
        var result = await VerifyAsync(j);
        Assert.True(result.GetProperty("intact").GetBoolean(), result.ToString());
        Assert.Equal(5, result.GetProperty("recordsChecked").GetInt32());
        Assert.Empty(result.GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public async Task A_record_altered_with_every_later_hash_recomputed_is_caught()
    {
        var j = NewJurisdiction();
        var lines = await WriteAndReadAsync(j, 5);
        var links = lines.Select(l => AuditChain.FromLine(l)!).ToList();
        var prev = links[1].Hash;
        var forged = lines.Take(2).ToList();
        foreach (var link in links.Skip(2))
        {
            var record = link.Record.Resource == "test/2" ? link.Record with { Purpose = "purpose X" } : link.Record;
            var relinked = AuditChain.Link(prev, record);
            forged.Add(AuditChain.ToLine(relinked).TrimEnd('\n'));
            prev = relinked.Hash;
        }
        await RewriteAsync(j, forged);
        var result = await VerifyAsync(j);
        // The chain itself is consistent again: only the signed checkpoint (and the index) can tell.
        Assert.False(result.TryGetProperty("firstBreak", out var firstBreak) && firstBreak.ValueKind != System.Text.Json.JsonValueKind.Null, result.ToString());
        AssertFinding(result, "rechained");
    }

    [Fact]
    public async Task Dropping_the_last_record_is_caught()
    {
        var j = NewJurisdiction();
        var lines = await WriteAndReadAsync(j, 5);
        await RewriteAsync(j, lines.Take(4));
        AssertFinding(await VerifyAsync(j), "truncated");
    }

    [Fact]
    public async Task A_forged_record_appended_at_the_end_is_caught()
    {
        var j = NewJurisdiction();
        var lines = await WriteAndReadAsync(j, 3);
        var last = AuditChain.FromLine(lines[^1])!;
        var forged = AuditChain.Link(last.Hash, Record(j, 9) with { UserId = "mallory" });
        await Blob(j).AppendBlockAsync(new MemoryStream(Encoding.UTF8.GetBytes(AuditChain.ToLine(forged))));
        var result = await VerifyAsync(j);
        AssertFinding(result, "unanchored");
        AssertFinding(result, "index-missing");
    }

    [Fact]
    public async Task An_emptied_day_is_caught()
    {
        var j = NewJurisdiction();
        await WriteAndReadAsync(j, 3);
        await RewriteAsync(j, []);
        var result = await VerifyAsync(j);
        AssertFinding(result, "emptied");
        Assert.Equal(0, result.GetProperty("recordsChecked").GetInt32());
    }

    [Fact]
    public async Task An_edited_index_row_is_caught()
    {
        var j = NewJurisdiction();
        var row = await IndexAsOneRowAsync(j, await WriteAndReadAsync(j, 3));
        Assert.True((await VerifyAsync(j)).GetProperty("intact").GetBoolean());
        Assert.Equal(3, row.GetInt32("Count"));
        row["D00"] = ((string)row["D00"]).Replace("\"purpose 1\"", "\"something else\"", StringComparison.Ordinal);
        Assert.Contains("something else", (string)row["D00"]);
        await IndexTable.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        var result = await VerifyAsync(j);
        AssertFinding(result, "index-altered");
        Assert.Contains("record 2", result.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("kind").GetString() == "index-altered").GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_deleted_index_row_and_a_row_that_cannot_be_read_are_caught()
    {
        var j = NewJurisdiction();
        var row = await IndexAsOneRowAsync(j, await WriteAndReadAsync(j, 2));
        var table = IndexTable;
        await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        AssertFinding(await VerifyAsync(j), "index-missing");

        row["D00"] = "not a record\n{\"neither\":1}\n";
        await table.AddEntityAsync(row);
        AssertFinding(await VerifyAsync(j), "index-altered");
    }

    [Fact]
    public async Task A_user_dropped_from_a_rows_digest_is_caught_by_verify()
    {
        var j = NewJurisdiction();
        var row = await IndexAsOneRowAsync(j, await WriteAndReadAsync(j, 3));
        Assert.Equal("u0\nu1\nu2", row.GetString("Users"));
        var read = new List<AuditRecord>();
        await foreach (var r in Chain.QueryAsync(new AuditQuery(j, Day1.AddHours(-1), Day1.AddHours(1)) { UserId = "u1" }, CancellationToken.None)) read.Add(r);
        Assert.Equal("u1", Assert.Single(read).UserId);

        // Edited so a query by u1 skips the row: the records are still there, and verify says the row is not the chain's.
        row["Users"] = "u0\nu2";
        await IndexTable.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        AssertFinding(await VerifyAsync(j), "index-altered");
    }

    [Fact]
    public async Task Rows_written_again_over_the_same_places_are_read_once_and_verify_intact()
    {
        var j = NewJurisdiction();
        var lines = await WriteAndReadAsync(j, 5);
        await IndexAsOneRowAsync(j, lines);
        var chained = Positions(lines);
        var index = _app.Services.GetRequiredService<TableAuditLog>();
        // As another instance that read places 1-4 on, and a restart that caught up from place 3, would write them.
        await index.IndexAsync(j, Day, chained.Skip(1).ToList(), CancellationToken.None);
        await index.IndexAsync(j, Day, chained.Skip(3).ToList(), CancellationToken.None);
        Assert.Equal(3, IndexRows(j).Count);

        var read = new List<AuditRecord>();
        await foreach (var r in Chain.QueryAsync(new AuditQuery(j, Day1.AddHours(-1), Day1.AddHours(1)), CancellationToken.None)) read.Add(r);
        Assert.Equal(chained.Select(p => p.Record.Id), read.Select(r => r.Id));
        Assert.True((await VerifyAsync(j)).GetProperty("intact").GetBoolean());

        // A row that names places beyond the chain is not the chain's.
        await index.IndexAsync(j, Day, [new AuditPosition(5, Record(j, 9))], CancellationToken.None);
        AssertFinding(await VerifyAsync(j), "index-extra");
    }

    [Fact]
    public async Task Queries_filter_by_department_user_owner_resource_and_time_within_the_rows()
    {
        var j = NewJurisdiction();
        _app.CreateClient().Dispose();
        for (var i = 0; i < 6; i++)
            await Chain.WriteAsync(Record(j, i) with { DataOwner = i % 2 == 0 ? "owner-even" : "owner-odd", Department = i < 3 ? "d1" : "d2" }, CancellationToken.None);
        async Task<List<string>> Users(AuditQuery q)
        {
            var users = new List<string>();
            await foreach (var r in Chain.QueryAsync(q, CancellationToken.None)) users.Add(r.UserId);
            return users;
        }
        var all = new AuditQuery(j, Day1.AddHours(-1), Day1.AddHours(1));
        Assert.Equal(["u0", "u1", "u2", "u3", "u4", "u5"], await Users(all));
        Assert.Equal(["u0", "u2", "u4"], await Users(all with { DataOwner = "owner-even" }));
        Assert.Equal(["u3", "u5"], await Users(all with { DataOwner = "owner-odd", Department = "d2" }));
        Assert.Equal(["u4"], await Users(all with { UserId = "u4" }));
        Assert.Equal(["u2"], await Users(all with { ResourcePrefix = "test/2" }));
        Assert.Equal(["u2", "u3"], await Users(new AuditQuery(j, Day1.AddMinutes(2), Day1.AddMinutes(3))));
        Assert.Equal(["u0", "u1"], await Users(all with { Limit = 2 }));
    }

    [Fact]
    public async Task An_exported_trail_verifies_offline_and_a_tampered_copy_does_not()
    {
        var j = NewJurisdiction();
        await WriteAndReadAsync(j, 4);
        var auditor = AuditorOf(j);
        var key = (await (await auditor.GetAsync("/api/audit/signing-key")).ShouldBe(HttpStatusCode.OK)).GetProperty("publicKey").GetString()!;
        var response = await auditor.GetAsync("/api/audit/trail?from=2026-11-20&to=2026-11-20");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var exported = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

        var report = AuditTrailBundle.Verify(exported, key);
        Assert.True(report.Intact, string.Join("; ", report.Findings.Select(f => f.Kind + ": " + f.Detail)));
        Assert.Equal(4, report.Records);

        // Drop the last record from the copy: the signed checkpoint in the same file still counts it.
        var lastLink = exported.FindLastIndex(l => l.StartsWith("{\"record\":", StringComparison.Ordinal));
        var tampered = exported.Where((_, i) => i != lastLink).ToList();
        var bad = AuditTrailBundle.Verify(tampered, key);
        Assert.False(bad.Intact);
        Assert.Contains(bad.Findings, f => f.Kind == "truncated");
    }

    [Fact]
    public async Task The_same_id_written_twice_in_a_row_or_at_once_is_stored_once()
    {
        var j = NewJurisdiction();
        _app.CreateClient().Dispose();
        var derived = $"test.approve:{Guid.NewGuid():N}:1";
        await Chain.WriteAsync(Record(j, 1, derived), CancellationToken.None);
        await Chain.WriteAsync(Record(j, 2, derived) with { Purpose = "a retry" }, CancellationToken.None);
        var random = Guid.NewGuid().ToString("N");
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Chain.WriteAsync(Record(j, 3, random), CancellationToken.None)));
        var concurrent = $"test.approve:{Guid.NewGuid():N}:2";
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Chain.WriteAsync(Record(j, 4 + i % 2, concurrent), CancellationToken.None)));
        await Chain.FlushAsync(CancellationToken.None);
        // Written again once the first is chained and indexed: found by its id row.
        await Chain.WriteAsync(Record(j, 7, derived), CancellationToken.None);

        var ids = (await Chain.ReadDayAsync(j, Day, CancellationToken.None)).Select(l => AuditChain.FromLine(l)!.Record.Id).ToList();
        Assert.Single(ids, derived);
        Assert.Single(ids, random);
        Assert.Single(ids, concurrent);
        var indexed = new List<AuditRecord>();
        await foreach (var r in Chain.QueryAsync(new AuditQuery(j, Day1.AddHours(-1), Day1.AddHours(1)), CancellationToken.None)) indexed.Add(r);
        Assert.Single(indexed, r => r.Id == derived);
        Assert.Equal("purpose 1", indexed.Single(r => r.Id == derived).Purpose);
        Assert.Single(indexed, r => r.Id == concurrent);
        Assert.True((await VerifyAsync(j)).GetProperty("intact").GetBoolean());
    }
}

/// <summary>
/// Two instances on the same storage and database: the same id written on both at once, and again later, is one record;
/// a group one of them left in the journal after chaining it is not chained again by the other.
/// </summary>
public sealed class AuditIdempotencyAcrossInstancesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 9, 0, 0, TimeSpan.FromHours(8));
    private readonly GovDataApp _a;
    private readonly GovDataApp _b;

    public AuditIdempotencyAcrossInstancesTests()
    {
        var database = "govdata-" + Guid.NewGuid().ToString("N")[..12];
        _a = new GovDataApp { Database = database };
        _b = new GovDataApp { Database = database };
    }

    public Task InitializeAsync()
    {
        _a.CreateClient().Dispose();
        _b.CreateClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private static string NewJurisdiction(char first) => first + Random.Shared.Next(10000, 99999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_group_left_in_the_journal_after_it_was_chained_is_not_chained_again_by_another_instance()
    {
        var j = NewJurisdiction('6');
        var records = Enumerable.Range(0, 3).Select(i => new AuditRecord
        {
            Id = Guid.NewGuid().ToString("N"), Jurisdiction = j, At = At.AddSeconds(i), UserId = "u" + i, Action = "test.write", Resource = $"test/{i}", Outcome = AuditOutcome.Succeeded,
        }).ToList();
        var logA = _a.Services.GetRequiredService<ChainedAuditLog>();
        foreach (var r in records) await logA.WriteAsync(r, CancellationToken.None);
        await logA.FlushAsync(CancellationToken.None);
        // As an instance that stopped after chaining its group but before deleting the group's journal document leaves it.
        await logA.Journal.CreateAsync(new AuditJournalDocument
        {
            Id = "stopped-" + Guid.NewGuid().ToString("N")[..8], Owner = "stopped", Records = records.Select(AuditChain.CanonicalJson).ToList(),
        }, CancellationToken.None);

        // Instance b has never seen these ids: only the index tells it they are chained.
        var logB = _b.Services.GetRequiredService<ChainedAuditLog>();
        await logB.FlushAsync(CancellationToken.None);

        var chained = (await logB.ReadDayAsync(j, new DateOnly(2026, 11, 20), CancellationToken.None)).Select(l => AuditChain.FromLine(l)!.Record.Id).ToList();
        Assert.Equal(records.Select(r => r.Id), chained);
        Assert.DoesNotContain(await logB.Journal.PendingAsync(CancellationToken.None), d => d.Owner == "stopped");
    }

    [Fact]
    public async Task The_same_id_written_on_two_instances_is_stored_once()
    {
        var j = NewJurisdiction('7');
        AuditRecord Record(string id, string user) => new()
        {
            Id = id, Jurisdiction = j, At = At, UserId = user, Action = "test.approve", Resource = "test/1", Outcome = AuditOutcome.Succeeded,
        };
        var logA = _a.Services.GetRequiredService<ChainedAuditLog>();
        var logB = _b.Services.GetRequiredService<ChainedAuditLog>();
        var ids = Enumerable.Range(0, 5).Select(i => $"sharing.request.approve:{Guid.NewGuid():N}:{i}").ToList();
        await Task.WhenAll(ids.SelectMany(id => new[] { logA.WriteAsync(Record(id, "a"), CancellationToken.None), logB.WriteAsync(Record(id, "b"), CancellationToken.None) }));
        await Task.WhenAll(logA.FlushAsync(CancellationToken.None), logB.FlushAsync(CancellationToken.None));
        // Later, on either instance: already in the trail.
        await logB.WriteAsync(Record(ids[0], "b-again"), CancellationToken.None);
        await logA.WriteAsync(Record(ids[1], "a-again"), CancellationToken.None);
        await Task.WhenAll(logA.FlushAsync(CancellationToken.None), logB.FlushAsync(CancellationToken.None));

        var chained = (await logA.ReadDayAsync(j, new DateOnly(2026, 11, 20), CancellationToken.None)).Select(l => AuditChain.FromLine(l)!.Record).ToList();
        foreach (var id in ids) Assert.Single(chained, r => r.Id == id);
        var indexed = new List<AuditRecord>();
        await foreach (var r in logB.QueryAsync(new AuditQuery(j, At.AddHours(-1), At.AddHours(1)), CancellationToken.None)) indexed.Add(r);
        foreach (var id in ids) Assert.Single(indexed, r => r.Id == id);
        Assert.Equal(ids.Count, chained.Count);
    }
}
