using GovData.Domain.Identity;
using GovData.Functions.Hosting.Http;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Supervision;

/// <summary>
/// The HTTP functions of scorecards and rankings under /api/supervision, one per operation (docs/supervision.md): one
/// department's card, every card of a period ranked, publishing and withdrawing the ranking, and its publication history.
/// Each reads the request, calls <see cref="ScorecardService"/> or <see cref="RankingService"/> and maps the outcome with
/// <see cref="SupervisionAnswers"/>. The gate has checked the token, the roles and the body limit before any of them runs.
/// </summary>
public sealed class ScorecardFunctions(ScorecardService scorecards, RankingService rankings)
{
    private const string Rankings = "supervision/rankings/{period}";
    private const string Tag = "Supervision";

    /// <summary>One department's scorecard.</summary>
    [Function("GetScorecard")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority, Role.Auditor, Role.CoordinationOffice)]
    [Operation(Tag, "A department's scorecard for a period (2026, 2026-Q4, 2026-11): its own, or any once the ranking is published; all for the DataAuthority and Auditors")]
    [Returns(StatusCodes.Status200OK, typeof(ScorecardView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "supervision/scorecards/{department}/{period}")] HttpRequest req,
        string department, string period, CancellationToken ct) =>
        SupervisionAnswers.Ok(req, await scorecards.GetAsync(RequestContext.Of(req.HttpContext), department, period, ct));

    /// <summary>Every scorecard of a period, ranked.</summary>
    [Function("ListScorecards")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority, Role.Auditor, Role.CoordinationOffice)]
    [Operation(Tag, "Every department's scorecard for a period, ranked (DataAuthority, Auditor, or everyone once published; otherwise only the caller's own)")]
    [Query("period", "The period: a year (2026), a quarter (2026-Q4) or a month (2026-11)", Required = true)]
    [Returns(StatusCodes.Status200OK, typeof(ScorecardRanking))]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "supervision/scorecards")] HttpRequest req, CancellationToken ct) =>
        SupervisionAnswers.Ok(req, await scorecards.ListAsync(RequestContext.Of(req.HttpContext), SupervisionAnswers.Single(req, "period"), ct));

    /// <summary>Publish the ranking of a period.</summary>
    [Function("PublishRanking")]
    [Roles(Role.DataAuthority)]
    [Operation(Tag, "Publish the ranking of a period (DataAuthority, 000 第八条): every department may then read every scorecard and the report of that period; publishes again after a withdrawal (201)")]
    [Returns(StatusCodes.Status201Created, typeof(PublishedRankingView))]
    [Returns(StatusCodes.Status200OK, typeof(PublishedRankingView))]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> PublishAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Rankings + "/publication")] HttpRequest req, string period,
        CancellationToken ct) =>
        SupervisionAnswers.Created(req, await rankings.PublishAsync(RequestContext.Of(req.HttpContext), period, ct), p => $"/api/supervision/scorecards?period={p.Period}");

    /// <summary>Withdraw the published ranking of a period.</summary>
    [Function("WithdrawRanking")]
    [Roles(Role.DataAuthority)]
    [Operation(Tag, "Withdraw the published ranking of a period with a reason (DataAuthority): its scorecards, report and findings are private again until it is published again")]
    [Accepts(typeof(RankingWithdrawalRequest))]
    [Returns(StatusCodes.Status200OK, typeof(RankingPublicationView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status409Conflict)]
    public async Task<IResult> WithdrawAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Rankings + "/withdrawal")] HttpRequest req, string period,
        CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<RankingWithdrawalRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return SupervisionAnswers.Ok(req, await rankings.WithdrawAsync(RequestContext.Of(req.HttpContext), period, body!, ct));
    }

    /// <summary>Whether the ranking of a period is published.</summary>
    [Function("GetRankingPublication")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority, Role.Auditor, Role.CoordinationOffice)]
    [Operation(Tag, "Whether the ranking of a period is published or withdrawn, with every publication and withdrawal (who, when, why)")]
    [Returns(StatusCodes.Status200OK, typeof(RankingPublicationView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> PublicationAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Rankings + "/publication")] HttpRequest req, string period,
        CancellationToken ct) =>
        SupervisionAnswers.Ok(req, await rankings.PublicationAsync(RequestContext.Of(req.HttpContext), period, ct));
}
