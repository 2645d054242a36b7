using System.Globalization;
using GovData.Domain;
using GovData.Domain.Audit;
using GovData.Domain.Supervision;
using GovData.Functions.Audit;
using GovData.Functions.Hosting.Http;

namespace GovData.Functions.Supervision;

/// <summary>
/// Publishing a period's ranking (000 第八条) with no HTTP in sight: the DataAuthority publishes it (again after a
/// withdrawal) and withdraws it with a reason; the read roles see whether it is published, with every publication and
/// withdrawal. Every call is audited, refusals too (but for a period key that is not one).
/// </summary>
public sealed class RankingService(SupervisionAccess access, IAuditLog audit, TimeProvider time)
{
    /// <summary>Publishes the ranking of a period: created (also again after a withdrawal), or the publication in force.</summary>
    public async Task<SupervisionAnswer<PublishedRankingView>> PublishAsync(RequestContext request, string period, CancellationToken ct)
    {
        var caller = request.User;
        if (ScorecardPeriod.TryParse(period, out var error) is not { } p) return SupervisionRefusal.Invalid("period", error!);
        var (publication, created) = await access.PublishAsync(caller.Jurisdiction, p, caller.UserId, time.GetUtcNow(), ct);
        await audit.WriteAsync(request.AuditFor("supervision.ranking.publish", Resource(caller.Jurisdiction, p)) with
        {
            DataContent = created ? "published" : "already published " + publication.PublishedAt.ToString("O", CultureInfo.InvariantCulture),
        }, ct);
        var view = new PublishedRankingView(publication.Period, publication.PublishedBy, publication.PublishedAt);
        return created ? SupervisionAnswer<PublishedRankingView>.New(view) : SupervisionAnswer<PublishedRankingView>.Done(view);
    }

    /// <summary>Withdraws the published ranking of a period with a reason: its scorecards, report and findings are private again.</summary>
    public async Task<SupervisionAnswer<RankingPublicationView>> WithdrawAsync(RequestContext request, string period, RankingWithdrawalRequest body, CancellationToken ct)
    {
        var caller = request.User;
        var resource = $"supervision/{caller.Jurisdiction}/rankings/{period}";
        var errors = new List<ValidationError>();
        var p = ScorecardPeriod.TryParse(period, out var error);
        if (p is null) errors.Add(new ValidationError("period", error!));
        if (string.IsNullOrWhiteSpace(body.Reason)) errors.Add(new ValidationError("reason", "is required: say why the ranking is withdrawn"));
        else if (body.Reason.Trim().Length > 2000) errors.Add(new ValidationError("reason", "must be at most 2000 characters"));
        if (errors.Count > 0)
        {
            await audit.WriteAsync(request.AuditFor("supervision.ranking.withdraw", resource) with { Outcome = AuditOutcome.Refused, Reason = string.Join("; ", errors.Select(e => e.Field + ": " + e.Reason)) }, ct);
            return SupervisionRefusal.Invalid(errors);
        }
        var reason = body.Reason!.Trim();
        var (outcome, publication) = await access.WithdrawAsync(caller.Jurisdiction, p!, caller.UserId, time.GetUtcNow(), reason, ct);
        if (outcome != WithdrawalOutcome.Withdrawn)
        {
            var why = outcome == WithdrawalOutcome.NotPublished ? $"the ranking of {p!.Key} is not published" : $"the ranking of {p!.Key} is already withdrawn";
            await audit.WriteAsync(request.AuditFor("supervision.ranking.withdraw", resource) with { Outcome = AuditOutcome.Refused, Reason = why }, ct);
            return SupervisionRefusal.Conflict(why);
        }
        await audit.WriteAsync(request.AuditFor("supervision.ranking.withdraw", resource) with
        {
            DataContent = "withdrawn; published " + publication!.PublishedAt.ToString("O", CultureInfo.InvariantCulture),
            Reason = reason.Length > 500 ? reason[..500] : reason,
        }, ct);
        return SupervisionAnswer<RankingPublicationView>.Done(RankingPublicationView.Of(publication));
    }

    /// <summary>Whether the ranking of a period is published or withdrawn, with every publication and withdrawal; not found when it never was published.</summary>
    public async Task<SupervisionAnswer<RankingPublicationView>> PublicationAsync(RequestContext request, string period, CancellationToken ct)
    {
        var caller = request.User;
        if (ScorecardPeriod.TryParse(period, out var error) is not { } p) return SupervisionRefusal.Invalid("period", error!);
        var publication = await access.FindPublicationAsync(caller.Jurisdiction, p, ct);
        await audit.WriteAsync(request.AuditFor("supervision.ranking.read", Resource(caller.Jurisdiction, p)) with
        {
            Department = caller.Department,
            Outcome = publication is null ? AuditOutcome.Refused : AuditOutcome.Succeeded,
            Reason = publication is null ? "never published" : null,
        }, ct);
        return publication is null ? SupervisionRefusal.NotFound($"Publication of the ranking {p.Key}") : SupervisionAnswer<RankingPublicationView>.Done(RankingPublicationView.Of(publication));
    }

    private static string Resource(string jurisdiction, ScorecardPeriod p) => $"supervision/{jurisdiction}/rankings/{p.Key}";
}
