using GovData.Domain.Identity;
using GovData.Functions.Hosting.Http;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Aggregation;

/// <summary>
/// The HTTP functions of version removal (000 第四十一条) under /api/aggregation: the owning department asks, the data authority
/// decides; reading a request and listing the pending ones. Each calls <see cref="VersionRemovalService"/> and maps the
/// outcome with <see cref="AggregationAnswers"/>; see docs/aggregation.md.
/// </summary>
public sealed class VersionRemovalFunctions(VersionRemovalService removals)
{
    private const string Tag = "Aggregation";

    /// <summary>Ask to remove a curated version.</summary>
    [Function("RequestVersionRemoval")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Ask to remove a curated version of an entry of the caller's department, with the reason; the data authority decides (000 第四十一条)")]
    [Accepts(typeof(RemovalRequest))]
    [Returns(StatusCodes.Status201Created, typeof(RemovalRequestView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public async Task<IResult> RequestAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "aggregation/entries/{entryId}/versions/{version:int}/removal-requests")] HttpRequest req,
        string entryId, int version, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<RemovalRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return AggregationAnswers.Created(await removals.RequestAsync(RequestContext.Of(req.HttpContext), entryId, version, body!, ct), r => RemovalRequestView.UrlOf(r.Id));
    }

    /// <summary>Decide a removal request.</summary>
    [Function("DecideVersionRemoval")]
    [Roles(Role.DataAuthority)]
    [Operation(Tag, "Approve or refuse a version removal request, with the reason; an approved removal marks the version removed (its data is kept)")]
    [Accepts(typeof(RemovalDecisionRequest))]
    [Returns(StatusCodes.Status200OK, typeof(RemovalRequestView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public async Task<IResult> DecideAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "aggregation/removal-requests/{id}/decision")] HttpRequest req, string id,
        CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<RemovalDecisionRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return AggregationAnswers.Ok(await removals.DecideAsync(RequestContext.Of(req.HttpContext), id, body!, ct));
    }

    /// <summary>Read a removal request.</summary>
    [Function("GetVersionRemovalRequest")]
    [Roles(Role.DataSteward, Role.DataAuthority)]
    [Operation(Tag, "A version removal request, to the requesting department and the data authority")]
    [Returns(StatusCodes.Status200OK, typeof(RemovalRequestView))]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "aggregation/removal-requests/{id}")] HttpRequest req, string id,
        CancellationToken ct) =>
        AggregationAnswers.Ok(await removals.GetAsync(RequestContext.Of(req.HttpContext), id, ct));

    /// <summary>The pending removal requests.</summary>
    [Function("ListVersionRemovalRequests")]
    [Roles(Role.DataAuthority)]
    [Operation(Tag, "The version removal requests waiting for the data authority's decision, oldest first")]
    [Returns(StatusCodes.Status200OK, typeof(RemovalRequestList))]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "aggregation/removal-requests")] HttpRequest req, CancellationToken ct) =>
        Results.Ok(await removals.PendingAsync(RequestContext.Of(req.HttpContext), ct));
}
