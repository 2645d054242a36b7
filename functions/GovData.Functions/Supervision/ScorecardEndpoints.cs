using GovData.Domain;
using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Domain.Supervision;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Identity;
using GovData.Functions.Reference;

namespace GovData.Functions.Supervision;

/// <summary>Scorecards and the ranking over HTTP: one department's card, every card of a period ranked, publishing the ranking.</summary>
public static class ScorecardEndpoints
{
    /// <summary>Maps /api/supervision/scorecards and /api/supervision/rankings.</summary>
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/scorecards/{department}/{period}", async (string department, string period, HttpContext http, ScorecardStore store,
            CatalogBaselineStore baselines, SupervisionAccess access, ReferenceStore reference, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (ScorecardPeriod.TryParse(period, out var error) is not { } p) return Problems.Validation("period", error!);
            // A department of another jurisdiction has no scorecard here: 404, not an empty card. It is this jurisdiction's when it
            // is registered here, or when its code was issued here (characters 3-8 of a unified social credit code are the issuing
            // division: events may arrive for a department before it is registered).
            if (Domain.Identifiers.UnifiedSocialCreditCode.Validate(department) is not null
                || (!caller.BelongsTo(department) && !await access.SeesAllOfAsync(caller, p, ct))
                || (department[2..8] != caller.Jurisdiction && await reference.FindDepartmentAsync(caller.Jurisdiction, department, ct) is null))
                return Problems.NotFound($"Scorecard of {department}");
            var counters = store.ReadAsync(caller.Jurisdiction, department, p, ct);
            var standing = store.StandingAsync(caller.Jurisdiction, department, ct);
            var baseline = baselines.FindAsync(caller.Jurisdiction, department, p.Year, ct);
            await Task.WhenAll(counters, standing, baseline);
            await audit.WriteAsync(http.AuditFor("supervision.scorecard.read", $"supervision/{caller.Jurisdiction}/scorecards/{department}/{p.Key}") with { Department = caller.Department }, ct);
            return Results.Ok(View(department, null, p, await counters, (await standing).OpenFindings, Coverage(await standing, await baseline, p), null));
        }).RequireRoles(SupervisionAccess.ReadRoles)
          .WithSummary("A department's scorecard for a period (2026, 2026-Q4, 2026-11): its own, or any once the ranking is published; all for the DataAuthority and Auditors");

        group.MapGet("/scorecards", async (string? period, HttpContext http, ScorecardStore store, CatalogBaselineStore baselines, SupervisionAccess access, ReferenceStore reference,
            IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (ScorecardPeriod.TryParse(period, out var error) is not { } p) return Problems.Validation("period", error!);
            var document = await access.FindPublicationAsync(caller.Jurisdiction, p, ct);
            var publication = document is { Withdrawn: false } ? document : null;
            var all = SupervisionAccess.SeesAll(caller) || publication is not null;
            var ranking = await RankingAsync(store, baselines, reference, caller.Jurisdiction, p, ct);
            var visible = all ? ranking.Rows : ranking.Rows.Where(r => caller.BelongsTo(r.Department)).ToList();
            await audit.WriteAsync(http.AuditFor("supervision.scorecards.list", $"supervision/{caller.Jurisdiction}/scorecards/{p.Key}") with
            {
                Department = caller.Department,
                DataContent = $"{visible.Count} of {ranking.Rows.Count} departments",
            }, ct);
            return Results.Ok(new
            {
                period = p.Key,
                published = publication is not null,
                publishedAt = publication?.PublishedAt,
                withdrawnAt = document?.WithdrawnAt,
                withdrawalReason = document?.WithdrawalReason,
                items = visible.Select(r => View(r.Department, ranking.Names.GetValueOrDefault(r.Department), p, r.Counters, ranking.OpenFindings.GetValueOrDefault(r.Department),
                    ranking.Coverage.GetValueOrDefault(r.Department) ?? new CatalogCoverage(0, null, null), r)),
            });
        }).RequireRoles(SupervisionAccess.ReadRoles)
          .WithSummary("Every department's scorecard for a period, ranked (DataAuthority, Auditor, or everyone once published; otherwise only the caller's own)");

        group.MapPost("/rankings/{period}/publication", async (string period, HttpContext http, SupervisionAccess access, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (ScorecardPeriod.TryParse(period, out var error) is not { } p) return Problems.Validation("period", error!);
            var (publication, created) = await access.PublishAsync(caller.Jurisdiction, p, caller.UserId, time.GetUtcNow(), ct);
            await audit.WriteAsync(http.AuditFor("supervision.ranking.publish", $"supervision/{caller.Jurisdiction}/rankings/{p.Key}") with
            {
                DataContent = created ? "published" : "already published " + publication.PublishedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            }, ct);
            var body = new { period = publication.Period, publishedBy = publication.PublishedBy, publishedAt = publication.PublishedAt };
            return created ? Results.Created($"/api/supervision/scorecards?period={p.Key}", body) : Results.Ok(body);
        }).RequireRoles(Role.DataAuthority)
          .WithSummary("Publish the ranking of a period (DataAuthority, 000 第八条): every department may then read every scorecard and the report of that period; publishes again after a withdrawal (201)");

        group.MapPost("/rankings/{period}/withdrawal", async (string period, RankingWithdrawalRequest body, HttpContext http, SupervisionAccess access, IAuditLog audit,
            TimeProvider time, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var resource = $"supervision/{caller.Jurisdiction}/rankings/{period}";
            var errors = new List<ValidationError>();
            var p = ScorecardPeriod.TryParse(period, out var error);
            if (p is null) errors.Add(new ValidationError("period", error!));
            if (string.IsNullOrWhiteSpace(body.Reason)) errors.Add(new ValidationError("reason", "is required: say why the ranking is withdrawn"));
            else if (body.Reason.Trim().Length > 2000) errors.Add(new ValidationError("reason", "must be at most 2000 characters"));
            if (errors.Count > 0)
            {
                await audit.WriteAsync(http.AuditFor("supervision.ranking.withdraw", resource) with { Outcome = AuditOutcome.Refused, Reason = string.Join("; ", errors.Select(e => e.Field + ": " + e.Reason)) }, ct);
                return Problems.Validation(errors);
            }
            var reason = body.Reason!.Trim();
            var (outcome, publication) = await access.WithdrawAsync(caller.Jurisdiction, p!, caller.UserId, time.GetUtcNow(), reason, ct);
            if (outcome != WithdrawalOutcome.Withdrawn)
            {
                var why = outcome == WithdrawalOutcome.NotPublished ? $"the ranking of {p!.Key} is not published" : $"the ranking of {p!.Key} is already withdrawn";
                await audit.WriteAsync(http.AuditFor("supervision.ranking.withdraw", resource) with { Outcome = AuditOutcome.Refused, Reason = why }, ct);
                return Problems.Conflict(why);
            }
            await audit.WriteAsync(http.AuditFor("supervision.ranking.withdraw", resource) with
            {
                DataContent = "withdrawn; published " + publication!.PublishedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                Reason = reason.Length > 500 ? reason[..500] : reason,
            }, ct);
            return Results.Ok(PublicationView(publication));
        }).RequireRoles(Role.DataAuthority)
          .WithSummary("Withdraw the published ranking of a period with a reason (DataAuthority): its scorecards, report and findings are private again until it is published again");

        group.MapGet("/rankings/{period}/publication", async (string period, HttpContext http, SupervisionAccess access, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (ScorecardPeriod.TryParse(period, out var error) is not { } p) return Problems.Validation("period", error!);
            var publication = await access.FindPublicationAsync(caller.Jurisdiction, p, ct);
            await audit.WriteAsync(http.AuditFor("supervision.ranking.read", $"supervision/{caller.Jurisdiction}/rankings/{p.Key}") with
            {
                Department = caller.Department,
                Outcome = publication is null ? AuditOutcome.Refused : AuditOutcome.Succeeded,
                Reason = publication is null ? "never published" : null,
            }, ct);
            return publication is null ? Problems.NotFound($"Publication of the ranking {p.Key}") : Results.Ok(PublicationView(publication));
        }).RequireRoles(SupervisionAccess.ReadRoles)
          .WithSummary("Whether the ranking of a period is published or withdrawn, with every publication and withdrawal (who, when, why)");
    }

    /// <summary>A ranking publication as answered over HTTP.</summary>
    public static object PublicationView(RankingPublication p) => new
    {
        period = p.Period,
        published = !p.Withdrawn,
        publishedBy = p.PublishedBy,
        publishedAt = p.PublishedAt,
        withdrawnBy = p.WithdrawnBy,
        withdrawnAt = p.WithdrawnAt,
        withdrawalReason = p.WithdrawalReason,
        history = p.History,
    };

    /// <summary>The catalog coverage at the end of the period: entries first published up to its last month over the baseline of its year.</summary>
    public static CatalogCoverage Coverage(StandingDocument? standing, CatalogBaseline? baseline, ScorecardPeriod period) =>
        new(standing?.CataloguedThrough(period.LastMonth) ?? 0, baseline?.ExpectedResources, baseline?.Source);

    /// <summary>The ranking of a period: every department of the jurisdiction (those without any fact have empty counters), with names and open findings.</summary>
    public static async Task<Ranking> RankingAsync(ScorecardStore store, CatalogBaselineStore baselines, ReferenceStore reference, string jurisdiction, ScorecardPeriod period, CancellationToken ct)
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

    /// <summary>A scorecard as answered over HTTP and written into reports.</summary>
    public static object View(string department, string? name, ScorecardPeriod period, ScorecardCounters c, int openFindings, CatalogCoverage coverage, RankedDepartment? ranked)
    {
        var components = ranked?.Components ?? EvaluationScore.Components(c);
        return new
        {
            department,
            name,
            period = period.Key,
            rank = ranked?.Rank,
            score = ranked is null ? EvaluationScore.Score(c) : ranked.Score,
            components,
            catalog = new { published = c.CatalogPublished, withDeadline = c.CatalogPublishedWithDeadline, onTime = c.CatalogPublishedOnTime, onTimeRate = c.CatalogOnTimeRate, yearlyReviews = c.CatalogReviews, yearlyReviewsOnTime = c.CatalogReviewsOnTime },
            coverage = new
            {
                catalogued = coverage.Catalogued, baseline = coverage.Baseline, baselineSource = coverage.BaselineSource, rate = coverage.Rate,
                status = coverage.Known ? "known" : "unknown",
            },
            aggregation = new { submissions = c.AggregationSubmissions, onTime = c.AggregationOnTime, onTimeRate = c.AggregationOnTimeRate, accepted = c.AggregationAccepted, qualityPassRate = c.QualityPassRate, rows = c.AggregationRows, failedRows = c.AggregationFailedRows },
            sharing = new
            {
                received = c.ShareRequestsReceived, answered = c.ShareRequestsAnswered, answeredOnTime = c.ShareAnsweredOnTime, onTimeRate = c.ShareOnTimeRate,
                approved = c.ShareApproved, partlyApproved = c.SharePartlyApproved, refused = c.ShareRefused, medianAnswerWorkingDays = c.MedianAnswerWorkingDays,
                changeNotices = c.ChangeNotices, changeNoticesOnTime = c.ChangeNoticesOnTime,
                // Data not yet aggregated that was made available, in time or not, and availability deadlines missed (002 第二十三条; 001 第二十三条).
                madeAvailable = c.ShareDataMadeAvailable, madeAvailableOnTime = c.ShareDataMadeAvailableOnTime, availabilityOnTimeRate = c.ShareAvailabilityOnTimeRate,
                availabilityMissed = c.ShareAvailabilityMissed,
            },
            disputes = new { decided = c.DisputesDecided, upheld = c.DisputesUpheld, overturned = c.DisputesOverturned },
            opening = new { datasetsPublished = c.OpenDatasetsPublished },
            findings = new { raised = c.FindingsRaised, closed = c.FindingsClosed, reopened = c.FindingsReopened, openNow = openFindings },
        };
    }
}

/// <summary>A period's ranking with department names and current open findings.</summary>
public sealed record Ranking(ScorecardPeriod Period, IReadOnlyList<RankedDepartment> Rows, IReadOnlyDictionary<string, string> Names, IReadOnlyDictionary<string, int> OpenFindings,
    IReadOnlyDictionary<string, CatalogCoverage> Coverage);

/// <summary>Why the DataAuthority withdraws a published ranking.</summary>
public sealed record RankingWithdrawalRequest(string? Reason);
