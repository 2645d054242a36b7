using GovData.Domain.Identity;
using GovData.Functions.Hosting.Http;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Supervision;

/// <summary>
/// The HTTP functions of catalog baselines under /api/supervision/baselines, one per operation (docs/supervision.md): the
/// DataAuthority records them, departments read their own. Each reads the request, calls <see cref="BaselineService"/> and
/// maps the outcome with <see cref="SupervisionAnswers"/>. The gate has checked the token, the roles and the body limit
/// before any of them runs.
/// </summary>
public sealed class BaselineFunctions(BaselineService baselines)
{
    private const string Baselines = "supervision/baselines";
    private const string Tag = "Supervision";

    /// <summary>Record a department's baseline for a year.</summary>
    [Function("SetCatalogBaseline")]
    [Roles(Role.DataAuthority)]
    [Operation(Tag, "Record how many data resources a department is expected to catalogue in a year, and from which duties list (DataAuthority; the denominator of catalog coverage)")]
    [Accepts(typeof(CatalogBaselineRequest))]
    [Returns(StatusCodes.Status201Created, typeof(BaselineView))]
    [Returns(StatusCodes.Status200OK, typeof(BaselineView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status412PreconditionFailed)]
    public async Task<IResult> SetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Baselines + "/{department}/{year}")] HttpRequest req,
        string department, string year, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<CatalogBaselineRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return SupervisionAnswers.Created(req, await baselines.SetAsync(RequestContext.Of(req.HttpContext), department, year, body!, req.Headers.IfMatch.ToString(), ct),
            b => $"/api/supervision/baselines/{b.Department}/{b.Year}");
    }

    /// <summary>Read a department's baseline for a year.</summary>
    [Function("GetCatalogBaseline")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority, Role.Auditor, Role.CoordinationOffice)]
    [Operation(Tag, "A department's catalog baseline for a year with its history (own department; all for the DataAuthority and Auditors)")]
    [Returns(StatusCodes.Status200OK, typeof(BaselineView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Baselines + "/{department}/{year}")] HttpRequest req,
        string department, string year, CancellationToken ct) =>
        SupervisionAnswers.Ok(req, await baselines.GetAsync(RequestContext.Of(req.HttpContext), department, year, ct));

    /// <summary>The baselines of a year.</summary>
    [Function("ListCatalogBaselines")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority, Role.Auditor, Role.CoordinationOffice)]
    [Operation(Tag, "The catalog baselines of a year (all for the DataAuthority and Auditors; a department its own)")]
    [Query("year", "The year (2000-2100)", Required = true)]
    [Returns(StatusCodes.Status200OK, typeof(BaselineList))]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Baselines)] HttpRequest req, CancellationToken ct) =>
        SupervisionAnswers.Ok(req, await baselines.ListAsync(RequestContext.Of(req.HttpContext), SupervisionAnswers.Single(req, "year"), ct));
}
