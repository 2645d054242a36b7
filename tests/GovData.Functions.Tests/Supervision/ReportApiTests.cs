using System.Net;
using System.Net.Http.Json;
using System.Text;
using ClosedXML.Excel;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Supervision;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Supervision;

/// <summary>Evaluation reports: generated on demand and by the monthly timer, HTML with charts, CSV, Excel; visibility and audit.</summary>
public sealed class ReportApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly SupervisionApi _api = new(app);
    private readonly HttpClient _authority = app.DataAuthority();

    private async Task SeedAsync(DateTimeOffset at, params (string Department, int Answered, int OnTime)[] departments)
    {
        foreach (var (dept, answered, onTime) in departments)
            for (var i = 0; i < answered; i++)
                await _api.Deliver(SupervisionApi.Event(dept, SupervisionEventKinds.ShareRequestAnswered, at,
                    new() { ["outcome"] = "Approved", ["onTime"] = (i < onTime).ToString(), ["workingDays"] = "2" }));
    }

    [Fact]
    public async Task The_authority_generates_a_report_with_ranking_charts_html_csv_and_excel_that_departments_read_once_published()
    {
        var (a, b, c) = (SupervisionApi.NewDepartment(), SupervisionApi.NewDepartment(), SupervisionApi.NewDepartment());
        await SeedAsync(new DateTimeOffset(2025, 3, 12, 10, 0, 0, China), (a, 4, 2), (b, 4, 4), (c, 4, 3));

        var police = app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        await (await police.PostAsJsonAsync("/api/supervision/reports", new { period = "2025-03" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await _authority.PostAsJsonAsync("/api/supervision/reports", new { period = "March" })).ShouldNameField("period");
        await (await _authority.GetAsync("/api/supervision/reports/2025-03")).ShouldBeProblem(HttpStatusCode.NotFound);

        var report = await (await _authority.PostAsJsonAsync("/api/supervision/reports", new { period = "2025-03" })).ShouldBe(HttpStatusCode.Created);
        Assert.Equal("2025-03", report.GetProperty("period").GetString());
        var files = report.GetProperty("files");
        Assert.Equal(["ranking.csv", "ranking.xlsx", "rates.svg", "report.html", "scores.svg"], files.EnumerateObject().Select(f => f.Name));

        var htmlResponse = await _authority.GetAsync(files.GetProperty("report.html").GetString());
        Assert.Equal("text/html", htmlResponse.Content.Headers.ContentType?.MediaType);
        var html = await htmlResponse.Content.ReadAsStringAsync();
        Assert.Contains("<svg", html);
        Assert.Contains("<table>", html);
        Assert.Contains("<title>2025年3月数据工作考评报告</title>", html);
        var table = html[html.IndexOf("<table>", StringComparison.Ordinal)..];
        Assert.Contains("<th scope=\"col\">部门名称</th><th scope=\"col\">得分</th>", table);
        Assert.True(table.IndexOf(b, StringComparison.Ordinal) < table.IndexOf(c, StringComparison.Ordinal) && table.IndexOf(c, StringComparison.Ordinal) < table.IndexOf(a, StringComparison.Ordinal), "ranked b, c, a");
        Assert.Contains("龙岩市公安局", html);

        var csv = Encoding.UTF8.GetString(await _authority.GetByteArrayAsync(files.GetProperty("ranking.csv").GetString())).TrimStart('\uFEFF').Split("\r\n");
        Assert.StartsWith("rank,department,name,score", csv[0]);
        var ranked = csv.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        Assert.Equal(["1", b, "", "100"], ranked[0][..4]);
        Assert.Equal(["2", c, "", "75"], ranked[1][..4]);
        Assert.Equal(["3", a, "", "50"], ranked[2][..4]);

        using (var workbook = new XLWorkbook(new MemoryStream(await _authority.GetByteArrayAsync(files.GetProperty("ranking.xlsx").GetString()))))
        {
            var sheet = workbook.Worksheet("ranking");
            Assert.Equal("得分", sheet.Cell(1, 4).GetString());
            Assert.Equal("score", sheet.Cell(2, 4).GetString());
            Assert.Equal(b, sheet.Cell(3, 2).GetString());
            Assert.Equal(100, sheet.Cell(3, 4).GetDouble());
        }

        // The charts: well-formed SVG, titled in Chinese, one bar per ranked department labelled by rank and name (the code where unnamed).
        var svgResponse = await _authority.GetAsync(files.GetProperty("scores.svg").GetString());
        Assert.Equal("image/svg+xml", svgResponse.Content.Headers.ContentType?.MediaType);
        var scores = System.Xml.Linq.XDocument.Parse(await svgResponse.Content.ReadAsStringAsync()).Root!;
        System.Xml.Linq.XNamespace svg = "http://www.w3.org/2000/svg";
        Assert.Equal("2025年3月各部门考评得分（满分100）", scores.Element(svg + "title")!.Value);
        var texts = scores.Descendants(svg + "text").Select(t => t.Value).ToList();
        Assert.Equal(["1 " + b, "2 " + c, "3 " + a], texts.Where(t => t.EndsWith(a, StringComparison.Ordinal) || t.EndsWith(b, StringComparison.Ordinal) || t.EndsWith(c, StringComparison.Ordinal)));
        Assert.Contains("100.0", texts);
        Assert.Contains($"2 {c} 75.0", scores.Element(svg + "desc")!.Value);
        var rates = System.Xml.Linq.XDocument.Parse(await _authority.GetStringAsync(files.GetProperty("rates.svg").GetString())).Root!;
        Assert.Equal(["共享申请按时答复率", "数据汇聚按时率", "数据质量合格率"], rates.Descendants(svg + "text").Select(t => t.Value).Where(t => t.EndsWith("率", StringComparison.Ordinal)).Take(3));
        Assert.Contains($"3 {a}：共享申请按时答复率 50.0%，数据汇聚按时率 无数据", rates.Element(svg + "desc")!.Value);

        // A department reads it only once the ranking of the period is published; an auditor always.
        await (await police.GetAsync("/api/supervision/reports/2025-03")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await police.GetAsync("/api/supervision/reports/2025-03/files/report.html")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await app.ClientFor(DemoJurisdiction.DataAuthority, Role.Auditor).GetAsync("/api/supervision/reports/2025-03")).ShouldBe(HttpStatusCode.OK);
        await (await _authority.PostAsync("/api/supervision/rankings/2025-03/publication", null)).ShouldBe(HttpStatusCode.Created);
        await (await police.GetAsync("/api/supervision/reports/2025-03")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("<svg", await police.GetStringAsync("/api/supervision/reports/2025-03/files/report.html"));
        await (await police.GetAsync("/api/supervision/reports/2025-03/files/secret.txt")).ShouldBeProblem(HttpStatusCode.NotFound);

        var trail = await _api.AuditAsync("supervision/350800/reports/2025-03");
        Assert.Contains(trail, r => r.Action == "supervision.report.generate" && r.UserId.Contains("001D", StringComparison.Ordinal));
        Assert.Contains(trail, r => r.Action == "supervision.report.download" && r.Department == DemoJurisdiction.PublicSecurity.Code);
        Assert.Contains(trail, r => r.Action == "supervision.report.read" && r.Outcome == Domain.Audit.AuditOutcome.Refused);
    }
}

/// <summary>The monthly timer function generates the reports of the periods that just ended.</summary>
public sealed class ReportTimerTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly SupervisionApi _api = new(app);

    [Fact]
    public async Task The_monthly_timer_reports_the_month_quarter_and_year_that_just_ended()
    {
        Assert.Equal(["2026-11"], SupervisionReportTimer.EndedBefore(new DateOnly(2026, 12, 1)).Select(p => p.Key));
        Assert.Equal(["2026-09", "2026-Q3"], SupervisionReportTimer.EndedBefore(new DateOnly(2026, 10, 1)).Select(p => p.Key));
        Assert.Equal(["2025-12", "2025-Q4", "2025"], SupervisionReportTimer.EndedBefore(new DateOnly(2026, 1, 1)).Select(p => p.Key));

        var dept = SupervisionApi.NewDepartment();
        await _api.Deliver(SupervisionApi.Event(dept, SupervisionEventKinds.ShareRequestAnswered, new DateTimeOffset(2026, 12, 5, 10, 0, 0, China), new() { ["onTime"] = "true", ["workingDays"] = "2" }));
        // The app's clock only moves forward, so this class has its own app.
        app.Time.SetUtcNow(new DateTimeOffset(2027, 1, 1, 10, 0, 0, China));
        // The handler behind the SupervisionReports timer function, for its summary line.
        var result = await app.Services.GetRequiredService<SupervisionReportTimer>().HandleAsync("test", CancellationToken.None);
        Assert.Contains(result.Lines, l => l.StartsWith("350800 2026:", StringComparison.Ordinal));
        var authority = app.DataAuthority();
        foreach (var period in new[] { "2026-12", "2026-Q4", "2026" })
        {
            var report = await (await authority.GetAsync($"/api/supervision/reports/{period}")).ShouldBe(HttpStatusCode.OK);
            Assert.Equal("system", report.GetProperty("generatedBy").GetString());
        }
        Assert.Contains(dept, await authority.GetStringAsync("/api/supervision/reports/2026/files/ranking.csv"));
        Assert.Contains(await _api.AuditAsync("supervision/350800/reports/2026-12"), r => r.Action == "supervision.report.generate" && r.UserId == "system");
    }
}
