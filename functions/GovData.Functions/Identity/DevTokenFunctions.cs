using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Hosting.Http;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Identity;

/// <summary>
/// The dev token function: in Development (where the dev issuer is registered) it hands out a token for a demo user, unit and
/// roles; elsewhere it answers 404, as if it were not there.
/// </summary>
public sealed class DevTokenFunctions(IServiceProvider services, IAuditLog audit)
{
    /// <summary>Issue a dev token.</summary>
    [Function("IssueDevToken")]
    [Anonymous]
    [Operation("Development", "Issue a dev token (Development only)")]
    [Accepts(typeof(DevTokenRequest))]
    [Returns(StatusCodes.Status200OK, typeof(DevTokenResponse))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> IssueAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dev/token")] HttpRequest req, CancellationToken ct)
    {
        if (services.GetService<DevTokenIssuer>() is not { } issuer) return Problems.NotFound("Dev token issuing (Development only)");
        var (request, problem) = await JsonBody.ReadAsync<DevTokenRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        var errors = DevTokenIssuer.Validate(request!);
        if (errors.Count > 0) return Problems.Validation(errors);
        var token = issuer.Issue(request!);
        await audit.WriteAsync(RequestContext.Of(req.HttpContext).AuditFor("dev.token.issue", $"dev/tokens/{request!.UserId}", request.Jurisdiction) with
        {
            UserId = request.UserId,
            Department = request.Department,
            Roles = string.Join(',', request.Roles),
        }, ct);
        return Results.Ok(token);
    }
}
