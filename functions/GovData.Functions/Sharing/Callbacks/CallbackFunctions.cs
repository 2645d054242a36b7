using GovData.Domain.Identity;
using GovData.Functions.Hosting.Http;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Sharing.Callbacks;

/// <summary>The HTTP functions of a department's callback URL under /api/sharing/callback: register, read, remove; each calls <see cref="CallbackRegistry"/>.</summary>
public sealed class CallbackFunctions(CallbackRegistry callbacks)
{
    private const string Route = "sharing/callback";
    private const string Tag = "Sharing";

    /// <summary>Register or replace the callback URL.</summary>
    [Function("RegisterShareCallback")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Register (or replace) the department's callback URL for change notices; https only, no private or loopback addresses outside Development")]
    [Accepts(typeof(RegisterCallbackBody))]
    [Returns(StatusCodes.Status200OK, typeof(CallbackRegistration))]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> RegisterAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest req, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<RegisterCallbackBody>(req, optional: false, ct);
        if (problem is not null) return problem;
        return SharingAnswers.Ok(await callbacks.RegisterAsync(RequestContext.Of(req.HttpContext), body!, ct));
    }

    /// <summary>Read the callback URL.</summary>
    [Function("GetShareCallback")]
    [Operation(Tag, "The department's callback URL (never its secret)")]
    [Returns(StatusCodes.Status200OK, typeof(CallbackView))]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest req, CancellationToken ct) =>
        SharingAnswers.Ok(await callbacks.GetAsync(RequestContext.Of(req.HttpContext), ct));

    /// <summary>Remove the callback URL.</summary>
    [Function("RemoveShareCallback")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Remove the department's callback URL (notices stay in the inbox)")]
    [Returns(StatusCodes.Status204NoContent)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> RemoveAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/remove")] HttpRequest req, CancellationToken ct) =>
        SharingAnswers.NoContent(await callbacks.RemoveAsync(RequestContext.Of(req.HttpContext), ct));
}
