using System.Globalization;
using GovData.Domain;
using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Domain.Supervision;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Identity;
using GovData.Functions.Reference;

namespace GovData.Functions.Supervision;

/// <summary>The DataAuthority's figure for a department and year: resources expected in its catalogue and where the figure comes from.</summary>
public sealed record CatalogBaselineRequest(int? ExpectedResources, string? Source);

/// <summary>Catalog baselines over HTTP: the DataAuthority records them; departments read their own.</summary>
public static class BaselineEndpoints
{
    /// <summary>The largest figure accepted (a department with more resources than this is a typo).</summary>
    public const int MaxExpectedResources = 1_000_000;

    /// <summary>Maps /api/supervision/baselines.</summary>
    public static void Map(RouteGroupBuilder group)
    {
        var baselines = group.MapGroup("/baselines");

        baselines.MapPut("/{department}/{year}", async (string department, string year, CatalogBaselineRequest body, HttpContext http, CatalogBaselineStore store,
            ReferenceStore reference, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var resource = Resource(caller.Jurisdiction, department, year);
            var errors = new List<ValidationError>();
            if (Domain.Identifiers.UnifiedSocialCreditCode.Validate(department) is { } d) errors.Add(new ValidationError("department", d));
            var y = ParseYear(year, errors);
            if (body.ExpectedResources is not { } expected) errors.Add(new ValidationError("expectedResources", "is required"));
            else if (expected is < 1 or > MaxExpectedResources) errors.Add(new ValidationError("expectedResources", $"must be between 1 and {MaxExpectedResources}"));
            if (string.IsNullOrWhiteSpace(body.Source)) errors.Add(new ValidationError("source", "is required: name the duties list (职责/权责清单) and its version or document number"));
            else if (body.Source.Trim().Length > 500) errors.Add(new ValidationError("source", "must be at most 500 characters"));
            if (errors.Count > 0)
                return await RefuseAsync(http, audit, resource, department, string.Join("; ", errors.Select(e => e.Field + ": " + e.Reason)), Problems.Validation(errors), ct);
            // A department of another jurisdiction (or an unregistered code) is not there to set a baseline for: 404, nothing stored.
            if (await reference.FindDepartmentAsync(caller.Jurisdiction, department, ct) is null)
                return await RefuseAsync(http, audit, resource, department, $"not a department of jurisdiction {caller.Jurisdiction}",
                    Problems.NotFound($"Department {department} of jurisdiction {caller.Jurisdiction}"), ct);

            var current = await store.FindAsync(caller.Jurisdiction, department, y, ct);
            var ifMatch = http.Request.Headers.IfMatch.ToString();
            if (ifMatch.Length > 0 && ifMatch != "*" && (current is null || ifMatch.Trim().Trim('"') != current.ETag!.Trim('"')))
                return await RefuseAsync(http, audit, resource, department, "If-Match does not match the baseline's current ETag",
                    Problems.PreconditionFailed("the baseline was changed since you read it; read it again"), ct);
            var saved = await store.SetAsync(current, caller.Jurisdiction, department, y, body.ExpectedResources!.Value, body.Source!.Trim(), caller.UserId, time.GetUtcNow(), ct);
            if (saved is null)
                return await RefuseAsync(http, audit, resource, department, "lost a concurrent update",
                    Problems.PreconditionFailed("the baseline was changed by someone else at the same time; read it again"), ct);
            await audit.WriteAsync(http.AuditFor("supervision.baseline.set", resource) with
            {
                Department = caller.Department,
                DataOwner = department,
                DataContent = $"expected {saved.ExpectedResources}" + (current is null ? "" : $" (was {current.ExpectedResources})"),
                Reason = saved.Source,
            }, ct);
            http.Response.Headers.ETag = FindingEndpoints.Quoted(saved.ETag);
            return current is null ? Results.Created($"/api/supervision/baselines/{department}/{y}", View(saved)) : Results.Ok(View(saved));
        }).RequireRoles(Role.DataAuthority)
          .WithSummary("Record how many data resources a department is expected to catalogue in a year, and from which duties list (DataAuthority; the denominator of catalog coverage)");

        baselines.MapGet("/{department}/{year}", async (string department, string year, HttpContext http, CatalogBaselineStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var errors = new List<ValidationError>();
            if (Domain.Identifiers.UnifiedSocialCreditCode.Validate(department) is { } d) errors.Add(new ValidationError("department", d));
            var y = ParseYear(year, errors);
            if (errors.Count > 0) return Problems.Validation(errors);
            var baseline = SupervisionAccess.SeesAll(caller) || caller.BelongsTo(department) ? await store.FindAsync(caller.Jurisdiction, department, y, ct) : null;
            if (baseline is null)
                return await RefuseAsync(http, audit, Resource(caller.Jurisdiction, department, year), department, "no baseline or not visible", Problems.NotFound($"Catalog baseline of {department} for {y}"), ct, "supervision.baseline.read");
            await audit.WriteAsync(http.AuditFor("supervision.baseline.read", Resource(caller.Jurisdiction, department, year)) with { Department = caller.Department, DataOwner = department }, ct);
            http.Response.Headers.ETag = FindingEndpoints.Quoted(baseline.ETag);
            return Results.Ok(View(baseline));
        }).RequireRoles(SupervisionAccess.ReadRoles)
          .WithSummary("A department's catalog baseline for a year with its history (own department; all for the DataAuthority and Auditors)");

        baselines.MapGet("", async (string? year, HttpContext http, CatalogBaselineStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var errors = new List<ValidationError>();
            var y = ParseYear(year, errors);
            if (errors.Count > 0) return Problems.Validation(errors);
            var all = await store.ListAsync(caller.Jurisdiction, y, ct);
            var visible = all.Values.Where(b => SupervisionAccess.SeesAll(caller) || caller.BelongsTo(b.Department)).OrderBy(b => b.Department, StringComparer.Ordinal).ToList();
            await audit.WriteAsync(http.AuditFor("supervision.baselines.list", $"supervision/{caller.Jurisdiction}/baselines/{y}") with
            {
                Department = caller.Department,
                DataContent = $"{visible.Count} baselines",
            }, ct);
            return Results.Ok(new { year = y, items = visible.Select(View) });
        }).RequireRoles(SupervisionAccess.ReadRoles)
          .WithSummary("The catalog baselines of a year (all for the DataAuthority and Auditors; a department its own)");
    }

    private static string Resource(string jurisdiction, string department, string year) => $"supervision/{jurisdiction}/baselines/{department}/{year}";

    private static int ParseYear(string? year, List<ValidationError> errors)
    {
        if (year is { Length: 4 } && int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= ScorecardPeriod.MinYear and <= ScorecardPeriod.MaxYear)
            return y;
        errors.Add(new ValidationError("year", $"must be a year between {ScorecardPeriod.MinYear} and {ScorecardPeriod.MaxYear}"));
        return 0;
    }

    private static async Task<IResult> RefuseAsync(HttpContext http, IAuditLog audit, string resource, string department, string reason, IResult problem, CancellationToken ct,
        string action = "supervision.baseline.set")
    {
        await audit.WriteAsync(http.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = reason, DataOwner = department.Length <= 18 ? department : null }, ct);
        return problem;
    }

    /// <summary>A baseline as answered over HTTP.</summary>
    public static object View(CatalogBaseline b) => new
    {
        department = b.Department,
        year = b.Year,
        expectedResources = b.ExpectedResources,
        source = b.Source,
        setBy = b.SetBy,
        setAt = b.SetAt,
        history = b.History,
        etag = b.ETag,
    };
}
