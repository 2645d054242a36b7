using GovData.Domain.Supervision;
using GovData.Functions.Audit;
using GovData.Functions.Hosting.Http;
using GovData.Functions.Reference;

namespace GovData.Functions.Supervision;

/// <summary>
/// Scorecards with no HTTP in sight: one department's card for a period, and every card of a period ranked, each as far as
/// the caller may see (its own; every one once the period's ranking is published; all for the DataAuthority and Auditors).
/// </summary>
public sealed class ScorecardService(ScorecardStore store, CatalogBaselineStore baselines, SupervisionAccess access, ReferenceStore reference, IAuditLog audit)
{
    /// <summary>A department's scorecard for a period: its own, or any once the ranking is published; all for the DataAuthority and Auditors. Otherwise not found.</summary>
    public async Task<SupervisionAnswer<ScorecardView>> GetAsync(RequestContext request, string department, string period, CancellationToken ct)
    {
        var caller = request.User;
        if (ScorecardPeriod.TryParse(period, out var error) is not { } p) return SupervisionRefusal.Invalid("period", error!);
        // A department of another jurisdiction has no scorecard here: 404, not an empty card. It is this jurisdiction's when it
        // is registered here, or when its code was issued here (characters 3-8 of a unified social credit code are the issuing
        // division: events may arrive for a department before it is registered).
        if (Domain.Identifiers.UnifiedSocialCreditCode.Validate(department) is not null
            || (!caller.BelongsTo(department) && !await access.SeesAllOfAsync(caller, p, ct))
            || (department[2..8] != caller.Jurisdiction && await reference.FindDepartmentAsync(caller.Jurisdiction, department, ct) is null))
            return SupervisionRefusal.NotFound($"Scorecard of {department}");
        var counters = store.ReadAsync(caller.Jurisdiction, department, p, ct);
        var standing = store.StandingAsync(caller.Jurisdiction, department, ct);
        var baseline = baselines.FindAsync(caller.Jurisdiction, department, p.Year, ct);
        await Task.WhenAll(counters, standing, baseline);
        await audit.WriteAsync(request.AuditFor("supervision.scorecard.read", $"supervision/{caller.Jurisdiction}/scorecards/{department}/{p.Key}") with { Department = caller.Department }, ct);
        return SupervisionAnswer<ScorecardView>.Done(ScorecardView.Of(department, null, p, await counters, (await standing).OpenFindings, Coverage(await standing, await baseline, p), null));
    }

    /// <summary>Every department's scorecard for a period, ranked (DataAuthority, Auditor, or everyone once published; otherwise only the caller's own).</summary>
    public async Task<SupervisionAnswer<ScorecardRanking>> ListAsync(RequestContext request, string? period, CancellationToken ct)
    {
        var caller = request.User;
        if (ScorecardPeriod.TryParse(period, out var error) is not { } p) return SupervisionRefusal.Invalid("period", error!);
        var document = await access.FindPublicationAsync(caller.Jurisdiction, p, ct);
        var publication = document is { Withdrawn: false } ? document : null;
        var all = SupervisionAccess.SeesAll(caller) || publication is not null;
        var ranking = await RankAsync(store, baselines, reference, caller.Jurisdiction, p, ct);
        var visible = all ? ranking.Rows : ranking.Rows.Where(r => caller.BelongsTo(r.Department)).ToList();
        await audit.WriteAsync(request.AuditFor("supervision.scorecards.list", $"supervision/{caller.Jurisdiction}/scorecards/{p.Key}") with
        {
            Department = caller.Department,
            DataContent = $"{visible.Count} of {ranking.Rows.Count} departments",
        }, ct);
        return SupervisionAnswer<ScorecardRanking>.Done(new ScorecardRanking(p.Key, publication is not null, publication?.PublishedAt, document?.WithdrawnAt, document?.WithdrawalReason,
            [.. visible.Select(r => ScorecardView.Of(r.Department, ranking.Names.GetValueOrDefault(r.Department), p, r.Counters, ranking.OpenFindings.GetValueOrDefault(r.Department),
                ranking.Coverage.GetValueOrDefault(r.Department) ?? new CatalogCoverage(0, null, null), r))]));
    }

    /// <summary>The catalog coverage at the end of the period: entries first published up to its last month over the baseline of its year.</summary>
    public static CatalogCoverage Coverage(StandingDocument? standing, CatalogBaseline? baseline, ScorecardPeriod period) =>
        new(standing?.CataloguedThrough(period.LastMonth) ?? 0, baseline?.ExpectedResources, baseline?.Source);

    /// <summary>The ranking of a period: every department of the jurisdiction (those without any fact have empty counters), with names and open findings.</summary>
    public static async Task<Ranking> RankAsync(ScorecardStore store, CatalogBaselineStore baselines, ReferenceStore reference, string jurisdiction, ScorecardPeriod period, CancellationToken ct)
    {
        var rows = (await store.ListAsync(jurisdiction, period, ct)).ToDictionary(r => r.Department, r => r.Counters, StringComparer.Ordinal);
        var names = (await reference.ListDepartmentsAsync(jurisdiction, ct)).ToDictionary(d => d.Code, d => d.Name, StringComparer.Ordinal);
        foreach (var code in names.Keys) rows.TryAdd(code, new ScorecardCounters());
        var standings = await store.StandingsAsync(jurisdiction, ct);
        var years = await baselines.ListAsync(jurisdiction, period.Year, ct);
        var coverage = rows.Keys.ToDictionary(d => d, d => Coverage(standings.GetValueOrDefault(d), years.GetValueOrDefault(d), period), StringComparer.Ordinal);
        return new Ranking(period, EvaluationScore.Rank(rows.Select(r => (r.Key, r.Value))), names,
            standings.ToDictionary(s => s.Key, s => s.Value.OpenFindings, StringComparer.Ordinal), coverage);
    }
}

/// <summary>A period's ranking with department names and current open findings.</summary>
public sealed record Ranking(ScorecardPeriod Period, IReadOnlyList<RankedDepartment> Rows, IReadOnlyDictionary<string, string> Names, IReadOnlyDictionary<string, int> OpenFindings,
    IReadOnlyDictionary<string, CatalogCoverage> Coverage);
