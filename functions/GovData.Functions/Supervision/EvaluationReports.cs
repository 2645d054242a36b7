using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Serialization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ClosedXML.Excel;
using GovData.Domain.Calendar;
using GovData.Domain.Supervision;
using GovData.Functions.Catalog;
using GovData.Functions.Reference;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Supervision;

/// <summary>A generated evaluation report: where its files are and what it ranked.</summary>
public sealed record EvaluationReportDocument
{
    /// <summary>Document kind.</summary>
    public const string DocumentType = "evaluation-report";
    /// <summary><c>evaluation-report:{period}</c> (the latest generation of the period).</summary>
    public required string Id { get; init; }
    /// <summary>Partition key.</summary>
    public required string Jurisdiction { get; init; }
    /// <summary>Document kind.</summary>
    public string Type { get; init; } = DocumentType;
    /// <summary>The period key.</summary>
    public required string Period { get; init; }
    /// <summary>When it was generated.</summary>
    public DateTimeOffset GeneratedAt { get; init; }
    /// <summary>Who generated it (a user id, or <c>system</c> for the timer).</summary>
    public required string GeneratedBy { get; init; }
    /// <summary>Departments in the ranking.</summary>
    public int Departments { get; init; }
    /// <summary>File name to blob name in the <c>reports</c> container.</summary>
    public Dictionary<string, string> Files { get; init; } = [];
    /// <summary>The store's concurrency token.</summary>
    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>
/// Builds the periodic evaluation report of a jurisdiction (001 第二十二条, 004 第二十七条): the ranking table, two charts
/// (SVG, department names and titles in Chinese), an HTML document in Chinese with the charts inline, CSV and Excel, stored in the <c>reports</c> container.
/// Generating again replaces the files of the period (the same input gives the same ranking).
/// </summary>
public sealed class EvaluationReports(ScorecardStore scorecards, CatalogBaselineStore baselines, ReferenceStore reference, BlobServiceClient blobs, Database database, TimeProvider time)
{
    /// <summary>The files of a report and their content types.</summary>
    public static readonly IReadOnlyDictionary<string, string> FileTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["report.html"] = "text/html; charset=utf-8",
        ["ranking.csv"] = "text/csv; charset=utf-8",
        ["ranking.xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ["scores.svg"] = "image/svg+xml",
        ["rates.svg"] = "image/svg+xml",
    };

    // Each column's key (the CSV header and the second row of the sheet, for programs) and the label people read.
    private static readonly (string Key, string Label)[] Columns =
    [
        ("rank", "排名"), ("department", "部门代码"), ("name", "部门名称"), ("score", "得分"),
        ("catalog", "目录编制及时(%)"), ("aggregation", "数据汇聚(%)"), ("sharing", "共享答复及时(%)"), ("disputes", "争议处理(%)"), ("changeNotices", "变更通知及时(%)"),
        ("catalogPublished", "发布目录数"), ("catalogOnTimeRate", "目录按时发布率(%)"), ("yearlyReviews", "年度复核数"), ("catalogued", "已编目数"),
        ("catalogBaseline", "应编目数"), ("catalogCoverage", "编目覆盖率(%)"), ("aggregationSubmissions", "汇聚提交数"), ("aggregationOnTimeRate", "汇聚按时率(%)"),
        ("qualityPassRate", "质量合格率(%)"), ("shareRequestsReceived", "收到共享申请数"), ("shareRequestsAnswered", "已答复共享申请数"),
        ("shareOnTimeRate", "共享按时答复率(%)"), ("medianAnswerWorkingDays", "答复用时中位数(工作日)"), ("disputesDecided", "争议裁决数"),
        ("disputesOverturned", "争议改判数"), ("openDatasetsPublished", "开放数据集发布数"), ("findingsRaised", "本期整改事项数"), ("openFindingsNow", "未办结整改事项数"),
    ];

    private static readonly string[] Header = [.. Columns.Select(c => c.Key)];
    private static readonly int CoverageColumn = Array.IndexOf(Header, "catalogCoverage");

    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Supervision);

    /// <summary>The id of a period's report document.</summary>
    public static string ReportId(ScorecardPeriod period) => "evaluation-report:" + period.Key;

    /// <summary>The blob name of one file of a report.</summary>
    public static string BlobName(string jurisdiction, ScorecardPeriod period, string file) => $"supervision/{jurisdiction}/{period.Key}/{file}";

