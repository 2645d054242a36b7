using System.Globalization;
using GovData.Domain;
using GovData.Domain.Audit;
using GovData.Domain.Supervision;
using GovData.Functions.Audit;
using GovData.Functions.Hosting.Http;
using GovData.Functions.Reference;

namespace GovData.Functions.Supervision;

/// <summary>
/// Catalog baselines with no HTTP in sight: the DataAuthority records them (with an optional If-Match), departments read
/// their own, the DataAuthority and Auditors every one. Every set and read is audited, refusals too.
/// </summary>
public sealed class BaselineService(CatalogBaselineStore store, ReferenceStore reference, IAuditLog audit, TimeProvider time)
{
    /// <summary>The largest figure accepted (a department with more resources than this is a typo).</summary>
    public const int MaxExpectedResources = 1_000_000;

    /// <summary>
    /// Records how many data resources <paramref name="department"/> is expected to catalogue in <paramref name="year"/> and
    /// from which duties list: created (the first figure of the year) or replaced (kept in the history).
    /// </summary>
    public async Task<SupervisionAnswer<BaselineView>> SetAsync(RequestContext request, string department, string year, CatalogBaselineRequest body, string? ifMatch,
        CancellationToken ct)
    {
        var caller = request.User;
        var resource = Resource(caller.Jurisdiction, department, year);
        var errors = new List<ValidationError>();
        if (Domain.Identifiers.UnifiedSocialCreditCode.Validate(department) is { } d) errors.Add(new ValidationError("department", d));
        var y = ParseYear(year, errors);
        if (body.ExpectedResources is not { } expected) errors.Add(new ValidationError("expectedResources", "is required"));
        else if (expected is < 1 or > MaxExpectedResources) errors.Add(new ValidationError("expectedResources", $"must be between 1 and {MaxExpectedResources}"));
        if (string.IsNullOrWhiteSpace(body.Source)) errors.Add(new ValidationError("source", "is required: name the duties list (职责/权责清单) and its version or document number"));
        else if (body.Source.Trim().Length > 500) errors.Add(new ValidationError("source", "must be at most 500 characters"));
        if (errors.Count > 0)
            return await RefuseAsync(request, resource, department, string.Join("; ", errors.Select(e => e.Field + ": " + e.Reason)), SupervisionRefusal.Invalid(errors), ct);
        // A department of another jurisdiction (or an unregistered code) is not there to set a baseline for: 404, nothing stored.
        if (await reference.FindDepartmentAsync(caller.Jurisdiction, department, ct) is null)
            return await RefuseAsync(request, resource, department, $"not a department of jurisdiction {caller.Jurisdiction}",
                SupervisionRefusal.NotFound($"Department {department} of jurisdiction {caller.Jurisdiction}"), ct);

        var current = await store.FindAsync(caller.Jurisdiction, department, y, ct);
        if (ifMatch is { Length: > 0 } && ifMatch != "*" && (current is null || ifMatch.Trim().Trim('"') != current.ETag!.Trim('"')))
            return await RefuseAsync(request, resource, department, "If-Match does not match the baseline's current ETag",
                SupervisionRefusal.PreconditionFailed("the baseline was changed since you read it; read it again"), ct);
        var saved = await store.SetAsync(current, caller.Jurisdiction, department, y, body.ExpectedResources!.Value, body.Source!.Trim(), caller.UserId, time.GetUtcNow(), ct);
        if (saved is null)
            return await RefuseAsync(request, resource, department, "lost a concurrent update",
                SupervisionRefusal.PreconditionFailed("the baseline was changed by someone else at the same time; read it again"), ct);
        await audit.WriteAsync(request.AuditFor("supervision.baseline.set", resource) with
        {
            Department = caller.Department,
            DataOwner = department,
            DataContent = $"expected {saved.ExpectedResources}" + (current is null ? "" : $" (was {current.ExpectedResources})"),
            Reason = saved.Source,
        }, ct);
        return current is null ? SupervisionAnswer<BaselineView>.New(BaselineView.Of(saved), saved.ETag) : SupervisionAnswer<BaselineView>.Done(BaselineView.Of(saved), saved.ETag);
    }

    /// <summary>A department's baseline for a year with its history: its own, or any for the DataAuthority and Auditors; otherwise not found.</summary>
    public async Task<SupervisionAnswer<BaselineView>> GetAsync(RequestContext request, string department, string year, CancellationToken ct)
    {
        var caller = request.User;
        var errors = new List<ValidationError>();
        if (Domain.Identifiers.UnifiedSocialCreditCode.Validate(department) is { } d) errors.Add(new ValidationError("department", d));
        var y = ParseYear(year, errors);
        if (errors.Count > 0) return SupervisionRefusal.Invalid(errors);
        var baseline = SupervisionAccess.SeesAll(caller) || caller.BelongsTo(department) ? await store.FindAsync(caller.Jurisdiction, department, y, ct) : null;
        if (baseline is null)
            return await RefuseAsync(request, Resource(caller.Jurisdiction, department, year), department, "no baseline or not visible",
                SupervisionRefusal.NotFound($"Catalog baseline of {department} for {y}"), ct, "supervision.baseline.read");
        await audit.WriteAsync(request.AuditFor("supervision.baseline.read", Resource(caller.Jurisdiction, department, year)) with { Department = caller.Department, DataOwner = department }, ct);
        return SupervisionAnswer<BaselineView>.Done(BaselineView.Of(baseline), baseline.ETag);
    }

    /// <summary>The baselines of a year: all for the DataAuthority and Auditors, a department its own.</summary>
    public async Task<SupervisionAnswer<BaselineList>> ListAsync(RequestContext request, string? year, CancellationToken ct)
    {
        var caller = request.User;
        var errors = new List<ValidationError>();
        var y = ParseYear(year, errors);
        if (errors.Count > 0) return SupervisionRefusal.Invalid(errors);
        var all = await store.ListAsync(caller.Jurisdiction, y, ct);
        var visible = all.Values.Where(b => SupervisionAccess.SeesAll(caller) || caller.BelongsTo(b.Department)).OrderBy(b => b.Department, StringComparer.Ordinal).ToList();
        await audit.WriteAsync(request.AuditFor("supervision.baselines.list", $"supervision/{caller.Jurisdiction}/baselines/{y}") with
        {
            Department = caller.Department,
            DataContent = $"{visible.Count} baselines",
        }, ct);
        return SupervisionAnswer<BaselineList>.Done(new BaselineList(y, [.. visible.Select(BaselineView.Of)]));
    }

    private static string Resource(string jurisdiction, string department, string year) => $"supervision/{jurisdiction}/baselines/{department}/{year}";

    private static int ParseYear(string? year, List<ValidationError> errors)
    {
        if (year is { Length: 4 } && int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= ScorecardPeriod.MinYear and <= ScorecardPeriod.MaxYear)
            return y;
        errors.Add(new ValidationError("year", $"must be a year between {ScorecardPeriod.MinYear} and {ScorecardPeriod.MaxYear}"));
        return 0;
    }

    private async Task<SupervisionRefusal> RefuseAsync(RequestContext request, string resource, string department, string reason, SupervisionRefusal refusal, CancellationToken ct,
        string action = "supervision.baseline.set")
    {
        await audit.WriteAsync(request.AuditFor(action, resource) with { Outcome = AuditOutcome.Refused, Reason = reason, DataOwner = department.Length <= 18 ? department : null }, ct);
        return refusal;
    }
}
