using System.Net;
using System.Net.Http.Json;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Supervision;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Supervision;

/// <summary>Another department's findings stay private until the jurisdiction publishes the ranking of the period they were raised in.</summary>
public sealed class FindingPublicationTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    [Fact]
    public async Task A_published_ranking_makes_the_findings_of_its_period_visible_to_every_department_but_only_the_owner_answers()
    {
        var market = DemoJurisdiction.MarketRegulation.Code;
        var november = $"finding:test-nov-{Guid.NewGuid().ToString("N")[..6]}";
        var december = $"finding:test-dec-{Guid.NewGuid().ToString("N")[..6]}";
        var sink = app.Services.GetRequiredService<IFindingSink>();
        await sink.RaiseAsync(new Finding(november, "350800", market, "sharing.answerDeadline", "350800@v1 (004 第十二条)", "sharing/350800/requests/r1",
            app.Time.GetUtcNow().AddDays(-1), null, "answered late"), CancellationToken.None);
        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.FromHours(8)));
        await sink.RaiseAsync(new Finding(december, "350800", market, "sharing.answerDeadline", "350800@v1 (004 第十二条)", "sharing/350800/requests/r2",
            app.Time.GetUtcNow().AddDays(-1), null, "answered late"), CancellationToken.None);
        // Tokens are issued on the test clock, so clients are made after it moved.
        var police = app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        var url = (string id) => "/api/supervision/findings/" + Uri.EscapeDataString(id);

        // Before publication: nothing of another department.
        await (await police.GetAsync(url(november))).ShouldBeProblem(HttpStatusCode.NotFound);
        var before = await (await police.GetAsync($"/api/supervision/findings?department={market}")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(before.GetProperty("items").EnumerateArray());

        await (await app.DataAuthority().PostAsync("/api/supervision/rankings/2026-11/publication", null)).ShouldBe(HttpStatusCode.Created);

        // November's finding is public now; December's (not published) is not.
        var read = await (await police.GetAsync(url(november))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(market, read.GetProperty("department").GetString());
        await (await police.GetAsync(url(december))).ShouldBeProblem(HttpStatusCode.NotFound);
        var after = await (await police.GetAsync($"/api/supervision/findings?department={market}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal([november], after.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToArray());
        // Seeing is not answering: only the department itself answers its finding.
        await (await police.PostAsJsonAsync(url(november) + "/answer", new { answer = "Remedied", note = "x" })).ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
