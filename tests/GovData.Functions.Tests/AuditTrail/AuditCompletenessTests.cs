using System.Net;
using System.Net.Http.Json;
using GovData.Domain.Audit;
using GovData.Domain.Calendar;
using GovData.Functions.Audit;
using GovData.Functions.Tests.Catalog;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Tests.Sharing;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.AuditTrail;

/// <summary>Issue 15: no operation without its record, and a chain and an index that always agree.</summary>
public sealed class AuditCompletenessTests
{
    [Fact]
    public async Task With_Azurite_down_a_created_draft_has_its_record_and_a_503_changes_nothing()
    {
        var emulators = Emulators.Instance;
        await using var blob = new TcpProxy(emulators.Blob);
        await using var table = new TcpProxy(emulators.Table);
        await using var app = new GovDataApp
        {
            Settings =
            {
                ["Storage:BlobServiceUri"] = blob.Rewrite(emulators.Blob).ToString(),
                ["Storage:TableServiceUri"] = table.Rewrite(emulators.Table).ToString(),
            },
        };
        var catalog = new CatalogApi(app);
        await catalog.CreateAsync(CatalogApi.Body(CatalogApi.NewCode()));

        blob.Stop();
        table.Stop();
        var body = CatalogApi.Body(CatalogApi.NewCode());
        var response = await catalog.Steward.PostAsJsonAsync("/api/catalog/entries", body);
        blob.Start();
        table.Start();
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            // 503 must mean nothing changed: the same draft can be created now.
            await (await catalog.Steward.PostAsJsonAsync("/api/catalog/entries", body)).ShouldBe(HttpStatusCode.Created);
            return;
        }
        var id = (await response.ShouldBe(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var now = app.Time.GetUtcNow();
        var records = new List<AuditRecord>();
        await foreach (var r in app.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery("350800", now.AddHours(-1), now.AddHours(1)) { ResourcePrefix = $"catalog/350800/entries/{id}" }, CancellationToken.None))
            records.Add(r);
        Assert.Single(records, r => r.Action == "catalog.entry.create" && r.Outcome == AuditOutcome.Succeeded);
    }

    [Fact]
    public async Task A_record_chained_while_the_table_index_was_down_is_indexed_once_it_is_back()
    {
        var emulators = Emulators.Instance;
        await using var table = new TcpProxy(emulators.Table);
        await using var app = new GovDataApp { Settings = { ["Storage:TableServiceUri"] = table.Rewrite(emulators.Table).ToString() } };
        var log = app.Services.GetRequiredService<ChainedAuditLog>();
        var now = app.Time.GetUtcNow();
        AuditRecord Record() => new()
        {
            Id = Guid.NewGuid().ToString("N"), Jurisdiction = "350800", At = now, UserId = "index-outage-test", Action = "test.index.outage",
            Resource = $"test/350800/index-outage/{Guid.NewGuid():N}", Outcome = AuditOutcome.Succeeded,
        };
        // The day is loaded (its cursor read from the table) while the table answers.
        await log.WriteAsync(Record(), CancellationToken.None);
        await log.FlushAsync(CancellationToken.None);

        table.Stop();
        var record = Record();
        await log.WriteAsync(record, CancellationToken.None);
        // The archiver chains it into the day file (Blob storage is up); writing its index rows fails.
        var day = ChinaTime.DateOf(now);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!(await log.ReadDayAsync("350800", day, CancellationToken.None)).Any(l => l.Contains(record.Id, StringComparison.Ordinal)))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the record was not chained within 60 s");
            await Task.Delay(100);
        }
        await Task.Delay(TimeSpan.FromSeconds(1));
        table.Start();

        var found = new List<AuditRecord>();
        await foreach (var r in log.QueryAsync(new AuditQuery("350800", now.AddHours(-1), now.AddHours(1)) { ResourcePrefix = record.Resource }, CancellationToken.None))
            found.Add(r);
        Assert.Single(found, r => r.Id == record.Id);
    }

    [Fact]
    public async Task Oversized_purposes_and_ids_are_refused_with_400_and_chain_and_index_keep_the_same_record()
    {
        await using var app = new GovDataApp();
        var api = new SharingApi(app);
        var entryId = await api.PublishAsync("Unconditional");
        var purpose = new string('用', 40_000);
        var items = new[] { "姓名" };
        await (await api.Requester.PostAsJsonAsync($"/api/sharing/entries/{entryId}/access-check", new { items, method = "Api", purpose })).ShouldNameField("purpose");
        await (await api.Requester.PostAsJsonAsync($"/api/sharing/entries/{entryId}/query", new { items, purpose })).ShouldNameField("purpose");
        await (await api.Requester.PostAsJsonAsync($"/api/sharing/entries/{entryId}/download-links", new { items, purpose })).ShouldNameField("purpose");
        var longId = new string('e', 100_000);
        await (await api.Requester.PostAsJsonAsync("/api/sharing/filings", new { entryId = longId, purpose = "办理企业开办登记" })).ShouldNameField("entryId");

        // Every refusal was recorded, cut to the bound, identically in the chain and in the index.
        var chain = app.Services.GetRequiredService<ChainedAuditLog>();
        var now = app.Time.GetUtcNow();
        var indexed = new List<AuditRecord>();
        await foreach (var r in chain.QueryAsync(new AuditQuery("350800", now.AddMinutes(-5), now.AddMinutes(5)) { UserId = "user-004N-DataSteward", Limit = int.MaxValue }, CancellationToken.None))
            if (r.Outcome == AuditOutcome.Refused) indexed.Add(r);
        var refused = indexed.Where(r => (r.Purpose?.Length ?? 0) > 1000 || r.Resource.Length > 1000).ToList();
        Assert.Equal(4, refused.Count);
        Assert.All(refused, r => Assert.True((r.Purpose?.Length ?? 0) <= AuditRecordBounds.MaxField && r.Resource.Length <= AuditRecordBounds.MaxField));
        var chained = (await chain.ReadDayAsync("350800", ChinaTime.DateOf(now), CancellationToken.None))
            .Select(l => AuditChain.FromLine(l)!.Record).ToDictionary(r => r.Id);
        foreach (var r in refused)
            Assert.Equal(AuditChain.CanonicalJson(chained[r.Id] with { At = chained[r.Id].At.ToUniversalTime() }), AuditChain.CanonicalJson(r with { At = r.At.ToUniversalTime() }));
    }
}
