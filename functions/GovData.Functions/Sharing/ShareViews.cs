using GovData.Domain.Sharing;

namespace GovData.Functions.Sharing;

/// <summary>The URLs and Durable-style runtime status of a share request as the HTTP views show them.</summary>
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

    private static string Base(HttpRequest http) => $"{http.Scheme}://{http.Host}{http.PathBase}";
}
