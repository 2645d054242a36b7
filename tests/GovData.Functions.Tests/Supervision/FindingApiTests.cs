using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Supervision;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Supervision;

/// <summary>Findings over HTTP: who sees which, the department answers, the DataAuthority accepts or reopens, ETags, audit, open counts.</summary>
public sealed class FindingApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private readonly SupervisionApi _api = new(app);
    private readonly HttpClient _police = app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
    private readonly HttpClient _market = app.ClientFor(DemoJurisdiction.MarketRegulation, Role.DataSteward);
    private readonly HttpClient _authority = app.DataAuthority();
    private readonly HttpClient _auditor = app.ClientFor(DemoJurisdiction.DataAuthority, Role.Auditor);

    private async Task<string> RaiseAsync(string token, string department, string rule = "catalog.updateDeadline")
    {
        var id = $"finding:test-{token}-{Guid.NewGuid().ToString("N")[..6]}";
        var due = app.Time.GetUtcNow().AddDays(-2);
        await app.Services.GetRequiredService<IFindingSink>().RaiseAsync(new Finding(id, SupervisionApi.Jur, department, rule,
            "350800@v1 catalog.updateDeadline = 5 working days (000 第二十条)", "catalog/350800/entries/e1", due, null, "not updated in time"), CancellationToken.None);
        return id;
    }

    private static string Url(string id) => "/api/supervision/findings/" + Uri.EscapeDataString(id);

    [Fact]
    public async Task Departments_see_only_their_own_findings_and_the_authority_and_auditors_see_all_with_filters()
    {
        var token = Guid.NewGuid().ToString("N")[..8];
        var police = await RaiseAsync(token, DemoJurisdiction.PublicSecurity.Code);
        var market = await RaiseAsync(token, DemoJurisdiction.MarketRegulation.Code, "sharing.answerDeadline");

        var own = await (await _police.GetAsync("/api/supervision/findings")).ShouldBe(HttpStatusCode.OK);
        var ids = own.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToList();
        Assert.Contains(police, ids);
        Assert.DoesNotContain(market, ids);
        Assert.All(own.GetProperty("items").EnumerateArray(), f => Assert.Equal(DemoJurisdiction.PublicSecurity.Code, f.GetProperty("department").GetString()));
        // Asking for another department's findings shows nothing rather than hinting that it has some.
        var other = await (await _police.GetAsync($"/api/supervision/findings?department={DemoJurisdiction.MarketRegulation.Code}")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(other.GetProperty("items").EnumerateArray());
        await (await _police.GetAsync(Url(market))).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _police.PostAsJsonAsync(Url(market) + "/answer", new { answer = "Remedied", note = "x" })).ShouldBeProblem(HttpStatusCode.NotFound);

        foreach (var reader in new[] { _authority, _auditor })
        {
            var all = await (await reader.GetAsync("/api/supervision/findings?state=Open")).ShouldBe(HttpStatusCode.OK);
            var allIds = all.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToList();
            Assert.Contains(police, allIds);
            Assert.Contains(market, allIds);
            var byRule = await (await reader.GetAsync($"/api/supervision/findings?rule=sharing.answerDeadline&department={DemoJurisdiction.MarketRegulation.Code}")).ShouldBe(HttpStatusCode.OK);
            Assert.Contains(market, byRule.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
            Assert.All(byRule.GetProperty("items").EnumerateArray(), f => Assert.Equal("sharing.answerDeadline", f.GetProperty("rule").GetString()));
            var read = await (await reader.GetAsync(Url(market))).ShouldBe(HttpStatusCode.OK);
            Assert.Equal("Open", read.GetProperty("state").GetString());
            Assert.Contains("000 第二十条", read.GetProperty("citation").GetString());
        }
        await (await _authority.GetAsync("/api/supervision/findings?state=Closed")).ShouldNameField("state");
        await (await _authority.GetAsync("/api/supervision/findings?department=nonsense")).ShouldNameField("department");
        await (await app.ClientFor(DemoJurisdiction.HumanResources, Role.PublicApplicant).GetAsync("/api/supervision/findings")).ShouldBeProblem(HttpStatusCode.Forbidden);
        Assert.Contains(await _api.AuditAsync("supervision/350800/findings"), r => r.Action == "supervision.findings.list");
    }

    [Fact]
    public async Task A_department_remedies_or_asks_acceptance_and_the_authority_accepts_or_reopens_and_open_counts_follow()
    {
        var token = Guid.NewGuid().ToString("N")[..8];
        var remedied = await RaiseAsync(token, DemoJurisdiction.PublicSecurity.Code);
        var accepted = await RaiseAsync(token, DemoJurisdiction.PublicSecurity.Code);
        Assert.Equal(2, await _api.DrainAsync(token, 2));
        var before = await OpenFindings();

        var first = await (await _police.PostAsJsonAsync(Url(remedied) + "/answer", new { answer = "Remedied", note = "已更新目录" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Remedied", first.GetProperty("state").GetString());
        await (await _police.PostAsJsonAsync(Url(remedied) + "/answer", new { answer = "Remedied", note = "again" })).ShouldBeProblem(HttpStatusCode.Conflict);
        await (await _police.PostAsJsonAsync(Url(accepted) + "/answer", new { answer = "AcceptanceRequested" })).ShouldNameField("note");
        await (await _police.PostAsJsonAsync(Url(accepted) + "/answer", new { answer = "AcceptanceRequested", reason = "x" })).ShouldBeProblem(HttpStatusCode.BadRequest);
        var asked = await (await _police.PostAsJsonAsync(Url(accepted) + "/answer", new { answer = "AcceptanceRequested", note = "系统升级停机, 已报备" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("AcceptanceRequested", asked.GetProperty("state").GetString());

        // Only the DataAuthority decides; a department steward cannot, and the authority cannot answer for the department.
        await (await _police.PostAsJsonAsync(Url(accepted) + "/decision", new { decision = "Accept", reason = "ok" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await _authority.PostAsJsonAsync(Url(accepted) + "/answer", new { answer = "Remedied", note = "x" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        var decided = await (await _authority.PostAsJsonAsync(Url(accepted) + "/decision", new { decision = "Accept", reason = "理由成立" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("AcceptedWithReason", decided.GetProperty("state").GetString());
        var reopened = await (await _authority.PostAsJsonAsync(Url(remedied) + "/decision", new { decision = "Reopen", reason = "目录仍未更新" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Open", reopened.GetProperty("state").GetString());
        Assert.Equal(["Remedied", "Reopen"], reopened.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.Equal("目录仍未更新", reopened.GetProperty("history")[1].GetProperty("text").GetString());

        // Closed twice (remedied, accepted) and reopened once: one fewer open finding than before, counted once each even if redelivered.
        Assert.Equal(3, await _api.DrainAsync(token, 3));
        Assert.Equal(before - 1, await OpenFindings());
        var card = await (await _police.GetAsync($"/api/supervision/scorecards/{DemoJurisdiction.PublicSecurity.Code}/2026-11")).ShouldBe(HttpStatusCode.OK);
        Assert.True(card.GetProperty("findings").GetProperty("raised").GetInt32() >= 2);
        Assert.True(card.GetProperty("findings").GetProperty("closed").GetInt32() >= 2);

        var trail = await _api.AuditAsync(FindingService.Resource("350800", accepted));
        Assert.Contains(trail, r => r.Action == "supervision.finding.answer" && r.Outcome == AuditOutcome.Succeeded);
        Assert.Contains(trail, r => r.Action == "supervision.finding.decide" && r.Reason == "理由成立");
        var other = await _api.AuditAsync(FindingService.Resource("350800", remedied));
        Assert.Contains(other, r => r.Action == "supervision.finding.answer" && r.Outcome == AuditOutcome.Succeeded && r.Reason == "已更新目录");
        Assert.Contains(other, r => r.Action == "supervision.finding.answer" && r.Outcome == AuditOutcome.Refused);
        Assert.Contains(other, r => r.Action == "supervision.finding.decide" && r.DataContent!.StartsWith("Remedied -> Open", StringComparison.Ordinal));
    }

    private async Task<int> OpenFindings() =>
        (await (await _police.GetAsync($"/api/supervision/scorecards/{DemoJurisdiction.PublicSecurity.Code}/2026")).ShouldBe(HttpStatusCode.OK))
            .GetProperty("findings").GetProperty("openNow").GetInt32();

    [Fact]
    public async Task A_stale_If_Match_is_refused_and_of_two_concurrent_answers_exactly_one_wins()
    {
        var token = Guid.NewGuid().ToString("N")[..8];
        var id = await RaiseAsync(token, DemoJurisdiction.PublicSecurity.Code);
        var read = await _police.GetAsync(Url(id));
        var etag = read.Headers.GetValues("ETag").Single();
        Assert.Equal(etag, $"\"{(await read.ShouldBe(HttpStatusCode.OK)).GetProperty("etag").GetString()!.Trim('"')}\"");

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Url(id) + "/answer") { Content = JsonContent.Create(new { answer = i % 2 == 0 ? "Remedied" : "AcceptanceRequested", note = $"answer {i}" }) };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            return _police.SendAsync(request);
        }));
        Assert.Single(answers, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.True(r.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        var after = await (await _police.GetAsync(Url(id))).ShouldBe(HttpStatusCode.OK);
        Assert.Single(after.GetProperty("history").EnumerateArray());
        Assert.NotEqual(etag.Trim('"'), after.GetProperty("etag").GetString()!.Trim('"'));
    }

    [Fact]
    public async Task Raising_the_same_finding_twice_keeps_one_finding_and_counts_it_once()
    {
        var token = Guid.NewGuid().ToString("N")[..8];
        var department = SupervisionApi.NewDepartment();
        var id = $"finding:test-{token}";
        var sink = app.Services.GetRequiredService<IFindingSink>();
        var finding = new Finding(id, "350800", department, "catalog.annualFullReview", "cite", "catalog/350800/x", app.Time.GetUtcNow(), null, "no review");
        await sink.RaiseAsync(finding, CancellationToken.None);
        await sink.RaiseAsync(finding, CancellationToken.None);
        Assert.Equal(2, await _api.DrainAsync(token, 2));
        var card = await (await _authority.GetAsync($"/api/supervision/scorecards/{department}/2026-Q4")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, card.GetProperty("findings").GetProperty("raised").GetInt32());
        Assert.Equal(1, card.GetProperty("findings").GetProperty("openNow").GetInt32());
        var list = await (await _authority.GetAsync($"/api/supervision/findings?department={department}")).ShouldBe(HttpStatusCode.OK);
        Assert.Single(list.GetProperty("items").EnumerateArray());
    }
}
