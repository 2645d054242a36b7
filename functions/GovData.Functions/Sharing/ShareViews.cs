using GovData.Domain.Sharing;

namespace GovData.Functions.Sharing;

/// <summary>How requests and grants look over HTTP: the request in the shape of a Durable Functions status, grants with their state now.</summary>
public static class ShareViews
{
    /// <summary>The status URL of a request.</summary>
    public static string StatusUri(HttpRequest http, string id) => $"{Base(http)}/api/sharing/requests/{id}";

    /// <summary>The event URL template of a request (<c>{eventName}</c>: approve, refuse, withdraw, accept, dispute, dispute-decision, green-channel, not-aggregated).</summary>
    public static string EventUri(HttpRequest http, string id) => $"{Base(http)}/api/sharing/requests/{id}/events/{{eventName}}";

    /// <summary>Running while someone must act, Completed when it ended (granted, refused for good), Terminated when withdrawn.</summary>
    public static string RuntimeStatus(ShareRequest r) => r.State switch
    {
        ShareRequestState.Withdrawn => "Terminated",
        ShareRequestState.Granted or ShareRequestState.Upheld => "Completed",
        _ => "Running",
    };

    /// <summary>The request with its status URLs and timeline.</summary>
    public static object Request(HttpRequest http, ShareRequest r, DateTimeOffset now, bool duplicate = false) => new
    {
        id = r.Id,
        name = "ShareRequest",
        runtimeStatus = RuntimeStatus(r),
        customStatus = r.State,
        createdTime = r.FiledAt,
        lastUpdatedTime = r.Timeline.Count == 0 ? r.FiledAt : r.Timeline[^1].At,
        statusQueryGetUri = StatusUri(http, r.Id),
        sendEventPostUri = EventUri(http, r.Id),
        duplicate = duplicate ? true : (bool?)null,
        state = r.State,
        jurisdiction = r.Jurisdiction,
        requester = r.Requester,
        provider = r.Provider,
        filedBy = r.FiledBy,
        terms = r.Terms,
        route = r.Route,
        steps = r.Steps,
        currentStep = r.CurrentStep,
        deadline = r.Deadline,
        overdue = r.IsPending && r.Deadline is { } d && now >= d.DueAt,
        escalation = r.Escalation,
        greenChannel = r.GreenChannel,
        decisions = r.Decisions,
        approvedItems = r.ApprovedItems,
        conditions = r.Conditions,
        refusalReasons = r.RefusalReasons,
        dispute = r.Dispute,
        disputeDeadline = r.DisputeDeadline,
        disputeEscalation = r.DisputeEscalation,
        grant = r.Grant is null ? null : Grant(r, now),
        timeline = r.Timeline,
    };

    /// <summary>The grant of a request as its holder and provider see it.</summary>
    public static object Grant(ShareRequest r, DateTimeOffset now)
    {
        var g = r.Grant!;
        return new
        {
            id = r.Id,
            state = g.StateAt(now),
            jurisdiction = r.Jurisdiction,
            requester = r.Requester,
            provider = r.Provider,
            entryId = r.Terms.EntryId,
            entryCode = r.Terms.EntryCode,
            entryName = r.Terms.EntryName,
            items = g.Items,
            method = g.Method,
            purpose = g.Purpose,
            scope = g.Scope,
            users = g.Users,
            conditions = g.Conditions,
            approvedBy = g.ApprovedBy,
            grantedAt = g.GrantedAt,
            expiresAt = g.ExpiresAt,
            confidentialityAgreement = g.ConfidentialityAgreement,
            revokedAt = g.RevokedAt,
            revokedBy = g.RevokedBy,
            revokeReasons = g.RevokeReasons,
        };
    }

    private static string Base(HttpRequest http) => $"{http.Scheme}://{http.Host}{http.PathBase}";
}
