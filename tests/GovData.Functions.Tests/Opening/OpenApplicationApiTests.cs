using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GovData.Functions.Opening;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;
using GovData.Functions.Workflow;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Opening;

/// <summary>On-application open data: registration, eligibility, purpose, the DataAuthority's decision, grants and restricted downloads.</summary>
public sealed class OpenApplicationApiTests(OpeningApp app) : IClassFixture<OpeningApp>
{
    private readonly OpeningApi _api = new(app);

    // Unified social credit codes of applicant organisations (valid check characters).
    private static readonly string University = OpeningApi.Code("12350800MB0001006");
    private static readonly string Enterprise = OpeningApi.Code("91350800MA2Y0ABC1");
    private static readonly string Other = OpeningApi.Code("52350800MJ0001007");

    [Fact]
    public async Task Only_eligible_applicants_with_a_purpose_are_granted_and_the_academic_restriction_goes_out_on_every_download()
    {
        var entryId = await _api.PublishedAsync("OnApplication");
        var csvPath = $"/api/open/350800/datasets/{entryId}/versions/1/data.csv";
        await (await _api.Public.GetAsync(csvPath)).ShouldBeProblem(HttpStatusCode.Unauthorized);

        var university = OpeningApi.Applicant(app, University, "prof-li");
        var other = OpeningApi.Applicant(app, Other, "citizen-wang");
        // Applying before registering is refused; registration names the field that is wrong.
        await (await university.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = entryId, purpose = "城市人口流动研究" })).ShouldBeProblem(HttpStatusCode.Conflict);
        await (await university.PutAsJsonAsync("/api/open/350800/applicant", new { type = "University", name = "" })).ShouldNameField("name");
        await (await university.PutAsJsonAsync("/api/open/350800/applicant", new { type = "University", name = "龙岩学院" })).ShouldBe(HttpStatusCode.OK);
        await (await other.PutAsJsonAsync("/api/open/350800/applicant", new { type = "Other", name = "王某" })).ShouldBe(HttpStatusCode.OK);

        Assert.Contains("004 第十七条", await (await other.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = entryId, purpose = "个人兴趣" })).ShouldNameField("applicantType"));
        await (await university.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = entryId, purpose = "  " })).ShouldNameField("purpose");
        await (await university.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = entryId })).ShouldNameField("purpose");
        await (await university.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = "../x", purpose = "研究" })).ShouldNameField("datasetId");

        var applied = await (await university.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = entryId, purpose = "城市人口流动研究" })).ShouldBe(HttpStatusCode.Created);
        var id = applied.GetProperty("id").GetString()!;
        Assert.Equal("Pending", applied.GetProperty("state").GetString());
        // Longyan is silent on the time; Fujian's default of 20 working days applies: Tuesday 2026-11-24 + 20 = 2026-12-22.
        Assert.Equal("2026-12-22", applied.GetProperty("dueDate").GetString());
        Assert.Contains("openApplication.deadline", applied.GetProperty("deadlineRule").GetString());

        // Without a grant the applicant gets 403; other applicants cannot see the application.
        await (await university.GetAsync(csvPath)).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await other.GetAsync($"/api/open/350800/applications/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        // Only the DataAuthority decides.
        await (await _api.Steward.PostAsJsonAsync($"/api/opening/applications/{id}/decision", new { decision = "Grant" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        var pending = await (await _api.Authority.GetAsync("/api/opening/applications?state=Pending")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(pending.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetString() == id);

        var granted = await (await _api.Authority.PostAsJsonAsync($"/api/opening/applications/{id}/decision", new { decision = "Grant" })).ShouldBe(HttpStatusCode.OK);
        var grant = granted.GetProperty("grant");
        Assert.Contains("科研教育", grant.GetProperty("restriction").GetString());
        Assert.Contains("004 第十八条", grant.GetProperty("restrictionRule").GetString());
        Assert.Contains("使用限制", grant.GetProperty("text").GetString());
        await (await _api.Authority.PostAsJsonAsync($"/api/opening/applications/{id}/decision", new { decision = "Refuse", reasons = new[] { "x" } })).ShouldBeProblem(HttpStatusCode.Conflict);
        await app.DeadlineInStateAsync("350800", OpeningDeadlines.ApplicationTimerId(id), TimerState.Cancelled);

        foreach (var path in new[] { csvPath, $"/api/open/350800/datasets/{entryId}/versions/1/data.jsonl" })
        {
            var download = await university.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Contains("non-profit research and education only", download.Headers.GetValues("X-GovData-Use-Restriction").Single());
            Assert.Contains("科研教育", Uri.UnescapeDataString(download.Headers.GetValues("X-GovData-Use-Restriction-Note").Single()["UTF-8''".Length..]));
        }
        // Still nothing for a caller without a grant, even with a token.
        await (await other.GetAsync(csvPath)).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_enterprise_grant_carries_no_academic_restriction_and_a_refusal_needs_reasons()
    {
        var entryId = await _api.PublishedAsync("OnApplication");
        var enterprise = OpeningApi.Applicant(app, Enterprise, "mgr-chen");
        await (await enterprise.PutAsJsonAsync("/api/open/350800/applicant", new { type = "DomesticEnterprise", name = "龙岩市某某科技有限公司" })).ShouldBe(HttpStatusCode.OK);
        var first = (await (await enterprise.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = entryId, purpose = "产品研发" })).ShouldBe(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await (await _api.Authority.PostAsJsonAsync($"/api/opening/applications/{first}/decision", new { decision = "Refuse" })).ShouldNameField("reasons");
        await (await _api.Authority.PostAsJsonAsync($"/api/opening/applications/{first}/decision", new { decision = "Refuse", reasons = new[] { "用途不明确" } })).ShouldBe(HttpStatusCode.OK);
        await (await enterprise.GetAsync($"/api/open/350800/datasets/{entryId}/versions/1/data.csv")).ShouldBeProblem(HttpStatusCode.Forbidden);

        var second = (await (await enterprise.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = entryId, purpose = "为本地企业提供人口流动分析服务" })).ShouldBe(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var granted = await (await _api.Authority.PostAsJsonAsync($"/api/opening/applications/{second}/decision", new { decision = "Grant" })).ShouldBe(HttpStatusCode.OK);
        Assert.False(granted.GetProperty("grant").TryGetProperty("restriction", out _));
        var download = await enterprise.GetAsync($"/api/open/350800/datasets/{entryId}/versions/1/data.csv");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.False(download.Headers.Contains("X-GovData-Use-Restriction"));

        // Applying for data open to everyone is pointless and refused.
        var unconditional = await _api.PublishedAsync("Unconditional");
        await (await enterprise.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = unconditional, purpose = "x" })).ShouldNameField("datasetId");
    }
}

/// <summary>Missed opening deadlines raise findings (own app: the test moves the clock).</summary>
public sealed class OpeningDeadlineApiTests(OpeningApp app) : IClassFixture<OpeningApp>
{
    private Task Fire(string id) =>
        app.SettleDeadlinesAsync();

    [Fact]
    public async Task An_undecided_application_and_an_unanswered_demand_become_findings_once_overdue()
    {
        var api = new OpeningApi(app);
        var entryId = await api.PublishedAsync("OnApplication");
        var applicant = OpeningApi.Applicant(app, OpeningApi.Code("12350800MB0001008"), "prof-zhao");
        await (await applicant.PutAsJsonAsync("/api/open/350800/applicant", new { type = "ResearchInstitute", name = "龙岩市农业科学研究所" })).ShouldBe(HttpStatusCode.OK);
        var applicationId = (await (await applicant.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = entryId, purpose = "农业人口研究" })).ShouldBe(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var demand = await (await api.Public.PostAsJsonAsync("/api/open/350800/demands", new { title = "开放企业登记信息", description = "用于营商环境研究", department = "11350800MB0001004N" })).ShouldBe(HttpStatusCode.Created);
        var demandId = demand.GetProperty("id").GetString()!;
        var answered = await (await api.Public.PostAsJsonAsync("/api/open/350800/demands", new { title = "开放人口统计", description = "研究", department = "11350800MB0001003K" })).ShouldBe(HttpStatusCode.Created);
        var answeredId = answered.GetProperty("id").GetString()!;
        await (await api.Steward.PostAsJsonAsync($"/api/opening/demands/{answeredId}/answer", new { answer = "Declined", reason = "涉及个人信息，暂不具备开放条件" })).ShouldBe(HttpStatusCode.OK);

        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 23, 9, 0, 0, TimeSpan.FromHours(8)));
        await Fire(OpeningDeadlines.ApplicationTimerId(applicationId));
        await Fire(OpeningDeadlines.DemandTimerId(demandId));
        await Fire(OpeningDeadlines.DemandTimerId(answeredId));
        var supervision = app.Services.GetRequiredService<Database>().GetContainer(StorageNames.Cosmos.Supervision);
        var late = (await supervision.ReadItemAsync<JsonElement>("finding:" + OpeningDeadlines.ApplicationTimerId(applicationId), new PartitionKey("350800"))).Resource;
        Assert.Equal("openApplication.deadline", late.GetProperty("rule").GetString());
        Assert.Equal("11350800MB0001001D", late.GetProperty("department").GetString());
        var unanswered = (await supervision.ReadItemAsync<JsonElement>("finding:" + OpeningDeadlines.DemandTimerId(demandId), new PartitionKey("350800"))).Resource;
        Assert.Equal("openDemand.answerDeadline", unanswered.GetProperty("rule").GetString());
        Assert.Equal("11350800MB0001004N", unanswered.GetProperty("department").GetString());
        Assert.Contains("第十九条", unanswered.GetProperty("citation").GetString());
        await Assert.ThrowsAsync<CosmosException>(() => supervision.ReadItemAsync<JsonElement>("finding:" + OpeningDeadlines.DemandTimerId(answeredId), new PartitionKey("350800")));
    }
}
