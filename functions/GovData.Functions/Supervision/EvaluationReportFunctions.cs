using GovData.Domain.Identity;
using GovData.Functions.Hosting.Http;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Supervision;

/// <summary>
/// The HTTP functions of evaluation reports under /api/supervision/reports, one per operation (docs/supervision.md):
/// generate on demand (DataAuthority), read the summary, download the files. Each reads the request, calls
/// <see cref="EvaluationReportService"/> and maps the outcome with <see cref="SupervisionAnswers"/>. The gate has checked the
/// token, the roles and the body limit before any of them runs.
/// </summary>
public sealed class EvaluationReportFunctions(EvaluationReportService reports)
{
    private const string Reports = "supervision/reports";
    private const string Tag = "Supervision";

    /// <summary>Generate the report of a period now.</summary>
    [Function("GenerateEvaluationReport")]
    [Roles(Role.DataAuthority)]
    [Operation(Tag, "Generate the evaluation report of a period now (DataAuthority): ranking, charts, HTML, CSV and Excel")]
    [Accepts(typeof(ReportRequest))]
    [Returns(StatusCodes.Status201Created, typeof(EvaluationReportView))]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> GenerateAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Reports)] HttpRequest req, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<ReportRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return SupervisionAnswers.Created(req, await reports.GenerateAsync(RequestContext.Of(req.HttpContext), body!, ct), r => $"/api/supervision/reports/{r.Period}");
    }

    /// <summary>Read the report of a period.</summary>
    [Function("GetEvaluationReport")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority, Role.Auditor, Role.CoordinationOffice)]
    [Operation(Tag, "The evaluation report of a period (DataAuthority, Auditor; departments once the ranking is published)")]
    [Returns(StatusCodes.Status200OK, typeof(EvaluationReportView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Reports + "/{period}")] HttpRequest req, string period, CancellationToken ct) =>
        SupervisionAnswers.Ok(req, await reports.GetAsync(RequestContext.Of(req.HttpContext), period, ct));

    /// <summary>Download a file of the report of a period.</summary>
    [Function("DownloadEvaluationReportFile")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority, Role.Auditor, Role.CoordinationOffice)]
    [Operation(Tag, "Download a file of the report: report.html, ranking.csv, ranking.xlsx, scores.svg, rates.svg")]
    [Returns(StatusCodes.Status200OK, ContentTypes = ["text/html", "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "image/svg+xml"])]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> DownloadAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Reports + "/{period}/files/{file}")] HttpRequest req,
        string period, string file, CancellationToken ct) =>
        SupervisionAnswers.File(await reports.OpenAsync(RequestContext.Of(req.HttpContext), period, file, ct));
}
