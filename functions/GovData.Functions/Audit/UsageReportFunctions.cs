using GovData.Domain.Identity;
using GovData.Functions.Hosting.Http;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Audit;

/// <summary>
/// The HTTP functions of the usage report subscription under /api/audit/usage (000 第三十九条, docs/audit.md), over
/// <see cref="UsageReportOperations"/>: a producing department subscribes to a periodic report of the use of its own data,
/// lists the reports written and downloads one.
/// </summary>
public sealed class UsageReportFunctions(UsageReportOperations usage)
{
    private const string Tag = "Audit";
    private const string Subscription = "audit/usage/subscription";

    /// <summary>Subscribe to the usage report.</summary>
    [Function("SetUsageSubscription")]
    [Roles(Role.DataSteward, Role.DataAuthority)]
    [Operation(Tag, "Subscribe the caller's department to a Weekly or Monthly usage report of its own data, as csv or jsonl (replaces an existing subscription)")]
    [Accepts(typeof(UsageSubscriptionRequest))]
    [Returns(StatusCodes.Status200OK, typeof(UsageSubscriptionView))]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> SetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Subscription)] HttpRequest req, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<UsageSubscriptionRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return OperationAnswers.Ok(await usage.SetSubscriptionAsync(RequestContext.Of(req.HttpContext), body!, ct));
    }

    /// <summary>The subscription.</summary>
    [Function("GetUsageSubscription")]
    [Roles(Role.DataSteward, Role.DataAuthority)]
    [Operation(Tag, "The caller's department's usage report subscription")]
    [Returns(StatusCodes.Status200OK, typeof(UsageSubscriptionView))]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Subscription)] HttpRequest req, CancellationToken ct) =>
        OperationAnswers.Ok(await usage.GetSubscriptionAsync(RequestContext.Of(req.HttpContext), ct));

    /// <summary>End the subscription.</summary>
    [Function("EndUsageSubscription")]
    [Roles(Role.DataSteward, Role.DataAuthority)]
    [Operation(Tag, "End the caller's department's usage report subscription (reports already written stay)")]
    [Returns(StatusCodes.Status204NoContent)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> EndAsync([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Subscription)] HttpRequest req, CancellationToken ct)
    {
        var answer = await usage.EndSubscriptionAsync(RequestContext.Of(req.HttpContext), ct);
        return answer.Value ? Results.NoContent() : OperationAnswers.Ok(answer);
    }

    /// <summary>The reports written.</summary>
    [Function("ListUsageReports")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority)]
    [Operation(Tag, "The usage reports written for the caller's department")]
    [Returns(StatusCodes.Status200OK, typeof(UsageReportList))]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit/usage/reports")] HttpRequest req, CancellationToken ct) =>
        Results.Ok(await usage.ListReportsAsync(RequestContext.Of(req.HttpContext), ct));

    /// <summary>Download a report.</summary>
    [Function("DownloadUsageReport")]
    [Roles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority)]
    [Operation(Tag, "Download the caller's department's usage report of a period (2026-W48 or 2026-11)")]
    [Returns(StatusCodes.Status200OK, ContentTypes = ["text/csv", "application/jsonl"])]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> DownloadAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit/usage/reports/{period}")] HttpRequest req, string period,
        CancellationToken ct) =>
        AuditTrailFunctions.File(await usage.DownloadReportAsync(RequestContext.Of(req.HttpContext), period, ct));
}
