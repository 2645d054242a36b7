namespace GovData.Functions.Hosting.Http;

/// <summary>
/// The response headers every answer carries, set just before the response starts (so they cover answers written by the
/// function, the pipeline, the error handler and the rate limiter alike): <c>X-Content-Type-Options: nosniff</c> on all;
/// a Content-Security-Policy and frame denial on HTML pages (the API reference, HTML reports); <c>Cache-Control: no-store</c>
/// on every answer to a request that carried a token, unless the endpoint chose its own caching.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The policy of HTML pages: only this origin's scripts, styles, images and fonts; never framed.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Registers the headers on <paramref name="http"/>'s response (once per request).</summary>
    public static void Apply(HttpContext http)
    {
        if (http.Items.ContainsKey(typeof(SecurityHeaders))) return;
        http.Items[typeof(SecurityHeaders)] = true;
        http.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            if (headers.XContentTypeOptions.Count == 0) headers.XContentTypeOptions = "nosniff";
            if (context.Response.ContentType is { } type && type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
            {
                // A page that states its own policy keeps it.
                if (headers.ContentSecurityPolicy.Count == 0) headers.ContentSecurityPolicy = ContentSecurityPolicy;
                if (headers.XFrameOptions.Count == 0) headers.XFrameOptions = "DENY";
            }
            var authenticated = context.User.Identity?.IsAuthenticated == true || context.Request.Headers.Authorization.Count > 0;
            if (authenticated && headers.CacheControl.Count == 0) headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }, http);
    }
}
