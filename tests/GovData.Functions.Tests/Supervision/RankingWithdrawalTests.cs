using System.Net;
using System.Net.Http.Json;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Supervision;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Supervision;

/// <summary>The DataAuthority withdraws a published ranking (with a reason) and may publish it again; what departments see follows.</summary>
public sealed class RankingWithdrawalTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly SupervisionApi _api = new(app);

    [Fact]
    public async Task A_withdrawn_ranking_makes_its_scorecards_report_and_findings_private_again_until_it_is_published_again()
    {
        var market = DemoJurisdiction.MarketRegulation.Code;
        var authority = app.DataAuthority();
        var police = app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        var findingId = $"finding:withdrawal-{Guid.NewGuid():N}"[..40];
        // Raised now (24 November 2026), so it belongs to 2026-11.
        await app.Services.GetRequiredService<IFindingSink>().RaiseAsync(new Finding(findingId, "350800", market, "sharing.answerDeadline", "350800@v1 (004 第十二条)",
            "sharing/350800/requests/r9", app.Time.GetUtcNow().AddDays(-1), null, "answered late"), CancellationToken.None);
        await _api.Deliver(SupervisionApi.Event(market, SupervisionEventKinds.ShareRequestAnswered, new DateTimeOffset(2026, 11, 10, 9, 0, 0, China),
            new() { ["outcome"] = "Approved", ["onTime"] = "true", ["workingDays"] = "1" }));
        await (await authority.PostAsJsonAsync("/api/supervision/reports", new { period = "2026-11" })).ShouldBe(HttpStatusCode.Created);
        var finding = "/api/supervision/findings/" + Uri.EscapeDataString(findingId);

        // Nothing to withdraw before publication.
        await (await authority.PostAsJsonAsync("/api/supervision/rankings/2026-11/withdrawal", new { reason = "数据有误" })).ShouldBeProblem(HttpStatusCode.Conflict);
        await (await authority.GetAsync("/api/supervision/rankings/2026-11/publication")).ShouldBeProblem(HttpStatusCode.NotFound);

        await (await authority.PostAsync("/api/supervision/rankings/2026-11/publication", null)).ShouldBe(HttpStatusCode.Created);
        await (await police.GetAsync($"/api/supervision/scorecards/{market}/2026-11")).ShouldBe(HttpStatusCode.OK);
        await (await police.GetAsync("/api/supervision/reports/2026-11")).ShouldBe(HttpStatusCode.OK);
        await (await police.GetAsync(finding)).ShouldBe(HttpStatusCode.OK);

        // Only the DataAuthority withdraws, and only with a reason.
        await (await police.PostAsJsonAsync("/api/supervision/rankings/2026-11/withdrawal", new { reason = "x" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await app.ClientFor(DemoJurisdiction.DataAuthority, Role.Auditor).PostAsJsonAsync("/api/supervision/rankings/2026-11/withdrawal", new { reason = "x" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await authority.PostAsJsonAsync("/api/supervision/rankings/2026-11/withdrawal", new { reason = " " })).ShouldNameField("reason");
        await (await authority.PostAsJsonAsync("/api/supervision/rankings/2026-11/withdrawal", new { })).ShouldNameField("reason");
        await (await authority.PostAsJsonAsync("/api/supervision/rankings/2026-11/withdrawal", new { reason = new string('x', 2001) })).ShouldNameField("reason");
        await (await authority.PostAsJsonAsync("/api/supervision/rankings/2026-13/withdrawal", new { reason = "x" })).ShouldNameField("period");
        await (await police.GetAsync($"/api/supervision/scorecards/{market}/2026-11")).ShouldBe(HttpStatusCode.OK);

        var withdrawn = await (await authority.PostAsJsonAsync("/api/supervision/rankings/2026-11/withdrawal", new { reason = "市场监管局申诉：11月共享答复数据有误，待核实" })).ShouldBe(HttpStatusCode.OK);
        Assert.False(withdrawn.GetProperty("published").GetBoolean());
        Assert.Equal("市场监管局申诉：11月共享答复数据有误，待核实", withdrawn.GetProperty("withdrawalReason").GetString());
        await (await authority.PostAsJsonAsync("/api/supervision/rankings/2026-11/withdrawal", new { reason = "again" })).ShouldBeProblem(HttpStatusCode.Conflict);

        // Private again: another department's scorecard, the report and the finding are gone for the police; its own card stays.
        await (await police.GetAsync($"/api/supervision/scorecards/{market}/2026-11")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await police.GetAsync("/api/supervision/reports/2026-11")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await police.GetAsync("/api/supervision/reports/2026-11/files/report.html")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await police.GetAsync(finding)).ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Empty((await (await police.GetAsync($"/api/supervision/findings?department={market}")).ShouldBe(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        var list = await (await police.GetAsync("/api/supervision/scorecards?period=2026-11")).ShouldBe(HttpStatusCode.OK);
        Assert.False(list.GetProperty("published").GetBoolean());
        Assert.Equal("市场监管局申诉：11月共享答复数据有误，待核实", list.GetProperty("withdrawalReason").GetString());
        Assert.Equal([DemoJurisdiction.PublicSecurity.Code], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("department").GetString()));
        await (await police.GetAsync($"/api/supervision/scorecards/{DemoJurisdiction.PublicSecurity.Code}/2026-11")).ShouldBe(HttpStatusCode.OK);
        // The DataAuthority and Auditors still see everything.
        await (await app.ClientFor(DemoJurisdiction.DataAuthority, Role.Auditor).GetAsync("/api/supervision/reports/2026-11")).ShouldBe(HttpStatusCode.OK);

        // Published again: visible again, and the history keeps both publications and the withdrawal.
        await (await authority.PostAsync("/api/supervision/rankings/2026-11/publication", null)).ShouldBe(HttpStatusCode.Created);
        await (await authority.PostAsync("/api/supervision/rankings/2026-11/publication", null)).ShouldBe(HttpStatusCode.OK);
        await (await police.GetAsync($"/api/supervision/scorecards/{market}/2026-11")).ShouldBe(HttpStatusCode.OK);
        await (await police.GetAsync("/api/supervision/reports/2026-11")).ShouldBe(HttpStatusCode.OK);
        await (await police.GetAsync(finding)).ShouldBe(HttpStatusCode.OK);
        var state = await (await police.GetAsync("/api/supervision/rankings/2026-11/publication")).ShouldBe(HttpStatusCode.OK);
        Assert.True(state.GetProperty("published").GetBoolean());
        Assert.Equal(["Published", "Withdrawn", "Published"], state.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.False(state.TryGetProperty("withdrawalReason", out _));

        var trail = await _api.AuditAsync("supervision/350800/rankings/2026-11");
        Assert.Contains(trail, r => r.Action == "supervision.ranking.withdraw" && r.Outcome == Domain.Audit.AuditOutcome.Succeeded && r.Reason!.Contains("申诉", StringComparison.Ordinal));
        Assert.Contains(trail, r => r.Action == "supervision.ranking.withdraw" && r.Outcome == Domain.Audit.AuditOutcome.Refused);
        Assert.Equal(2, trail.Count(r => r.Action == "supervision.ranking.publish" && r.DataContent == "published"));
    }
}
