using GovData.Functions.Identity;
using System.Reflection;
using GovData.Functions.Hosting;
using GovData.Functions.Hosting.Http;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Security;

/// <summary>One HTTP endpoint of the app with a concrete path to call it by.</summary>
public sealed record ApiEndpoint(string Method, string Template, string Path, bool Anonymous)
{
    /// <inheritdoc />
    public override string ToString() => $"{Method} {Template}";
}

/// <summary>Enumerates every API endpoint the app maps, so the security tests cover endpoints added later without being edited.</summary>
public static class EndpointCatalog
{
    /// <summary>The paths that may be called without a token: operations, docs, dev tokens and the public open-data portal.</summary>
    public static readonly string[] AnonymousPrefixes = ["/api/health", "/api/openapi/", "/api/docs", "/api/dev/token", "/api/open-catalog", "/api/open/", "/api/open-data"];

    /// <summary>Every endpoint under /api with a sample path (route values filled with plausible values).</summary>
    public static IReadOnlyList<ApiEndpoint> All(IServiceProvider services)
    {
        var list = new List<ApiEndpoint>();
        foreach (var e in services.GetRequiredService<ApiPipeline>().Endpoints)
        {
            var template = "/" + e.RoutePattern.RawText!.TrimStart('/');
            if (!template.StartsWith("/api/", StringComparison.Ordinal)) continue;
            var anonymous = e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var m in methods) list.Add(new ApiEndpoint(m, template, Fill(e.RoutePattern), anonymous));
        }
        // The operations that are HTTP functions of their own.
        foreach (var op in FunctionOperation.All)
        {
            var anonymous = op.Method.GetCustomAttribute<AnonymousAttribute>() is not null;
            foreach (var m in op.Methods) list.Add(new ApiEndpoint(m.ToUpperInvariant(), op.Path, Fill(RoutePatternFactory.Parse("api/" + op.Route)), anonymous));
        }
        return list;
    }

    private static string Fill(RoutePattern pattern)
    {
        var path = "/" + pattern.RawText!.TrimStart('/');
        foreach (var p in pattern.Parameters)
        {
            var value = p.Name.ToLowerInvariant() switch
            {
                "code" or "jurisdiction" => "350800",
                "year" => "2026",
                "department" => "11350800MB0001003K",
                "version" => "1",
                "documentname" => "v1",
                _ when p.ParameterPolicies.Any(pp => pp.Content?.Contains("int", StringComparison.Ordinal) == true) => "1",
                _ => "x" + Guid.NewGuid().ToString("N")[..8],
            };
            var token = path.IndexOf("{" + p.Name, StringComparison.Ordinal);
            if (token < 0) token = path.IndexOf("{*" + p.Name, StringComparison.Ordinal);
            if (token < 0) token = path.IndexOf("{**" + p.Name, StringComparison.Ordinal);
            if (token < 0) continue;
            var end = path.IndexOf('}', token);
            path = path[..token] + (p.IsCatchAll ? "" : value) + path[(end + 1)..];
        }
        return path.Replace("//", "/").TrimEnd('/') is { Length: > 0 } s ? s : "/";
    }
}
