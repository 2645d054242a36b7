using GovData.Domain.Audit;
using GovData.Functions.Audit;
using GovData.Functions.Errors;

namespace GovData.Functions.Identity;

/// <summary>The Development-only endpoint that hands out dev tokens.</summary>
public static class DevTokenEndpoints
{
    /// <summary>Maps POST /api/dev/token when the dev issuer is registered.</summary>
    public static IEndpointRouteBuilder MapDevTokens(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<DevTokenIssuer>() is null) return app;
        app.MapPost("/api/dev/token", async (DevTokenRequest request, DevTokenIssuer issuer, IAuditLog audit, HttpContext http, CancellationToken ct) =>
        {
            var errors = DevTokenIssuer.Validate(request);
            if (errors.Count > 0) return Problems.Validation(errors);
            var token = issuer.Issue(request);
            await audit.WriteAsync(http.AuditFor("dev.token.issue", $"dev/tokens/{request.UserId}", request.Jurisdiction) with
            {
                UserId = request.UserId,
                Department = request.Department,
                Roles = string.Join(',', request.Roles),
            }, ct);
            return Results.Ok(token);
        })
        .AllowAnonymous()
        .WithMetadata(new DevelopmentOnlyAttribute())
        .WithTags("Development")
        .WithSummary("Issue a dev token (Development only)");
        return app;
    }
}

/// <summary>Marks an endpoint that exists only in Development and so has no Functions definition.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class DevelopmentOnlyAttribute : Attribute;
