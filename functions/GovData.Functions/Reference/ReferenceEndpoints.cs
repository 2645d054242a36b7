using GovData.Domain;
using GovData.Domain.Identifiers;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Identity;

namespace GovData.Functions.Reference;

/// <summary>Body of a unit registration by the data authority.</summary>
public sealed record RegisterDepartmentRequest
{
    /// <summary>The unit's unified social credit code.</summary>
    public required string Code { get; init; }
    /// <summary>The unit's official name.</summary>
    public required string Name { get; init; }
    /// <summary>What part it plays.</summary>
    public UnitKind Kind { get; init; } = UnitKind.Department;
}

/// <summary>HTTP endpoints for jurisdictions and their units.</summary>
public static class ReferenceEndpoints
{
    /// <summary>Maps /api/jurisdictions.</summary>
    public static IEndpointRouteBuilder MapReference(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/jurisdictions").WithTags("Jurisdictions");

        group.MapGet("/{code}", async (string code, HttpContext http, ReferenceStore store, IAuditLog audit, CancellationToken ct) =>
        {
            if (DivisionCode.Validate(code) is { } e) return Problems.Validation("code", e);
            var caller = http.GetCaller();
            var j = await store.FindJurisdictionAsync(code, ct);
            if (j is null || !caller.ActsIn(code)) return Problems.NotFound($"Jurisdiction {code}");
            var units = await store.ListDepartmentsAsync(code, ct);
            await audit.WriteAsync(http.AuditFor("reference.jurisdiction.read", $"jurisdictions/{code}", code), ct);
            return Results.Ok(new { j.Code, j.Name, j.Parent, units });
        }).WithSummary("Read a jurisdiction and its registered units");

        group.MapPost("/{code}/departments", async (string code, RegisterDepartmentRequest body, HttpContext http, ReferenceStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (DivisionCode.Validate(code) is { } e) return Problems.Validation("code", e);
            if (!caller.ActsIn(code)) return Problems.Forbidden("Only the jurisdiction's own data authority registers its units.");
            var errors = new List<ValidationError>();
            if (UnifiedSocialCreditCode.Validate(body.Code) is { } c) errors.Add(new("code", c));
            if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 100) errors.Add(new("name", "is required, at most 100 characters"));
            if (!Enum.IsDefined(body.Kind)) errors.Add(new("kind", "is not a known kind"));
            if (errors.Count > 0) return Problems.Validation(errors);
            var unit = new Department(body.Code, body.Name.Trim(), code, body.Kind);
            // The audit record is written first: if it cannot be stored the registration does not happen.
            await audit.WriteAsync(http.AuditFor("reference.department.register", $"jurisdictions/{code}/departments/{body.Code}", code), ct);
            if (!await store.TryCreateAsync(unit, ct)) return Problems.Conflict($"Unit {body.Code} is already registered.", "code");
            return Results.Created($"/api/jurisdictions/{code}", unit);
        }).RequireRoles(Role.DataAuthority).WithSummary("Register a unit (data authority)");

        return app;
    }
}
