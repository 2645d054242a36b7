using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace GovData.LocalHost;

/// <summary>
/// Serves the portal's published static files (portal/GovData.Portal, <c>wwwroot</c> of its publish folder) at <c>/</c> beside
/// the functions, as the storage account's static website does in Azure: files by path, the Blazor app's precompressed
/// <c>.br</c>/<c>.gz</c> copies when the browser accepts them, and <c>index.html</c> for any other path outside <c>/api</c>
/// (the app's client-side routes). Everything under <c>/api</c> stays with the functions. Local only; never deployed.
/// </summary>
public static class PortalFiles
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = CreateContentTypes();

    /// <summary>True when <paramref name="root"/> holds a portal (its index.html).</summary>
    public static bool IsPortal(string? root) => root is not null && File.Exists(Path.Combine(root, "index.html"));

    /// <summary>Serves the files of <paramref name="root"/> (before routing).</summary>
    public static IApplicationBuilder UsePortalFiles(this IApplicationBuilder app, string root)
    {
        var files = new PhysicalFileProvider(Path.GetFullPath(root));
        app.Use(async (http, next) =>
        {
            if (!http.Request.Path.StartsWithSegments("/api") && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)))
                ServePrecompressed(http, files);
            await next(http);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = ContentTypes,
            OnPrepareResponse = c =>
            {
                // Fingerprinted framework files never change; index.html and the settings must be read again.
                var name = c.File.Name;
                c.Context.Response.Headers.CacheControl = name.StartsWith("index.html", StringComparison.Ordinal) || name.StartsWith("appsettings", StringComparison.Ordinal)
                    ? "no-cache" : "public, max-age=3600";
            },
        });
        return app;
    }

    /// <summary>Answers every other GET outside /api with index.html, so a reload on a client route works.</summary>
    public static IEndpointRouteBuilder MapPortalFallback(this IEndpointRouteBuilder endpoints, string root)
    {
        var index = Path.Combine(Path.GetFullPath(root), "index.html");
        endpoints.MapMethods("/{**path}", ["GET", "HEAD"], async http =>
        {
            if (http.Request.Path.StartsWithSegments("/api") || Path.HasExtension(http.Request.Path.Value))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.Headers.CacheControl = "no-cache";
            await http.Response.SendFileAsync(index, http.RequestAborted);
        }).WithOrder(int.MaxValue).ExcludeFromDescription();
        return endpoints;
    }

    // Rewrites /x.wasm to /x.wasm.br (or .gz) when the browser accepts it and the copy exists; the type stays the original's.
    private static void ServePrecompressed(HttpContext http, IFileProvider files)
    {
        var path = http.Request.Path.Value;
        if (string.IsNullOrEmpty(path) || path.EndsWith('/') || !ContentTypes.TryGetContentType(path, out var type)) return;
        var accepts = http.Request.Headers.AcceptEncoding.ToString();
        foreach (var (encoding, extension) in new[] { ("br", ".br"), ("gzip", ".gz") })
        {
            if (!accepts.Contains(encoding, StringComparison.OrdinalIgnoreCase) || !files.GetFileInfo(path + extension).Exists) continue;
            http.Request.Path = path + extension;
            http.Response.Headers.ContentEncoding = encoding;
            http.Response.Headers.Vary = HeaderNames.AcceptEncoding;
            http.Response.OnStarting(() =>
            {
                http.Response.ContentType = type;
                return Task.CompletedTask;
            });
            return;
        }
    }

    private static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var p = new FileExtensionContentTypeProvider();
        p.Mappings[".wasm"] = "application/wasm";
        p.Mappings[".dat"] = "application/octet-stream";
        p.Mappings[".blat"] = "application/octet-stream";
        p.Mappings[".webcil"] = "application/octet-stream";
        p.Mappings[".json"] = "application/json";
        p.Mappings[".br"] = "application/octet-stream";
        p.Mappings[".gz"] = "application/octet-stream";
        return p;
    }
}
