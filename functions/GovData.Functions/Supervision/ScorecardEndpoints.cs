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
            SupervisionAccess access, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (ScorecardPeriod.TryParse(period, out var error) is not { } p) return Problems.Validation("period", error!);
            if (Domain.Identifiers.UnifiedSocialCreditCode.Validate(department) is not null
                || (!caller.BelongsTo(department) && !await access.SeesAllOfAsync(caller, p, ct)))
                return Problems.NotFound($"Scorecard of {department}");
            var counters = await store.ReadAsync(caller.Jurisdiction, department, p, ct);
            var open = await store.OpenFindingsAsync(caller.Jurisdiction, department, ct);
            await audit.WriteAsync(http.AuditFor("supervision.scorecard.read", $"supervision/{caller.Jurisdiction}/scorecards/{department}/{p.Key}") with { Department = caller.Department }, ct);
            return Results.Ok(View(department, null, p, counters, open, null));
        }).RequireRoles(SupervisionAccess.ReadRoles)
          .WithSummary("A department's scorecard for a period (2026, 2026-Q4, 2026-11): its own, or any once the ranking is published; all for the DataAuthority and Auditors");

        group.MapGet("/scorecards", async (string? period, HttpContext http, ScorecardStore store, SupervisionAccess access, ReferenceStore reference,
            IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (ScorecardPeriod.TryParse(period, out var error) is not { } p) return Problems.Validation("period", error!);
            var publication = await access.PublicationAsync(caller.Jurisdiction, p, ct);
            var all = SupervisionAccess.SeesAll(caller) || publication is not null;
            var ranking = await RankingAsync(store, reference, caller.Jurisdiction, p, ct);
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
                items = visible.Select(r => View(r.Department, ranking.Names.GetValueOrDefault(r.Department), p, r.Counters, ranking.OpenFindings.GetValueOrDefault(r.Department), r)),
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
          .WithSummary("Publish the ranking of a period (DataAuthority, 000 第八条): every department may then read every scorecard and the report of that period");
    }

    /// <summary>The ranking of a period: every department of the jurisdiction (those without any fact have empty counters), with names and open findings.</summary>
    public static async Task<Ranking> RankingAsync(ScorecardStore store, ReferenceStore reference, string jurisdiction, ScorecardPeriod period, CancellationToken ct)
    {
        var rows = (await store.ListAsync(jurisdiction, period, ct)).ToDictionary(r => r.Department, r => r.Counters, StringComparer.Ordinal);
        var names = (await reference.ListDepartmentsAsync(jurisdiction, ct)).ToDictionary(d => d.Code, d => d.Name, StringComparer.Ordinal);
        foreach (var code in names.Keys) rows.TryAdd(code, new ScorecardCounters());
        var open = await store.OpenFindingsAsync(jurisdiction, ct);
        return new Ranking(period, EvaluationScore.Rank(rows.Select(r => (r.Key, r.Value))), names, open);
    }

    /// <summary>A scorecard as answered over HTTP and written into reports.</summary>
    public static object View(string department, string? name, ScorecardPeriod period, ScorecardCounters c, int openFindings, RankedDepartment? ranked)
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
            aggregation = new { submissions = c.AggregationSubmissions, onTime = c.AggregationOnTime, onTimeRate = c.AggregationOnTimeRate, accepted = c.AggregationAccepted, qualityPassRate = c.QualityPassRate, rows = c.AggregationRows, failedRows = c.AggregationFailedRows },
            sharing = new
            {
                received = c.ShareRequestsReceived, answered = c.ShareRequestsAnswered, answeredOnTime = c.ShareAnsweredOnTime, onTimeRate = c.ShareOnTimeRate,
                approved = c.ShareApproved, partlyApproved = c.SharePartlyApproved, refused = c.ShareRefused, medianAnswerWorkingDays = c.MedianAnswerWorkingDays,
                changeNotices = c.ChangeNotices, changeNoticesOnTime = c.ChangeNoticesOnTime,
            },
            disputes = new { decided = c.DisputesDecided, upheld = c.DisputesUpheld, overturned = c.DisputesOverturned },
            opening = new { datasetsPublished = c.OpenDatasetsPublished },
            findings = new { raised = c.FindingsRaised, closed = c.FindingsClosed, reopened = c.FindingsReopened, openNow = openFindings },
        };
    }
}

/// <summary>A period's ranking with department names and current open findings.</summary>
public sealed record Ranking(ScorecardPeriod Period, IReadOnlyList<RankedDepartment> Rows, IReadOnlyDictionary<string, string> Names, IReadOnlyDictionary<string, int> OpenFindings);
