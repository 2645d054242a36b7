using System.Net;
using System.Net.Http.Json;
using System.Text;
using ClosedXML.Excel;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Supervision;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Supervision;

/// <summary>Catalog coverage: the DataAuthority's baseline per department and year, coverage on scorecards, in the ranking and the report; unknown without a baseline.</summary>
public sealed class CoverageApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly SupervisionApi _api = new(app);
    private readonly HttpClient _authority = app.DataAuthority();
    private static readonly string Market = DemoJurisdiction.MarketRegulation.Code;
    private static readonly string Police = DemoJurisdiction.PublicSecurity.Code;

    private Task Published(string dept, DateTimeOffset at, bool first) =>
        _api.Deliver(SupervisionApi.Event(dept, SupervisionEventKinds.CatalogEntryPublished, at, first ? new() { ["firstPublication"] = "true" } : []));

    [Fact]
    public async Task Coverage_is_catalogued_entries_over_the_authority_s_baseline_and_unknown_without_one()
    {
        // Three entries first published in February 2023, a second version of one in March, a fourth entry in May.
        for (var i = 0; i < 3; i++) await Published(Market, new DateTimeOffset(2023, 2, 10 + i, 9, 0, 0, China), first: true);
        await Published(Market, new DateTimeOffset(2023, 3, 1, 9, 0, 0, China), first: false);
        await Published(Market, new DateTimeOffset(2023, 5, 8, 9, 0, 0, China), first: true);
        await _api.Deliver(SupervisionApi.Event(Police, SupervisionEventKinds.ShareRequestAnswered, new DateTimeOffset(2023, 5, 8, 9, 0, 0, China),
            new() { ["outcome"] = "Approved", ["onTime"] = "true", ["workingDays"] = "1" }));

        var before = (await (await _authority.GetAsync($"/api/supervision/scorecards/{Market}/2023-Q1")).ShouldBe(HttpStatusCode.OK)).GetProperty("coverage");
        Assert.Equal(3, before.GetProperty("catalogued").GetInt32());
        Assert.Equal("unknown", before.GetProperty("status").GetString());
        Assert.False(before.TryGetProperty("rate", out _));
        Assert.False(before.TryGetProperty("baseline", out _));

        // Only the DataAuthority records baselines; bad input names the field and stores nothing.
        var url = $"/api/supervision/baselines/{Market}/2023";
        var body = new { expectedResources = 8, source = "龙岩市市场监督管理局权责清单（2023年版）" };
        await (await app.ClientFor(DemoJurisdiction.MarketRegulation, Role.DataSteward).PutAsJsonAsync(url, body)).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await app.ClientFor(DemoJurisdiction.DataAuthority, Role.Auditor).PutAsJsonAsync(url, body)).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await _authority.PutAsJsonAsync(url, new { expectedResources = 0, source = "x" })).ShouldNameField("expectedResources");
        await (await _authority.PutAsJsonAsync(url, new { source = "x" })).ShouldNameField("expectedResources");
        await (await _authority.PutAsJsonAsync(url, new { expectedResources = 8, source = "  " })).ShouldNameField("source");
        await (await _authority.PutAsJsonAsync(url, new { expectedResources = 8, source = new string('x', 501) })).ShouldNameField("source");
        await (await _authority.PutAsJsonAsync($"/api/supervision/baselines/{Market}/23", body)).ShouldNameField("year");
        await (await _authority.PutAsJsonAsync($"/api/supervision/baselines/{SupervisionApi.NewDepartment()}/2023", body)).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _authority.PutAsJsonAsync("/api/supervision/baselines/nonsense/2023", body)).ShouldNameField("department");
        await (await _authority.GetAsync(url)).ShouldBeProblem(HttpStatusCode.NotFound);

        var created = await _authority.PutAsJsonAsync(url, body);
        var first = await created.ShouldBe(HttpStatusCode.Created);
        Assert.Equal(8, first.GetProperty("expectedResources").GetInt32());
        var etag = created.Headers.ETag!.Tag;

        var quarter = (await (await _authority.GetAsync($"/api/supervision/scorecards/{Market}/2023-Q1")).ShouldBe(HttpStatusCode.OK)).GetProperty("coverage");
        Assert.Equal("known", quarter.GetProperty("status").GetString());
        Assert.Equal(3, quarter.GetProperty("catalogued").GetInt32());
        Assert.Equal(8, quarter.GetProperty("baseline").GetInt32());
        Assert.Equal(0.375, quarter.GetProperty("rate").GetDouble());
        Assert.Equal(body.source, quarter.GetProperty("baselineSource").GetString());
        // Coverage is cumulative to the end of the period: nothing by the end of January, four by the end of the year.
        Assert.Equal(0, (await (await _authority.GetAsync($"/api/supervision/scorecards/{Market}/2023-01")).ShouldBe(HttpStatusCode.OK)).GetProperty("coverage").GetProperty("rate").GetDouble());
        Assert.Equal(0.5, (await (await _authority.GetAsync($"/api/supervision/scorecards/{Market}/2023")).ShouldBe(HttpStatusCode.OK)).GetProperty("coverage").GetProperty("rate").GetDouble());

        // A stale If-Match is refused; the current one replaces the figure and keeps the old one in the history.
        await (await Put(url, new { expectedResources = 10, source = "权责清单（2023年修订）" }, "\"stale\"")).ShouldBeProblem(HttpStatusCode.PreconditionFailed);
        var replaced = await (await Put(url, new { expectedResources = 10, source = "权责清单（2023年修订）" }, etag)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(2, replaced.GetProperty("history").GetArrayLength());

        // The department reads its own baseline; another department does not.
        await (await app.ClientFor(DemoJurisdiction.MarketRegulation, Role.DataSteward).GetAsync(url)).ShouldBe(HttpStatusCode.OK);
        await (await app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward).GetAsync(url)).ShouldBeProblem(HttpStatusCode.NotFound);
        var own = await (await app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward).GetAsync("/api/supervision/baselines?year=2023")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(own.GetProperty("items").EnumerateArray());
        var all = await (await _authority.GetAsync("/api/supervision/baselines?year=2023")).ShouldBe(HttpStatusCode.OK);
        Assert.Single(all.GetProperty("items").EnumerateArray());
        await (await _authority.GetAsync("/api/supervision/baselines?year=x")).ShouldNameField("year");

        var ranking = await (await _authority.GetAsync("/api/supervision/scorecards?period=2023")).ShouldBe(HttpStatusCode.OK);
        var rows = ranking.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("department").GetString()!, i => i.GetProperty("coverage"));
        Assert.Equal(0.4, rows[Market].GetProperty("rate").GetDouble());
        Assert.Equal("unknown", rows[Police].GetProperty("status").GetString());

        // The report carries the coverage, and "unknown" (not 0 or 100) where there is no baseline.
        var report = await (await _authority.PostAsJsonAsync("/api/supervision/reports", new { period = "2023" })).ShouldBe(HttpStatusCode.Created);
        var csv = Encoding.UTF8.GetString(await _authority.GetByteArrayAsync(report.GetProperty("files").GetProperty("ranking.csv").GetString())).TrimStart('\uFEFF').Split("\r\n");
        var header = csv[0].Split(',');
        var (catalogued, baseline, coverage) = (Array.IndexOf(header, "catalogued"), Array.IndexOf(header, "catalogBaseline"), Array.IndexOf(header, "catalogCoverage"));
        var market = csv.Single(l => l.Contains(Market, StringComparison.Ordinal)).Split(',');
        Assert.Equal(["4", "10", "40.0"], new[] { market[catalogued], market[baseline], market[coverage] });
        var police = csv.Single(l => l.Contains(Police, StringComparison.Ordinal)).Split(',');
        Assert.Equal(["0", "", "unknown"], new[] { police[catalogued], police[baseline], police[coverage] });
        using var workbook = new XLWorkbook(new MemoryStream(await _authority.GetByteArrayAsync(report.GetProperty("files").GetProperty("ranking.xlsx").GetString())));
        var sheet = workbook.Worksheet("ranking");
        var policeRow = sheet.RowsUsed().Single(r => r.Cell(2).GetString() == Police);
        Assert.Equal("catalogCoverage", sheet.Cell(2, coverage + 1).GetString());
        Assert.Equal("未知", policeRow.Cell(coverage + 1).GetString());
        var html = await _authority.GetStringAsync(report.GetProperty("files").GetProperty("report.html").GetString());
        Assert.Contains("编目覆盖率(%)", html);
        Assert.Contains("<td>未知</td>", html);

        var trail = await _api.AuditAsync($"supervision/350800/baselines/{Market}/2023");
        Assert.Contains(trail, r => r.Action == "supervision.baseline.set" && r.Outcome == Domain.Audit.AuditOutcome.Succeeded && r.DataOwner == Market);
        Assert.Contains(trail, r => r.Action == "supervision.baseline.set" && r.Outcome == Domain.Audit.AuditOutcome.Refused);
        Assert.Contains(trail, r => r.Action == "supervision.baseline.read" && r.Department == Market);
    }

    private Task<HttpResponseMessage> Put(string url, object body, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return _authority.SendAsync(request);
    }
}
