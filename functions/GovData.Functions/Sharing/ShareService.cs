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

    /// <summary>The problem for a refusal; "not found" names <paramref name="what"/>, whatever the refusal's reason.</summary>
    public static IResult ToProblem(ShareRefusal refusal, string what, ShareRequest? current = null) =>
        refusal.Kind == ShareRefusalKind.NotFound ? Problems.NotFound(what) : Requests.ShareRefusals.ToProblem(refusal, what, current);

    /// <summary>The request in one line for the audit record's data content.</summary>
    public static string Describe(ShareRequest r) =>
        $"{r.Terms.EntryCode} [{string.Join(",", (r.Grant?.Items ?? r.ApprovedItems ?? r.Terms.Items).Take(50))}] {r.Terms.Method} -> {r.Requester}: {r.State}";
}
