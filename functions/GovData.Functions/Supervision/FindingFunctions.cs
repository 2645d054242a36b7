using GovData.Domain.Identity;
using GovData.Functions.Hosting.Http;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Supervision;

/// <summary>
/// The HTTP functions of findings under /api/supervision/findings, one per operation (docs/supervision.md): list, read,
/// answer (the department), accept or reopen (the DataAuthority). Each reads the request (route values, query, If-Match,
/// JSON body), calls <see cref="FindingService"/> and maps the outcome with <see cref="SupervisionAnswers"/>. The gate has
/// checked the token, the roles and the body limit before any of them runs.
/// </summary>
public sealed class FindingFunctions(FindingService findings)
{
    private const string Findings = "supervision/findings";
    private const string Tag = "Supervision";

    /// <summary>List findings.</summary>
    [Function("ListFindings")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority, Role.Auditor, Role.CoordinationOffice)]
    [Operation(Tag, "Findings of the jurisdiction (DataAuthority, Auditor) or of the caller's department; filters: department, rule, state")]
    [Query("department", "The department's unified social credit code (another department's findings only as far as the ranking of their period is published)")]
    [Query("rule", "The rule key, e.g. catalog.updateDeadline (at most 100 characters)")]
    [Query("state", "Open, Remedied, AcceptanceRequested or AcceptedWithReason")]
    [Returns(StatusCodes.Status200OK, typeof(FindingList))]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Findings)] HttpRequest req, CancellationToken ct) =>
        SupervisionAnswers.Ok(req, await findings.ListAsync(RequestContext.Of(req.HttpContext),
            SupervisionAnswers.Single(req, "department"), SupervisionAnswers.Single(req, "rule"), SupervisionAnswers.Single(req, "state"), ct));

    /// <summary>Read a finding.</summary>
    [Function("GetFinding")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority, Role.Auditor, Role.CoordinationOffice)]
    [Operation(Tag, "Read a finding with its history; the ETag header is the If-Match for answers and decisions")]
    [Returns(StatusCodes.Status200OK, typeof(FindingView))]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Findings + "/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        SupervisionAnswers.Ok(req, await findings.GetAsync(RequestContext.Of(req.HttpContext), id, ct));

    /// <summary>The department answers its finding.</summary>
    [Function("AnswerFinding")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Answer the department's own finding: Remedied with a note, or AcceptanceRequested with the reason (If-Match: the finding's ETag)")]
    [Accepts(typeof(FindingAnswerRequest))]
    [Returns(StatusCodes.Status200OK, typeof(FindingView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    [Returns(StatusCodes.Status412PreconditionFailed)]
    public async Task<IResult> AnswerAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Findings + "/{id}/answer")] HttpRequest req, string id, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<FindingAnswerRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return SupervisionAnswers.Ok(req, await findings.AnswerAsync(RequestContext.Of(req.HttpContext), id, body!, req.Headers.IfMatch.ToString(), ct));
    }

    /// <summary>The DataAuthority accepts or reopens a finding.</summary>
    [Function("DecideFinding")]
    [Roles(Role.DataAuthority)]
    [Operation(Tag, "Accept a finding with a reason (AcceptedWithReason) or reopen an answered one (DataAuthority; If-Match: the finding's ETag)")]
    [Accepts(typeof(FindingDecisionRequest))]
    [Returns(StatusCodes.Status200OK, typeof(FindingView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    [Returns(StatusCodes.Status412PreconditionFailed)]
    public async Task<IResult> DecideAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Findings + "/{id}/decision")] HttpRequest req, string id, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<FindingDecisionRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return SupervisionAnswers.Ok(req, await findings.DecideAsync(RequestContext.Of(req.HttpContext), id, body!, req.Headers.IfMatch.ToString(), ct));
    }
}
