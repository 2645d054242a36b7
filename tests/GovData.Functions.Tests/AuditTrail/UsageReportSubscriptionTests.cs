using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Audit;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Catalog;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.AuditTrail;

/// <summary>
/// A producing department subscribes to a weekly or monthly usage report of its own data (000 第三十九条); the daily timer
/// writes the report of the period that just ended (China time) once, and only that department can list and download it.
/// </summary>
public sealed class UsageReportSubscriptionTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly string Police = DemoJurisdiction.PublicSecurity.Code;
    private static readonly string Market = DemoJurisdiction.MarketRegulation.Code;
    private readonly CatalogApi _api = new(app);

    // The handler behind the UsageReports timer function, for what it wrote (the function itself is run by FunctionDefinitionTests).
    private Task<TriggerOutcome> Tick() => app.Services.GetRequiredService<UsageReportTimer>().HandleAsync("tick", CancellationToken.None);

    private BlobContainerClient Reports => app.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.Blobs.Reports);

    private async Task<List<Domain.Audit.AuditRecord>> AuditAsync(string resource)
    {
        var records = new List<Domain.Audit.AuditRecord>();
        await foreach (var r in app.Services.GetRequiredService<IAuditLog>().QueryAsync(
            new AuditQuery("350800", GovDataApp.DefaultNow.AddDays(-1), app.Time.GetUtcNow().AddDays(1)) { ResourcePrefix = resource }, CancellationToken.None))
            records.Add(r);
        return records;
    }

    // Tokens are issued against the fake clock, so a test that moves it takes fresh clients.
    private HttpClient PoliceSteward() => app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
    private HttpClient MarketSteward() => app.ClientFor(DemoJurisdiction.MarketRegulation, Role.DataSteward);

    [Fact]
    public async Task Only_the_data_stewards_and_authority_of_a_department_manage_its_subscription_and_the_body_is_checked()
    {
        var reviewer = app.ClientFor(DemoJurisdiction.HumanResources, Role.CatalogReviewer);
        var steward = app.ClientFor(DemoJurisdiction.HumanResources, Role.DataSteward);
        await (await reviewer.PutAsJsonAsync("/api/audit/usage/subscription", new { frequency = "Weekly", format = "csv" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await app.ClientFor(DemoJurisdiction.HumanResources, Role.Auditor).GetAsync("/api/audit/usage/reports")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await steward.GetAsync("/api/audit/usage/subscription")).ShouldBeProblem(HttpStatusCode.NotFound);

        await (await steward.PutAsJsonAsync("/api/audit/usage/subscription", new { frequency = "Daily", format = "csv" })).ShouldBe(HttpStatusCode.BadRequest);
        await (await steward.PutAsJsonAsync("/api/audit/usage/subscription", new { format = "csv" })).ShouldNameField("frequency");
        await (await steward.PutAsJsonAsync("/api/audit/usage/subscription", new { frequency = "Monthly", format = "xlsx" })).ShouldNameField("format");
        // Mass assignment: the department is the caller's, never a body field.
        await (await steward.PutAsJsonAsync("/api/audit/usage/subscription", new { frequency = "Monthly", format = "csv", department = Police })).ShouldBe(HttpStatusCode.BadRequest);
        await (await steward.GetAsync("/api/audit/usage/subscription")).ShouldBeProblem(HttpStatusCode.NotFound);

        var put = await (await steward.PutAsJsonAsync("/api/audit/usage/subscription", new { frequency = "Monthly", format = "jsonl" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(DemoJurisdiction.HumanResources.Code, put.GetProperty("department").GetString());
        var authority = app.ClientFor(DemoJurisdiction.HumanResources, Role.DataAuthority);
        await (await authority.PutAsJsonAsync("/api/audit/usage/subscription", new { frequency = "Weekly", format = "csv" })).ShouldBe(HttpStatusCode.OK);
        var read = await (await steward.GetAsync("/api/audit/usage/subscription")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Weekly", read.GetProperty("frequency").GetString());
        Assert.Equal("csv", read.GetProperty("format").GetString());
        // Another department does not see it.
        await (await app.ClientFor(DemoJurisdiction.CoordinationOffice, Role.DataAuthority).GetAsync("/api/audit/usage/subscription")).ShouldBeProblem(HttpStatusCode.NotFound);

        await (await steward.DeleteAsync("/api/audit/usage/subscription")).ShouldBe(HttpStatusCode.NoContent);
        await (await steward.GetAsync("/api/audit/usage/subscription")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await steward.DeleteAsync("/api/audit/usage/subscription")).ShouldBeProblem(HttpStatusCode.NotFound);

        var trail = await AuditAsync($"audit/350800/usage/{DemoJurisdiction.HumanResources.Code}/subscription");
        Assert.Contains(trail, r => r.Action == "audit.usage.subscription.put" && r.DataContent == "Monthly jsonl");
        Assert.Contains(trail, r => r.Action == "audit.usage.subscription.delete" && r.Outcome == Domain.Audit.AuditOutcome.Succeeded);
        Assert.Contains(trail, r => r.Action == "audit.usage.subscription.delete" && r.Outcome == Domain.Audit.AuditOutcome.Refused);
        Assert.Contains(trail, r => r.Action == "audit.usage.subscription.read");
        await (await steward.GetAsync("/api/audit/usage/reports/2026-13")).ShouldNameField("period");
    }

    [Fact]
    public async Task The_timer_writes_each_subscribed_report_once_when_its_period_ends_and_only_the_owner_can_read_it()
    {
        // Azurite outlives a test run: start from an empty folder for both departments.
        foreach (var dept in new[] { Police, Market })
            await foreach (var old in Reports.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, UsageReports.Prefix("350800", dept), CancellationToken.None))
                await Reports.DeleteBlobIfExistsAsync(old.Name);

        await (await _api.Steward.PutAsJsonAsync("/api/audit/usage/subscription", new { frequency = "Weekly", format = "csv" })).ShouldBe(HttpStatusCode.OK);
        await (await _api.OtherSteward.PutAsJsonAsync("/api/audit/usage/subscription", new { frequency = "Monthly", format = "jsonl" })).ShouldBe(HttpStatusCode.OK);

        // Tuesday 24 November: market regulation reads a police entry and drafts one of its own.
        var policeEntry = await _api.PublishAsync(CatalogApi.Body(CatalogApi.NewCode()));
        var marketEntry = (await _api.CreateAsync(CatalogApi.Body(CatalogApi.NewCode("SC"), sharingType: "Unconditional"), _api.OtherSteward)).GetProperty("id").GetString()!;
        await (await _api.OtherSteward.GetAsync($"/api/catalog/entries/{policeEntry}")).ShouldBe(HttpStatusCode.OK);
        var policeResource = $"catalog/350800/entries/{policeEntry}";

        // Sunday 23:00 China time: the week has not ended, nothing is written.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 29, 23, 0, 0, China));
        Assert.Equal(0, (await Tick()).Changed);
        await (await PoliceSteward().GetAsync("/api/audit/usage/reports/2026-W48")).ShouldBeProblem(HttpStatusCode.NotFound);

        // Monday 01:00 China time (Sunday 17:00 UTC): week 48 (23–29 November) has ended; the monthly one has not.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 1, 0, 0, China));
        var first = await Tick();
        Assert.Contains($"350800 {Police} 2026-W48: written", first.Lines);
        Assert.DoesNotContain(first.Lines, l => l.Contains(Market, StringComparison.Ordinal));
        var blob = Reports.GetBlobClient($"usage/350800/{Police}/2026-W48.csv");
        var etag = (await blob.GetPropertiesAsync()).Value.ETag;

        // A second tick for the same period (a retry, or two instances) does not write it again.
        var second = await Tick();
        Assert.Equal(0, second.Changed);
        Assert.Contains($"350800 {Police} 2026-W48: already written", second.Lines);
        Assert.Equal(etag, (await blob.GetPropertiesAsync()).Value.ETag);

        var list = await (await PoliceSteward().GetAsync("/api/audit/usage/reports")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["2026-W48"], list.GetProperty("reports").EnumerateArray().Select(r => r.GetProperty("period").GetString()));
        var download = await PoliceSteward().GetAsync("/api/audit/usage/reports/2026-W48");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.StartsWith("text/csv", download.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var csv = await download.Content.ReadAsStringAsync();
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", AuditExport.Columns), lines[0]);
        Assert.Contains(lines, l => l.Contains(policeResource, StringComparison.Ordinal) && l.Contains("catalog.entry.read", StringComparison.Ordinal) && l.Contains(Market, StringComparison.Ordinal));
        // Only records of the police's own data, and only from inside the week.
        var ownerColumn = Array.IndexOf(AuditExport.Columns, "dataOwner");
        // Parsed as CSV (cells holding commas or line breaks are quoted), not split on every comma.
        Assert.All(ParseCsv(csv.TrimStart('\uFEFF')).Skip(1), row => Assert.Equal(Police, row[ownerColumn]));
        Assert.DoesNotContain(lines, l => l.Contains(marketEntry, StringComparison.Ordinal));

        // Another department cannot list or fetch the police's report: it is not there for it (404).
        var marketList = await (await MarketSteward().GetAsync("/api/audit/usage/reports")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(marketList.GetProperty("reports").EnumerateArray());
        await (await MarketSteward().GetAsync("/api/audit/usage/reports/2026-W48")).ShouldBeProblem(HttpStatusCode.NotFound);

        // Tuesday 1 December 01:00: November has ended for market regulation; the police's week has not.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 1, 0, 0, China));
        var third = await Tick();
        Assert.Equal([$"350800 {Market} 2026-11: written"], third.Lines);
        var jsonl = await MarketSteward().GetStringAsync("/api/audit/usage/reports/2026-11");
        var records = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(records, r => r.GetProperty("resource").GetString() == $"catalog/350800/entries/{marketEntry}");
        Assert.All(records, r => Assert.Equal(Market, r.GetProperty("dataOwner").GetString()));
        await (await PoliceSteward().GetAsync("/api/audit/usage/reports/2026-11")).ShouldBeProblem(HttpStatusCode.NotFound);

        // Every write and read is in the trail, the writes as the system's.
        var police = await AuditAsync($"audit/350800/usage/{Police}/reports");
        Assert.Single(police, r => r.Action == "audit.usage.report.write" && r.UserId == "system" && r.DataOwner == Police);
        Assert.Contains(police, r => r.Action == "audit.usage.report.download" && r.Outcome == Domain.Audit.AuditOutcome.Succeeded);
        Assert.Contains(police, r => r.Action == "audit.usage.reports.list");
        Assert.Contains(await AuditAsync($"audit/350800/usage/{Market}/reports/2026-W48"), r => r.Action == "audit.usage.report.download" && r.Outcome == Domain.Audit.AuditOutcome.Refused);

        // Unsubscribed: the next week's end writes nothing for the police, and the report already written stays.
        await (await PoliceSteward().DeleteAsync("/api/audit/usage/subscription")).ShouldBe(HttpStatusCode.NoContent);
        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 7, 1, 0, 0, China));
        Assert.Equal(0, (await Tick()).Changed);
        Assert.Equal(HttpStatusCode.OK, (await PoliceSteward().GetAsync("/api/audit/usage/reports/2026-W48")).StatusCode);
    }

    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else cell.Append(c);
        }
        if (cell.Length > 0 || row.Count > 0) { row.Add(cell.ToString()); rows.Add([.. row]); }
        return rows;
    }
}
