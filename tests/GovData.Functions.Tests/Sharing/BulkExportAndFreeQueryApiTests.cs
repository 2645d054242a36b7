using System.Net;
using System.Net.Http.Json;
using System.Text;
using GovData.Domain.Audit;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Infrastructure;
using static GovData.Functions.Tests.Aggregation.SubmissionFiles;

namespace GovData.Functions.Tests.Sharing;

/// <summary>
/// 004 第十三条 "原则上不批量导出提供数据，不提供自由查询": in Longyan a whole-file download and a query that does not name
/// identified records are refused (422, the rule and the article), unless the DataAuthority recorded an exception with reasons.
/// </summary>
public sealed class BulkExportAndFreeQueryApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private readonly SharedDataApi _api = new(app);
    private const string Purpose = SharedDataApi.Purpose;

    [Fact]
    [Trait("Rule", "access.bulkExportAllowed")]
    [Trait("Rule", "access.freeQueryAllowed")]
    public async Task Longyan_refuses_bulk_export_and_free_query_with_the_article_until_the_DataAuthority_records_an_exception()
    {
        var entryId = await _api.PublishWithDataAsync();
        var file = await _api.GrantAsync(entryId, ["公民身份号码", "登记日期"], "FileDownload");
        var api = await _api.GrantAsync(entryId, ["公民身份号码", "性别"], "Api");
        var verify = await _api.GrantAsync(entryId, ["公民身份号码", "性别"], "Verification");
        var requester = _api.Sharing.Requester;

        // A whole-file link: refused, with the rule and the article; no link is issued.
        var link = await (await requester.PostAsJsonAsync($"/api/sharing/grants/{file}/download-links", new { purpose = Purpose })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("access.bulkExportAllowed", link.GetProperty("rule").GetString());
        Assert.Contains("004 第十三条", link.GetProperty("detail").GetString());
        Assert.False(link.TryGetProperty("url", out _));

        // A query filtered on 性别 or on nothing is a free-form query; one that gives the key item (公民身份号码) looks up a record.
        var query = $"/api/sharing/grants/{api}/query";
        foreach (var free in new object[] { new { purpose = Purpose }, new { purpose = Purpose, filters = new Dictionary<string, string> { ["性别"] = "女" } } })
        {
            var refused = await (await requester.PostAsJsonAsync(query, free)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
            Assert.Equal("access.freeQueryAllowed", refused.GetProperty("rule").GetString());
            Assert.Contains("004 第十三条", refused.GetProperty("detail").GetString());
        }
        var one = await (await requester.PostAsJsonAsync(query, new { purpose = Purpose, filters = new Dictionary<string, string> { ["公民身份号码"] = Id(7) } })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, one.GetProperty("count").GetInt32());
        // Verification is neither.
        await (await requester.PostAsJsonAsync($"/api/sharing/grants/{verify}/verify",
            new { purpose = Purpose, values = new Dictionary<string, string> { ["公民身份号码"] = Id(7), ["性别"] = SharedDataApi.Sex(7) } })).ShouldBe(HttpStatusCode.OK);
        // Unconditional data used directly: the same rule.
        var direct = await _api.PublishWithDataAsync("Unconditional", rows: 3);
        Assert.Equal("access.bulkExportAllowed", (await (await requester.PostAsJsonAsync($"/api/sharing/entries/{direct}/download-links", new { purpose = Purpose }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity)).GetProperty("rule").GetString());
        Assert.Equal("access.freeQueryAllowed", (await (await requester.PostAsJsonAsync($"/api/sharing/entries/{direct}/query", new { purpose = Purpose }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity)).GetProperty("rule").GetString());

        // Only the DataAuthority records an exception, with reasons and an end within the longest grant period (Longyan: 12 months).
        var body = new { department = DemoJurisdiction.MarketRegulation.Code, entryId, bulkExport = true, freeQuery = true, reasons = new[] { "人口普查比对需要全量数据" }, until = app.Time.GetUtcNow().AddDays(30) };
        await (await _api.Sharing.Provider.PostAsJsonAsync("/api/sharing/access-exceptions", body)).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await _api.Sharing.Authority.PostAsJsonAsync("/api/sharing/access-exceptions", body with { reasons = Array.Empty<string>() })).ShouldNameField("reasons");
        await (await _api.Sharing.Authority.PostAsJsonAsync("/api/sharing/access-exceptions", body with { until = app.Time.GetUtcNow().AddMonths(13) })).ShouldNameField("until");
        await (await _api.Sharing.Authority.PostAsJsonAsync("/api/sharing/access-exceptions", body with { bulkExport = false, freeQuery = false })).ShouldNameField("bulkExport");
        var recorded = await (await _api.Sharing.Authority.PostAsJsonAsync("/api/sharing/access-exceptions", body)).ShouldBe(HttpStatusCode.Created);
        Assert.Contains("004 第十三条", recorded.GetProperty("rule").GetString());
        var mine = await (await requester.GetAsync("/api/sharing/access-exceptions")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), e => e.GetProperty("entryId").GetString() == entryId);
        Assert.Empty((await (await _api.Sharing.Outsider.GetAsync("/api/sharing/access-exceptions")).ShouldBe(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());

        // With it, the file and the free query go ahead (for that department and entry only).
        var url = (await (await requester.PostAsJsonAsync($"/api/sharing/grants/{file}/download-links", new { purpose = Purpose })).ShouldBe(HttpStatusCode.Created)).GetProperty("url").GetString()!;
        var csv = await (await requester.GetAsync(url)).Content.ReadAsStringAsync();
        Assert.Equal(31, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(30, (await (await requester.PostAsJsonAsync(query, new { purpose = Purpose, top = 100 })).ShouldBe(HttpStatusCode.OK)).GetProperty("count").GetInt32());
        await (await requester.PostAsJsonAsync($"/api/sharing/entries/{direct}/query", new { purpose = Purpose })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);

        // Once it ends, a link issued under it stops too.
        var late = (await (await requester.PostAsJsonAsync($"/api/sharing/grants/{file}/download-links", new { purpose = Purpose })).ShouldBe(HttpStatusCode.Created)).GetProperty("url").GetString()!;
        app.Time.Advance(TimeSpan.FromDays(30));
        var stopped = await (await _api.Sharing.Requester.GetAsync(late)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("access.bulkExportAllowed", stopped.GetProperty("rule").GetString());

        // The trail is shared by every test app of the run: look only at this test's resources.
        var links = await _api.AuditAsync("350800", $"sharing/350800/grants/{file}");
        Assert.Contains(links, r => r.Action == "sharing.data.download-link" && r.Outcome == AuditOutcome.Refused && r.Reason!.Contains("004 第十三条", StringComparison.Ordinal));
        var queries = await _api.AuditAsync("350800", $"sharing/350800/grants/{api}");
        Assert.Contains(queries, r => r.Action == "sharing.data.query" && r.Outcome == AuditOutcome.Refused && r.Reason!.Contains("access.freeQueryAllowed", StringComparison.Ordinal));
        var approvals = await _api.AuditAsync("350800", $"sharing/350800/access-exceptions/{DemoJurisdiction.MarketRegulation.Code}/{entryId}");
        var approval = Assert.Single(approvals, r => r.Action == "sharing.access-exception.approve" && r.Outcome == AuditOutcome.Succeeded);
        Assert.Equal("人口普查比对需要全量数据", approval.Reason);
    }
}

/// <summary>The same calls once Longyan's DataAuthority amends the rules to allow them: the rule set decides, not the code (own app: the amendment stays).</summary>
public sealed class BulkExportRuleSwitchApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    [Fact]
    [Trait("Rule", "access.bulkExportAllowed")]
    [Trait("Rule", "access.freeQueryAllowed")]
    public async Task Amending_the_rules_to_allow_bulk_export_and_free_query_lets_the_calls_through_and_makes_an_exception_needless()
    {
        var api = new SharedDataApi(app);
        var entryId = await api.PublishWithDataAsync();
        var file = await api.GrantAsync(entryId, ["公民身份号码", "登记日期"], "FileDownload");
        var query = await api.GrantAsync(entryId, ["公民身份号码", "性别"], "Api");
        await (await api.Sharing.Requester.PostAsJsonAsync($"/api/sharing/grants/{file}/download-links", new { purpose = SharedDataApi.Purpose })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);

        var amendment = """{"basedOnVersion": 1, "reason": "测试：市大数据局决定允许批量导出与自由查询", "effectiveFrom": "2026-11-24", "rules": {"access.bulkExportAllowed": {"value": true}, "access.freeQueryAllowed": {"value": true}}}""";
        await (await api.Sharing.Authority.PostAsync("/api/jurisdictions/350800/rules/amendments", new StringContent(amendment, Encoding.UTF8, "application/json"))).ShouldBe(HttpStatusCode.Created);

        await (await api.Sharing.Requester.PostAsJsonAsync($"/api/sharing/grants/{file}/download-links", new { purpose = SharedDataApi.Purpose })).ShouldBe(HttpStatusCode.Created);
        await (await api.Sharing.Requester.PostAsJsonAsync($"/api/sharing/grants/{query}/query", new { purpose = SharedDataApi.Purpose })).ShouldBe(HttpStatusCode.OK);
        var needless = await (await api.Sharing.Authority.PostAsJsonAsync("/api/sharing/access-exceptions", new
        {
            department = DemoJurisdiction.MarketRegulation.Code, entryId, bulkExport = true, reasons = new[] { "x" }, until = app.Time.GetUtcNow().AddDays(1),
        })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("access.bulkExportAllowed", needless.GetProperty("rule").GetString());
    }
}
