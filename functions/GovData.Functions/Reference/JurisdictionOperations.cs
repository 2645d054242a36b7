using System.Globalization;
using GovData.Domain;
using GovData.Domain.Identifiers;
using GovData.Domain.Jurisdictions;
using GovData.Domain.RuleSets;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Hosting.Http;
using GovData.Functions.RuleSets;

namespace GovData.Functions.Reference;

/// <summary>A jurisdiction with its registered units.</summary>
/// <param name="Code">The administrative division code.</param>
/// <param name="Name">Its name.</param>
/// <param name="Parent">The division above it.</param>
/// <param name="Units">Its registered units (departments, the data authority, the coordination office).</param>
public sealed record JurisdictionView(string Code, string Name, string? Parent, IReadOnlyList<Department> Units);

/// <summary>A rule set amended: the version it became.</summary>
/// <param name="Jurisdiction">The division code.</param>
/// <param name="Version">The new version.</param>
public sealed record RuleSetAmendedView(string Jurisdiction, int Version);

/// <summary>
/// Jurisdictions, their units and their rule sets with no HTTP in sight: read a jurisdiction (its own callers only), register
/// a unit, read the effective rules on a day or a version with their citations, list the versions, amend (its own
/// DataAuthority only). Reads and changes are audited; a registration's record is written before the unit is stored.
/// </summary>
public sealed class JurisdictionOperations(ReferenceStore store, RuleSetService rules, IAuditLog audit, TimeProvider time)
{
    /// <summary>Jurisdiction <paramref name="code"/> and its units (another jurisdiction's reads as not found).</summary>
    public async Task<OperationAnswer<JurisdictionView>> ReadAsync(RequestContext request, string code, CancellationToken ct)
    {
        if (DivisionCode.Validate(code) is { } e) return OperationAnswer<JurisdictionView>.Refused("code", e);
        var j = await store.FindJurisdictionAsync(code, ct);
        if (j is null || !request.User.ActsIn(code)) return new(default, NotFound: $"Jurisdiction {code}");
        var units = await store.ListDepartmentsAsync(code, ct);
        await audit.WriteAsync(request.AuditFor("reference.jurisdiction.read", $"jurisdictions/{code}", code), ct);
        return new(new JurisdictionView(j.Code, j.Name, j.Parent, units));
    }

    /// <summary>Registers a unit in jurisdiction <paramref name="code"/>.</summary>
    public async Task<OperationAnswer<Department>> RegisterAsync(RequestContext request, string code, RegisterDepartmentRequest body, CancellationToken ct)
    {
        if (DivisionCode.Validate(code) is { } e) return OperationAnswer<Department>.Refused("code", e);
        if (!request.User.ActsIn(code)) return new(default, Forbidden: "Only the jurisdiction's own data authority registers its units.");
        var errors = new List<ValidationError>();
        if (UnifiedSocialCreditCode.Validate(body.Code) is { } c) errors.Add(new("code", c));
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 100) errors.Add(new("name", "is required, at most 100 characters"));
        if (!Enum.IsDefined(body.Kind)) errors.Add(new("kind", "is not a known kind"));
        if (errors.Count > 0) return new(default, errors);
        var unit = new Department(body.Code, body.Name.Trim(), code, body.Kind);
        // The audit record is written first: if it cannot be stored the registration does not happen.
        await audit.WriteAsync(request.AuditFor("reference.department.register", $"jurisdictions/{code}/departments/{body.Code}", code), ct);
        if (!await store.TryCreateAsync(unit, ct)) return new(default, Conflict: $"Unit {body.Code} is already registered.", ConflictField: "code");
        return new(unit);
    }

    /// <summary>The effective rules of <paramref name="code"/> on a day (default today) or in a version, as JSON with their citations.</summary>
    public async Task<OperationAnswer<string>> EffectiveRulesAsync(RequestContext request, string code, string? on, string? version, CancellationToken ct)
    {
        if (DivisionCode.Validate(code) is { } e) return OperationAnswer<string>.Refused("code", e);
        DateOnly? day = null;
        if (!string.IsNullOrEmpty(on))
        {
            if (!DateOnly.TryParseExact(on, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return OperationAnswer<string>.Refused("on", "must be a date (yyyy-MM-dd)");
            if (DateBounds.Check(d) is { } outOfRange) return OperationAnswer<string>.Refused("on", outOfRange);
            day = d;
        }
        int? number = null;
        if (!string.IsNullOrEmpty(version))
        {
            if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v)) return OperationAnswer<string>.Refused("version", "must be a whole number");
            number = v;
        }
        var registry = await rules.GetRegistryAsync(ct);
        if (!registry.Contains(code)) return new(default, NotFound: $"A rule set for jurisdiction {code}");
        var when = day ?? Domain.Calendar.ChinaTime.DateOf(time.GetUtcNow());
        EffectiveRuleSet effective;
        try
        {
            effective = number is { } n ? registry.Resolve(code, n, when) : registry.Resolve(code, when);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            return OperationAnswer<string>.Refused(number is null ? "on" : "version", ex.Message);
        }
        await audit.WriteAsync(request.AuditFor("ruleset.read", $"jurisdictions/{code}/rules", request.User.Jurisdiction), ct);
        return new(RuleSetJson.WriteEffective(effective));
    }

    /// <summary>Every version of <paramref name="code"/>'s own rule set, as a JSON array.</summary>
    public async Task<OperationAnswer<string>> VersionsAsync(RequestContext request, string code, CancellationToken ct)
    {
        if (DivisionCode.Validate(code) is { } e) return OperationAnswer<string>.Refused("code", e);
        var registry = await rules.GetRegistryAsync(ct);
        if (!registry.Contains(code)) return new(default, NotFound: $"A rule set for jurisdiction {code}");
        await audit.WriteAsync(request.AuditFor("ruleset.versions.read", $"jurisdictions/{code}/rules/versions", request.User.Jurisdiction), ct);
        return new("[" + string.Join(",", registry.Versions(code).Select(RuleSetJson.WriteRuleSet)) + "]");
    }

    /// <summary>Amends <paramref name="code"/>'s rule set with <paramref name="body"/> (the amendment as sent): a new version.</summary>
    public async Task<OperationAnswer<RuleSetAmendedView>> AmendAsync(RequestContext request, string code, string body, CancellationToken ct)
    {
        var caller = request.User;
        if (DivisionCode.Validate(code) is { } e) return OperationAnswer<RuleSetAmendedView>.Refused("code", e);
        if (!caller.ActsIn(code)) return new(default, Forbidden: "Only the jurisdiction's own data authority amends its rules.");
        try
        {
            var (version, errors) = await rules.AmendAsync(code, body, caller.UserId, ct);
            if (version is null) return new(default, errors);
            await audit.WriteAsync(request.AuditFor("ruleset.amend", $"jurisdictions/{code}/rules/v{version.Version}") with { DataContent = body.Length > 2000 ? body[..2000] : body }, ct);
            return new(new RuleSetAmendedView(code, version.Version));
        }
        catch (RuleSetConflictException ex)
        {
            return new(default, Conflict: ex.Message, ConflictField: "basedOnVersion");
        }
    }
}
