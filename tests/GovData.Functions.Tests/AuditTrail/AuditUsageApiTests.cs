using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Audit;
using GovData.Functions.Tests.Catalog;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.AuditTrail;

/// <summary>
/// A producing department reads every use of its own data (000 第三十九条) and nobody else's; auditors and the data
/// authority export the trail as CSV or JSON Lines, filtered by department, data owner, user, resource and time.
/// </summary>
public sealed class AuditUsageApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private readonly CatalogApi _api = new(app);
    private static readonly string Police = DemoJurisdiction.PublicSecurity.Code;
    private static readonly string Market = DemoJurisdiction.MarketRegulation.Code;

    private static readonly JsonSerializerOptions AuditJson = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static List<JsonElement> Records(JsonElement body) => body.GetProperty("records").EnumerateArray().ToList();

    [Fact]
    public async Task A_department_reads_the_uses_of_its_own_entries_and_not_those_of_another_department()
    {
        var policeEntry = await _api.PublishAsync(CatalogApi.Body(CatalogApi.NewCode()));
        var marketEntry = (await _api.CreateAsync(CatalogApi.Body(CatalogApi.NewCode("SC"), sharingType: "Unconditional"), _api.OtherSteward)).GetProperty("id").GetString()!;
        var humanResources = app.ClientFor(DemoJurisdiction.HumanResources, Role.DataSteward);
        await (await _api.OtherSteward.GetAsync($"/api/catalog/entries/{policeEntry}")).ShouldBe(HttpStatusCode.OK);
        await (await humanResources.GetAsync($"/api/catalog/entries/{policeEntry}/history")).ShouldBe(HttpStatusCode.OK);
        await (await _api.OtherSteward.GetAsync($"/api/catalog/entries/{marketEntry}")).ShouldBe(HttpStatusCode.OK);

        var policeResource = $"catalog/350800/entries/{policeEntry}";
        var police = Records(await (await _api.Steward.GetAsync("/api/audit/usage")).ShouldBe(HttpStatusCode.OK));
        Assert.All(police, r => Assert.Equal(Police, r.GetProperty("dataOwner").GetString()));
        Assert.Contains(police, r => r.GetProperty("resource").GetString() == policeResource && r.GetProperty("action").GetString() == "catalog.entry.read"
            && r.GetProperty("department").GetString() == Market);
        Assert.Contains(police, r => r.GetProperty("resource").GetString() == policeResource && r.GetProperty("action").GetString() == "catalog.entry.history"
            && r.GetProperty("department").GetString() == DemoJurisdiction.HumanResources.Code);
        Assert.DoesNotContain(police, r => r.GetProperty("resource").GetString()!.EndsWith(marketEntry, StringComparison.Ordinal));

        // Market regulation used the police's data, but that use is the police's to read, not market regulation's;
        // no parameter widens the query to another department.
        foreach (var url in new[] { "/api/audit/usage", $"/api/audit/usage?department={Police}&owner={Police}&dataOwner={Police}&resource={policeResource}" })
        {
            var market = Records(await (await _api.OtherSteward.GetAsync(url)).ShouldBe(HttpStatusCode.OK));
            Assert.All(market, r => Assert.Equal(Market, r.GetProperty("dataOwner").GetString()));
            Assert.DoesNotContain(market, r => r.GetProperty("resource").GetString() == policeResource);
        }
        var marketOwn = Records(await (await _api.OtherSteward.GetAsync($"/api/audit/usage?resource=catalog/350800/entries/{marketEntry}")).ShouldBe(HttpStatusCode.OK));
        Assert.Contains(marketOwn, r => r.GetProperty("action").GetString() == "catalog.entry.read");

        // Filters by user narrow it; the department may take it away as CSV.
        var byUser = Records(await (await _api.Steward.GetAsync($"/api/audit/usage?user={Uri.EscapeDataString("user-004N-DataSteward")}")).ShouldBe(HttpStatusCode.OK));
        Assert.NotEmpty(byUser);
        Assert.All(byUser, r => Assert.Equal("user-004N-DataSteward", r.GetProperty("userId").GetString()));
        var csv = await _api.Steward.GetStringAsync("/api/audit/usage?format=csv");
        Assert.Contains(policeResource, csv);
        Assert.DoesNotContain(marketEntry, csv);

        await (await app.ClientFor(DemoJurisdiction.PublicSecurity, Role.PublicApplicant).GetAsync("/api/audit/usage")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await _api.Steward.GetAsync("/api/audit/usage?format=xml")).ShouldNameField("format");
        await (await _api.Steward.GetAsync("/api/audit/usage?from=2026-01-01T00:00:00Z")).ShouldNameField("to");
    }

    [Fact]
    public async Task Auditors_export_the_trail_as_CSV_and_JSON_Lines_with_filters()
    {
        var entry = await _api.PublishAsync(CatalogApi.Body(CatalogApi.NewCode()));
        await (await _api.OtherSteward.GetAsync($"/api/catalog/entries/{entry}")).ShouldBe(HttpStatusCode.OK);
        var auditor = app.ClientFor(DemoJurisdiction.DataAuthority, Role.Auditor);
        var from = Uri.EscapeDataString(app.Time.GetUtcNow().AddHours(-1).ToString("O"));

        var csv = await auditor.GetAsync($"/api/audit/export?format=csv&from={from}&department={Market}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        var lines = text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(",", AuditExport.Columns), lines[0]);
        Assert.True(lines.Length > 1, text);
        var departmentColumn = Array.IndexOf(AuditExport.Columns, "department");
        Assert.All(lines.Skip(1), l => Assert.Equal(Market, l.Split(',')[departmentColumn]));
        Assert.Contains(lines, l => l.Contains($"catalog/350800/entries/{entry}", StringComparison.Ordinal) && l.Contains("catalog.entry.read", StringComparison.Ordinal));

        var jsonl = await auditor.GetAsync($"/api/audit/export?format=jsonl&from={from}&owner={Police}&resource=catalog/350800/entries/{entry}&user=user-004N-DataSteward");
        Assert.Equal(HttpStatusCode.OK, jsonl.StatusCode);
        var records = (await jsonl.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var read = Assert.Single(records);
        Assert.Equal("catalog.entry.read", read.GetProperty("action").GetString());
        Assert.Equal(Police, read.GetProperty("dataOwner").GetString());
        Assert.Equal("Succeeded", read.GetProperty("outcome").GetString());

        // A formula in user-supplied text (a purpose, a reason) stays text in a spreadsheet.
        var line = AuditExport.CsvLine(JsonSerializer.Deserialize<Domain.Audit.AuditRecord>(read.GetRawText(), AuditJson)! with { Reason = "=HYPERLINK(\"http://x\",\"y\")" });
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",", line);

        await (await auditor.GetAsync("/api/audit/export?format=pdf")).ShouldNameField("format");
        await (await auditor.GetAsync("/api/audit/export?format=csv&from=2024-01-01T00:00:00Z")).ShouldNameField("to");
        await (await _api.Steward.GetAsync("/api/audit/export?format=csv")).ShouldBeProblem(HttpStatusCode.Forbidden);
        // The export itself is on the record.
        var exports = Records(await (await auditor.GetAsync($"/api/audit/records?from={from}&resource=audit/350800/export")).ShouldBe(HttpStatusCode.OK));
        Assert.Equal(["csv", "jsonl"], exports.Where(r => r.GetProperty("action").GetString() == "audit.export").Select(r => r.GetProperty("medium").GetString()).Order());
    }
}
