using GovData.Domain.Identifiers;
using GovData.Domain.Identity;
using GovData.Domain.RuleSets;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Identity;

namespace GovData.Functions.RuleSets;

/// <summary>HTTP endpoints for a jurisdiction's rule set: the effective rules with citations, versions, and amendments.</summary>
public static class RuleSetEndpoints
{
    /// <summary>Maps /api/jurisdictions/{code}/rules.</summary>
    public static IEndpointRouteBuilder MapRuleSets(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/jurisdictions/{code}/rules").WithTags("Rule sets");

        group.MapGet("", async (string code, DateOnly? on, int? version, RuleSetService rules, HttpContext http, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            if (DivisionCode.Validate(code) is { } e) return Problems.Validation("code", e);
            if (DateBounds.Validate(("on", on)) is { } outOfRange) return outOfRange;
            var registry = await rules.GetRegistryAsync(ct);
            if (!registry.Contains(code)) return Problems.NotFound($"A rule set for jurisdiction {code}");
            var day = on ?? Domain.Calendar.ChinaTime.DateOf(time.GetUtcNow());
            EffectiveRuleSet effective;
            try
            {
                effective = version is { } v ? registry.Resolve(code, v, day) : registry.Resolve(code, day);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KeyNotFoundException)
            {
                return Problems.Validation(version is null ? "on" : "version", ex.Message);
            }
            await audit.WriteAsync(http.AuditFor("ruleset.read", $"jurisdictions/{code}/rules", http.GetCaller().Jurisdiction), ct);
            return Results.Text(RuleSetJson.WriteEffective(effective), "application/json");
        }).WithSummary("The effective rules of a jurisdiction on a day (or a version), with the article or origin of every value");

        group.MapGet("/versions", async (string code, RuleSetService rules, HttpContext http, IAuditLog audit, CancellationToken ct) =>
        {
            if (DivisionCode.Validate(code) is { } e) return Problems.Validation("code", e);
            var registry = await rules.GetRegistryAsync(ct);
            if (!registry.Contains(code)) return Problems.NotFound($"A rule set for jurisdiction {code}");
            await audit.WriteAsync(http.AuditFor("ruleset.versions.read", $"jurisdictions/{code}/rules/versions", http.GetCaller().Jurisdiction), ct);
            return Results.Text("[" + string.Join(",", registry.Versions(code).Select(RuleSetJson.WriteRuleSet)) + "]", "application/json");
        }).WithSummary("Every version of a jurisdiction's own rule set");

        group.MapPost("/amendments", async (string code, HttpRequest request, RuleSetService rules, IAuditLog audit, CancellationToken ct) =>
        {
            var http = request.HttpContext;
            var caller = http.GetCaller();
            if (DivisionCode.Validate(code) is { } e) return Problems.Validation("code", e);
            if (!caller.ActsIn(code)) return Problems.Forbidden("Only the jurisdiction's own data authority amends its rules.");
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync(ct);
            try
            {
                var (version, errors) = await rules.AmendAsync(code, body, caller.UserId, ct);
                if (version is null) return Problems.Validation(errors);
                await audit.WriteAsync(http.AuditFor("ruleset.amend", $"jurisdictions/{code}/rules/v{version.Version}") with { DataContent = body.Length > 2000 ? body[..2000] : body }, ct);
                return Results.Created($"/api/jurisdictions/{code}/rules?version={version.Version}", new { jurisdiction = code, version = version.Version });
            }
            catch (RuleSetConflictException ex)
            {
                return Problems.Conflict(ex.Message, "basedOnVersion");
            }
        })
        .RequireRoles(Role.DataAuthority)
        .Accepts<object>("application/json")
        .WithSummary("Amend the rule set (data authority): a new version, validated and audited");

        return app;
    }
}
