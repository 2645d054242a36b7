using GovData.Domain.Identity;
using GovData.Functions.Errors;
using GovData.Functions.Hosting.Http;
using GovData.Functions.Sharing.Requests;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Sharing.Grants;

/// <summary>
/// The HTTP functions of grants under /api/sharing, one per operation (docs/sharing.md): list, read, revoke, access checks
/// (under a grant or directly to Unconditional data) and filings. Each reads the request, calls <see cref="ShareGrants"/> and
/// maps the outcome (<see cref="SharingAnswers"/>); the gate has checked the token, the roles and the body limit.
/// </summary>
public sealed class ShareGrantFunctions(ShareGrants grants, TimeProvider time)
{
    private const string Grants = "sharing/grants";
    private const string Tag = "Sharing";

    /// <summary>List the grants of the caller's department.</summary>
    [Function("ListShareGrants")]
    [Operation(Tag, "Grants the caller's department holds or provides, each with its state now (Active, Revoked, Expired)")]
    [Returns(StatusCodes.Status200OK, typeof(ShareGrantList))]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Grants)] HttpRequest req, CancellationToken ct) =>
        Results.Ok(await grants.ListAsync(RequestContext.Of(req.HttpContext), ct));

    /// <summary>Read one grant.</summary>
    [Function("GetShareGrant")]
    [Operation(Tag, "A grant (its holder and its provider only)")]
    [Returns(StatusCodes.Status200OK, typeof(ShareGrantView))]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Grants + "/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        SharingAnswers.Ok(await grants.GetAsync(RequestContext.Of(req.HttpContext), id, ct));

    /// <summary>Revoke an active grant.</summary>
    [Function("RevokeShareGrant")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Revoke an active grant with reasons (the provider's DataSteward); If-Match with the request's ETag refuses a stale revocation (412)")]
    [Accepts(typeof(RevokeBody))]
    [Returns(StatusCodes.Status200OK, typeof(ShareRequestView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    [Returns(StatusCodes.Status412PreconditionFailed)]
    public async Task<IResult> RevokeAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Grants + "/{id}/revoke")] HttpRequest req, string id, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<RevokeBody>(req, optional: false, ct);
        if (problem is not null) return problem;
        var answer = await grants.RevokeAsync(RequestContext.Of(req.HttpContext), id, body!, req.Headers.IfMatch.ToString(), ct);
        if (answer.PreconditionFailed) return Problems.PreconditionFailed(answer.Refusal!.Reason);
        if (answer.Refusal is { } refusal) return ShareService.ToProblem(refusal, answer.What, answer.Current);
        req.HttpContext.Response.Headers.ETag = answer.Document!.ETag;
        return Results.Ok(ShareRequestView.Of(req, answer.Document.Request, time.GetUtcNow(), duplicate: answer.Duplicate));
    }

    /// <summary>Check one use under a grant.</summary>
    [Function("CheckShareGrantAccess")]
    [Operation(Tag, "Check (and record) one use under a grant: only its users, items, method and purpose while it is active")]
    [Accepts(typeof(AccessCheckBody))]
    [Returns(StatusCodes.Status200OK, typeof(GrantAccessView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> CheckAccessAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Grants + "/{id}/access-check")] HttpRequest req, string id, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<AccessCheckBody>(req, optional: false, ct);
        if (problem is not null) return problem;
        return SharingAnswers.Ok(await grants.CheckAccessAsync(RequestContext.Of(req.HttpContext), id, body!, ct));
    }

    /// <summary>Check one direct use of Unconditional data.</summary>
    [Function("CheckDirectShareAccess")]
    [Operation(Tag, "Check (and record) one direct use of Unconditional data (after a filing where the rule set requires one, e.g. 003 第八条)")]
    [Accepts(typeof(AccessCheckBody))]
    [Returns(StatusCodes.Status200OK, typeof(DirectAccessView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> CheckDirectAccessAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sharing/entries/{entryId}/access-check")] HttpRequest req,
        string entryId, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<AccessCheckBody>(req, optional: false, ct);
        if (problem is not null) return problem;
        return SharingAnswers.Ok(await grants.CheckDirectAccessAsync(RequestContext.Of(req.HttpContext), entryId, body!, ct));
    }

    /// <summary>File before using Unconditional data.</summary>
    [Function("FileShareFiling")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "File (备案) before using Unconditional data where the rule set requires it (003 第八条); 201 when filed, 200 when already filed")]
    [Accepts(typeof(FilingBody))]
    [Returns(StatusCodes.Status201Created, typeof(ShareFilingView))]
    [Returns(StatusCodes.Status200OK, typeof(ShareFilingView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> FileAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sharing/filings")] HttpRequest req, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<FilingBody>(req, optional: false, ct);
        if (problem is not null) return problem;
        return SharingAnswers.Created(await grants.FileAsync(RequestContext.Of(req.HttpContext), body!, ct), f => $"/api/sharing/filings/{Uri.EscapeDataString(f.Id)}");
    }
}
