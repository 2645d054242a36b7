using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Serialization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ClosedXML.Excel;
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
/// drawn with ScottPlot (SVG), an HTML document with the charts inline, CSV and Excel, stored in the <c>reports</c> container.
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

    private static readonly string[] Header =
    [
        "rank", "department", "name", "score", "catalog", "aggregation", "sharing", "disputes", "changeNotices",
        "catalogPublished", "catalogOnTimeRate", "yearlyReviews", "catalogued", "catalogBaseline", "catalogCoverage", "aggregationSubmissions", "aggregationOnTimeRate", "qualityPassRate",
        "shareRequestsReceived", "shareRequestsAnswered", "shareOnTimeRate", "medianAnswerWorkingDays", "disputesDecided", "disputesOverturned",
        "openDatasetsPublished", "findingsRaised", "openFindingsNow",
    ];

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

    // The machines that render have no CJK font, so chart labels are ranks and codes; the table beside them carries the names.
    private static string ScoresChart(Ranking ranking)
    {
        var plot = new ScottPlot.Plot();
        var scored = ranking.Rows.Where(r => r.Score is not null).ToList();
        var bars = scored.Select((r, i) => new ScottPlot.Bar { Position = i + 1, Value = r.Score!.Value, FillColor = ScottPlot.Colors.SteelBlue }).ToList();
        if (bars.Count > 0) plot.Add.Bars(bars);
        plot.Title($"Evaluation score by rank, {ranking.Period.Key} ({scored.Count} departments scored)");
        plot.YLabel("score (0-100)");
        plot.XLabel("position in the ranking (see the table)");
        plot.Axes.SetLimitsY(0, 100);
        if (scored.Count <= 30)
            plot.Axes.Bottom.SetTicks(scored.Select((_, i) => (double)(i + 1)).ToArray(), scored.Select(r => r.Department[^6..]).ToArray());
        return plot.GetSvgXml(Math.Clamp(60 + 24 * scored.Count, 640, 2400), 400);
    }

    private static string RatesChart(Ranking ranking)
    {
        var plot = new ScottPlot.Plot();
        var rows = ranking.Rows.Where(r => r.Score is not null).ToList();
        var series = new (string Label, Func<RankedDepartment, double?> Value, ScottPlot.Color Color)[]
        {
            ("sharing on time", r => r.Counters.ShareOnTimeRate, ScottPlot.Colors.SteelBlue),
            ("aggregation on time", r => r.Counters.AggregationOnTimeRate, ScottPlot.Colors.Orange),
            ("quality pass", r => r.Counters.QualityPassRate, ScottPlot.Colors.SeaGreen),
        };
        for (var s = 0; s < series.Length; s++)
        {
            var bars = rows.Select((r, i) => (r, i)).Where(x => series[s].Value(x.r) is not null)
                .Select(x => new ScottPlot.Bar { Position = x.i * (series.Length + 1) + s, Value = series[s].Value(x.r)!.Value * 100, FillColor = series[s].Color }).ToList();
            if (bars.Count == 0) continue;
            var added = plot.Add.Bars(bars);
            added.LegendText = series[s].Label;
        }
        plot.Title($"On-time and quality rates (%), {ranking.Period.Key}, in ranking order");
        plot.Axes.SetLimitsY(0, 105);
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        return plot.GetSvgXml(Math.Clamp(60 + 40 * rows.Count, 640, 3200), 420);
    }

    private static string Html(string jurisdiction, Ranking ranking, List<string[]> rows, string scoresSvg, string ratesSvg, DateTimeOffset now)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        static string Inline(string svg) => svg.StartsWith("<?xml", StringComparison.Ordinal) ? svg[(svg.IndexOf("?>", StringComparison.Ordinal) + 2)..] : svg;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").Append(E($"数据工作评估报告 {jurisdiction} {ranking.Period.Key}"))
          .Append("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;font-size:12px}th,td{border:1px solid #999;padding:2px 6px;text-align:right}td:nth-child(2),td:nth-child(3){text-align:left}</style></head><body>");
        sb.Append("<h1>").Append(E($"数据工作评估报告 / Evaluation report: {jurisdiction}, {ranking.Period.Key}")).Append("</h1>");
        sb.Append("<p>").Append(E($"Generated {now.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm} (China time) from the department scorecards (001 第二十二条, 000 第八条, 004 第二十七条). "))
          .Append(E($"Score = weighted mean of the components the department had work in (catalog {EvaluationScore.CatalogWeight}, aggregation {EvaluationScore.AggregationWeight}, sharing {EvaluationScore.SharingWeight}, disputes {EvaluationScore.DisputeWeight}, change notices {EvaluationScore.ChangeNoticeWeight}), times 100, minus {EvaluationScore.PenaltyPerFinding} points per finding raised in the period (at most {EvaluationScore.MaxPenalty})."))
          .Append("</p>");
        sb.Append("<h2>Ranking</h2><table><thead><tr>");
        foreach (var h in Header) sb.Append("<th>").Append(E(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in rows)
        {
            sb.Append("<tr>");
            foreach (var cell in r) sb.Append("<td>").Append(E(cell)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table><h2>Charts</h2><figure>").Append(Inline(scoresSvg)).Append("</figure><figure>").Append(Inline(ratesSvg)).Append("</figure></body></html>");
        return sb.ToString();
    }

    private static byte[] Xlsx(List<string[]> rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("ranking");
        for (var c = 0; c < Header.Length; c++) sheet.Cell(1, c + 1).SetValue(Header[c]);
        for (var r = 0; r < rows.Count; r++)
            for (var c = 0; c < rows[r].Length; c++)
            {
                var cell = sheet.Cell(r + 2, c + 1);
                // Figures go in as numbers so the sheet can be sorted and charted; names and codes stay text.
                if (c is not 1 and not 2 && double.TryParse(rows[r][c], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) cell.SetValue(n);
                else { cell.SetValue(rows[r][c]); cell.DataType = XLDataType.Text; }
            }
        sheet.SheetView.FreezeRows(1);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