    /// <summary>Generates and stores the report of the period.</summary>
    public async Task<EvaluationReportDocument> GenerateAsync(string jurisdiction, ScorecardPeriod period, string generatedBy, CancellationToken ct)
    {
        var ranking = await ScorecardService.RankAsync(scorecards, baselines, reference, jurisdiction, period, ct);
        var now = time.GetUtcNow();
        var rows = ranking.Rows.Select(r => Cells(r, ranking)).ToList();
        var scoresSvg = ScoresChart(ranking);
        var ratesSvg = RatesChart(ranking);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["report.html"] = Encoding.UTF8.GetBytes(Html(jurisdiction, ranking, rows, scoresSvg, ratesSvg, now)),
            ["ranking.csv"] = CatalogSheet.ToCsv(Header, rows),
            ["ranking.xlsx"] = Xlsx(rows),
            ["scores.svg"] = Encoding.UTF8.GetBytes(scoresSvg),
            ["rates.svg"] = Encoding.UTF8.GetBytes(ratesSvg),
        };
        var container = blobs.GetBlobContainerClient(StorageNames.Blobs.Reports);
        foreach (var (name, bytes) in files)
            await container.GetBlobClient(BlobName(jurisdiction, period, name)).UploadAsync(new BinaryData(bytes),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = FileTypes[name] } }, ct);
        var doc = new EvaluationReportDocument
        {
            Id = ReportId(period), Jurisdiction = jurisdiction, Period = period.Key, GeneratedAt = now, GeneratedBy = generatedBy,
            Departments = ranking.Rows.Count, Files = files.Keys.ToDictionary(k => k, k => BlobName(jurisdiction, period, k), StringComparer.Ordinal),
        };
        return (await _container.UpsertItemAsync(doc, new PartitionKey(jurisdiction), cancellationToken: ct)).Resource;
    }

    /// <summary>The report document of the period, or null when none was generated.</summary>
    public async Task<EvaluationReportDocument?> FindAsync(string jurisdiction, ScorecardPeriod period, CancellationToken ct)
    {
        try { return (await _container.ReadItemAsync<EvaluationReportDocument>(ReportId(period), new PartitionKey(jurisdiction), cancellationToken: ct)).Resource; }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>Opens one stored file of a report.</summary>
    public async Task<Stream> OpenAsync(string jurisdiction, ScorecardPeriod period, string file, CancellationToken ct) =>
        await blobs.GetBlobContainerClient(StorageNames.Blobs.Reports).GetBlobClient(BlobName(jurisdiction, period, file)).OpenReadAsync(cancellationToken: ct);

    /// <summary>What the report shows as the coverage of a department without a baseline: unknown, not 0 or 100 %.</summary>
    public const string UnknownCoverage = "unknown";

    private static string Percent(double? v) => v is { } x ? (x * 100).ToString("F1", CultureInfo.InvariantCulture) : "";
    private static string Num(double? v) => v is { } x ? x.ToString("0.#", CultureInfo.InvariantCulture) : "";
    private static string Int(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string[] Cells(RankedDepartment r, Ranking ranking)
    {
        var c = r.Counters;
        var p = r.Components;
        var coverage = ranking.Coverage.GetValueOrDefault(r.Department) ?? new CatalogCoverage(0, null, null);
        return
        [
            r.Rank?.ToString(CultureInfo.InvariantCulture) ?? "", r.Department, ranking.Names.GetValueOrDefault(r.Department) ?? "", Num(r.Score),
            Percent(p.Catalog), Percent(p.Aggregation), Percent(p.Sharing), Percent(p.Disputes), Percent(p.ChangeNotices),
            Int(c.CatalogPublished), Percent(c.CatalogOnTimeRate), Int(c.CatalogReviews),
            Int(coverage.Catalogued), coverage.Baseline is { } b ? Int(b) : "", coverage.Known ? Percent(coverage.Rate) : UnknownCoverage, Int(c.AggregationSubmissions), Percent(c.AggregationOnTimeRate), Percent(c.QualityPassRate),
            Int(c.ShareRequestsReceived), Int(c.ShareRequestsAnswered), Percent(c.ShareOnTimeRate), Num(c.MedianAnswerWorkingDays), Int(c.DisputesDecided), Int(c.DisputesOverturned),
            Int(c.OpenDatasetsPublished), Int(c.FindingsRaised), Int(ranking.OpenFindings.GetValueOrDefault(r.Department)),
        ];
    }

    // A department's name on the charts (its code where the jurisdiction does not name it), after its rank.
    private static List<string> Labels(Ranking ranking, IEnumerable<RankedDepartment> rows) =>
        [.. rows.Select(r => $"{r.Rank} {(ranking.Names.GetValueOrDefault(r.Department) is { Length: > 0 } name ? name : r.Department)}")];

    private static List<RankedDepartment> Scored(Ranking ranking) => [.. ranking.Rows.Where(r => r.Score is not null)];

    private static string ScoresChart(Ranking ranking)
    {
        var scored = Scored(ranking);
        return SvgBarChart.Write("scores", $"{ranking.Period.ChineseName}各部门考评得分（满分100）", Labels(ranking, scored),
            [new ChartSeries("考评得分", "#1f5fa8", [.. scored.Select(r => r.Score)])], max: 100, unit: "", decimals: 1);
    }

    private static string RatesChart(Ranking ranking)
    {
        var scored = Scored(ranking);
        static double? Pct(double? rate) => rate * 100;
        return SvgBarChart.Write("rates", $"{ranking.Period.ChineseName}各部门按时率与质量合格率（%）", Labels(ranking, scored),
        [
            new ChartSeries("共享申请按时答复率", "#1f5fa8", [.. scored.Select(r => Pct(r.Counters.ShareOnTimeRate))]),
            new ChartSeries("数据汇聚按时率", "#b35900", [.. scored.Select(r => Pct(r.Counters.AggregationOnTimeRate))]),
            new ChartSeries("数据质量合格率", "#2e7d32", [.. scored.Select(r => Pct(r.Counters.QualityPassRate))]),
        ], max: 100, unit: "%", decimals: 1);
    }

    // A report handed to leadership: Chinese throughout, the charts inline, no scripts, printable.
    private static string Html(string jurisdiction, Ranking ranking, List<string[]> rows, string scoresSvg, string ratesSvg, DateTimeOffset now)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var title = $"{ranking.Period.ChineseName}数据工作考评报告";
        var scored = ranking.Rows.Count(r => r.Score is not null);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>").Append(E(title))
          .Append("</title><style>body{font-family:").Append(SvgBarChart.FontFamily).Append(";margin:2em;color:#1a1a1a}")
          .Append("table{border-collapse:collapse;font-size:12px}th,td{border:1px solid #999;padding:2px 6px;text-align:right}th{background:#f0f0f0}")
          .Append("td:nth-child(2),td:nth-child(3){text-align:left;white-space:nowrap}figure{margin:1em 0}svg{max-width:100%;height:auto}</style></head><body>");
        sb.Append("<h1>").Append(E(title)).Append("</h1>");
        sb.Append("<p>").Append(E($"行政区划代码 {jurisdiction}；考评期间 {ranking.Period.ChineseName}（{ChinaTime.ChineseDate(ranking.Period.FirstDay)}至{ChinaTime.ChineseDate(ranking.Period.NextFirstDay.AddDays(-1))}）；参评部门 {ranking.Rows.Count} 个，其中得分 {scored} 个。"))
          .Append(E($"生成时间 {ChinaTime.ChineseDateTime(now)}（北京时间）。")).Append("</p>");
        sb.Append("<p>").Append(E("依据：各部门记分卡（《上海市政务数据资源共享管理办法》第二十二条、《福建省政务数据管理办法》第八条、《龙岩市政务数据管理办法（试行）》第二十七条）。"))
          .Append(E($"得分为部门本期有工作量的各项指标的加权平均（目录编制及时 {EvaluationScore.CatalogWeight}、数据汇聚 {EvaluationScore.AggregationWeight}、共享答复及时 {EvaluationScore.SharingWeight}、争议处理 {EvaluationScore.DisputeWeight}、变更通知及时 {EvaluationScore.ChangeNoticeWeight}）乘以100，"))
          .Append(E($"本期每产生一项整改事项扣 {EvaluationScore.PenaltyPerFinding} 分，最多扣 {EvaluationScore.MaxPenalty} 分；没有工作量的指标不计入，本期无任何工作量的部门不排名。"))
          .Append("</p>");
        sb.Append("<h2>一、考评得分</h2><figure>").Append(scoresSvg).Append("</figure>");
        sb.Append("<h2>二、按时率与质量合格率</h2><figure>").Append(ratesSvg).Append("</figure>");
        sb.Append("<h2>三、排名及明细</h2><table><thead><tr>");
        foreach (var (_, label) in Columns) sb.Append("<th scope=\"col\">").Append(E(label)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in rows)
        {
            sb.Append("<tr>");
            for (var c = 0; c < r.Length; c++) sb.Append("<td>").Append(E(ForPeople(c, r[c]))).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table><p>").Append(E("注：“—”表示本期没有该项工作；编目覆盖率“未知”表示尚未登记应编目数（基数）。")).Append("</p></body></html>");
        return sb.ToString();
    }

    // What a reader sees for a cell: a dash for no work, 未知 for a coverage without a baseline.
    private static string ForPeople(int column, string cell) =>
        cell.Length == 0 && column > 2 ? "—" : column == CoverageColumn && cell == UnknownCoverage ? "未知" : cell;

    private static byte[] Xlsx(List<string[]> rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("ranking");
        // Row 1 is what people read, row 2 the keys programs use (the CSV's header); both stay in view when scrolling.
        for (var c = 0; c < Columns.Length; c++)
        {
            sheet.Cell(1, c + 1).SetValue(Columns[c].Label);
            sheet.Cell(2, c + 1).SetValue(Columns[c].Key);
        }
        sheet.Row(1).Style.Font.Bold = true;
        sheet.Row(2).Style.Font.FontColor = XLColor.Gray;
        for (var r = 0; r < rows.Count; r++)
            for (var c = 0; c < rows[r].Length; c++)
            {
                var cell = sheet.Cell(r + 3, c + 1);
                // Figures go in as numbers so the sheet can be sorted and charted; names and codes stay text.
                if (c is not 1 and not 2 && double.TryParse(rows[r][c], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) cell.SetValue(n);
                else { cell.SetValue(ForPeople(c, rows[r][c])); cell.DataType = XLDataType.Text; }
            }
        sheet.SheetView.FreezeRows(2);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
