using System.Diagnostics;
using GovData.Domain.Identity;
using GovData.Functions.Identity;

namespace GovData.Functions.Hosting.Http;

/// <summary>
/// Who asked for an operation and how, as services need it (to decide and to audit) without the HTTP request: the caller
/// (null when anonymous), the method and path, the medium, the request id, and the instant it was received.
/// </summary>
public sealed record RequestContext(Caller? Caller, string Method, string Medium, string RequestId, DateTimeOffset ReceivedAt)
{
    private const string ItemKey = "govdata.request";

    /// <summary>The authenticated caller; throws on an anonymous request (the gate lets none reach a function that needs one).</summary>
    public Caller User => Caller ?? throw new InvalidOperationException("the request is anonymous");

    /// <summary>The context of <paramref name="http"/>, made once per request.</summary>
    public static RequestContext Of(HttpContext http)
    {
        if (http.Items.TryGetValue(ItemKey, out var made) && made is RequestContext context) return context;
        context = new RequestContext(
            http.GetCallerOrNull(),
            $"{http.Request.Method} {http.Request.Path}",
            http.Request.IsHttps ? "https" : "http",
            Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier,
            http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
        http.Items[ItemKey] = context;
        return context;
    }
}
