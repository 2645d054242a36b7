using GovData.Domain.Sharing;
using GovData.Functions.Errors;

namespace GovData.Functions.Sharing;

/// <summary>
/// What sharing's operations share: the problem+json of a <see cref="ShareRefusal"/> and the one-line description of a request
/// for audit records. The transitions themselves are HTTP-free services (<see cref="Grants.ShareGrants"/>, <see cref="Requests.ShareRequests"/>).
/// </summary>
public static class ShareService
{
    /// <summary>The reason on the record of a call that repeated work already done (the operation's own record is elsewhere).</summary>
    public const string RepeatReason = "duplicate event: answered with the current state, nothing changed";

    /// <summary>The problem for a refusal.</summary>
    public static IResult ToProblem(ShareRefusal refusal, string what, ShareRequest? current = null) => refusal.Kind switch
    {
        ShareRefusalKind.NotFound => Problems.NotFound(what),
        ShareRefusalKind.Forbidden => Problems.Forbidden(refusal.Reason),
        ShareRefusalKind.Conflict => Results.Problem(statusCode: StatusCodes.Status409Conflict, type: Problems.TypeOf("conflict"), title: "Conflict",
            detail: refusal.Reason, extensions: current is null ? null : new Dictionary<string, object?> { ["state"] = current.State.ToString() }),
        ShareRefusalKind.RuleViolation when refusal.Errors.Count > 0 => Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
            type: Problems.TypeOf("rule-violation"), title: "Refused by a rule", detail: refusal.Reason, extensions: new Dictionary<string, object?>
            {
                ["rule"] = refusal.Rule,
                ["errors"] = ProblemError.Of(refusal.Errors),
            }),
        ShareRefusalKind.RuleViolation => Problems.RuleViolation(refusal.Reason, refusal.Rule),
        _ => Problems.Validation(refusal.Errors),
    };

    /// <summary>The request in one line for the audit record's data content.</summary>
    public static string Describe(ShareRequest r) =>
        $"{r.Terms.EntryCode} [{string.Join(",", (r.Grant?.Items ?? r.ApprovedItems ?? r.Terms.Items).Take(50))}] {r.Terms.Method} -> {r.Requester}: {r.State}";
}
