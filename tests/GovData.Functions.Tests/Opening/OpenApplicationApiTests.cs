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
    [Trait("Rule", "openApplication.deadline")]
    public async Task Only_eligible_applicants_with_a_purpose_are_granted_and_the_academic_restriction_goes_out_on_every_download()
    {
        var entryId = await _api.PublishedAsync("OnApplication");
        var csvPath = $"/api/open/350800/datasets/{entryId}/versions/1/data.csv";
        await (await _api.Public.GetAsync(csvPath)).ShouldBeProblem(HttpStatusCode.Unauthorized);

        var university = OpeningApi.Applicant(app, University, "prof-li");
        var other = OpeningApi.Applicant(app, Other, "citizen-wang");
        // Applying before registering is refused; registration names the field that is wrong.
        await (await university.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = entryId, use = "Research", purpose = "城市人口流动研究" })).ShouldBeProblem(HttpStatusCode.Conflict);
        await (await university.PutAsJsonAsync("/api/open/350800/applicant", new { type = "University", name = "" })).ShouldNameField("name");
        await (await university.PutAsJsonAsync("/api/open/350800/applicant", new { type = "University", name = "龙岩学院" })).ShouldBe(HttpStatusCode.OK);
        await (await other.PutAsJsonAsync("/api/open/350800/applicant", new { type = "Other", name = "王某" })).ShouldBe(HttpStatusCode.OK);

        Assert.Contains("004 第十七条", await (await other.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = entryId, use = "PublicInterest", purpose = "个人兴趣" })).ShouldNameField("applicantType"));
        await (await university.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = entryId, use = "Research", purpose = "  " })).ShouldNameField("purpose");
        await (await university.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = entryId, use = "Research" })).ShouldNameField("purpose");
        await (await university.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = entryId, purpose = "城市人口流动研究" })).ShouldNameField("use");
        await (await university.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = "../x", use = "Research", purpose = "研究" })).ShouldNameField("datasetId");

        var applied = await (await university.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = entryId, use = "Research", purpose = "城市人口流动研究" })).ShouldBe(HttpStatusCode.Created);
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

        // The code (12…: a 事业单位) is consistent with a university but does not prove it: the DataAuthority verifies first.
        Assert.Equal("Required", pending.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("id").GetString() == id).GetProperty("applicantVerification").GetString());
        var early = await (await _api.Authority.PostAsJsonAsync($"/api/opening/applications/{id}/decision", new { decision = "Grant" })).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Contains("verify the applicant first", early.GetProperty("detail").GetString());
        await VerifyAsync(University);
        var granted = await (await _api.Authority.PostAsJsonAsync($"/api/opening/applications/{id}/decision", new { decision = "Grant" })).ShouldBe(HttpStatusCode.OK);
        var grant = granted.GetProperty("grant");
        Assert.Equal("Research", grant.GetProperty("use").GetString());
        Assert.Contains("用途：科研，城市人口流动研究", grant.GetProperty("text").GetString());
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
            var note = Uri.UnescapeDataString(download.Headers.GetValues("X-GovData-Use-Restriction-Note").Single()["UTF-8''".Length..]);
            Assert.Contains("科研教育", note);
            Assert.Contains("004 第十八条", note);
            // Kestrel refuses non-ASCII header values (TestServer does not): every header of the download must be ASCII.
            Security.AsciiHeaders.AssertAll(download);
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
        var first = (await (await enterprise.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = entryId, use = "Commercial", purpose = "产品研发" })).ShouldBe(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await (await _api.Authority.PostAsJsonAsync($"/api/opening/applications/{first}/decision", new { decision = "Refuse" })).ShouldNameField("reasons");
        await (await _api.Authority.PostAsJsonAsync($"/api/opening/applications/{first}/decision", new { decision = "Refuse", reasons = new[] { "用途不明确" } })).ShouldBe(HttpStatusCode.OK);
        await (await enterprise.GetAsync($"/api/open/350800/datasets/{entryId}/versions/1/data.csv")).ShouldBeProblem(HttpStatusCode.Forbidden);

        var second = (await (await enterprise.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = entryId, use = "Commercial", purpose = "为本地企业提供人口流动分析服务" })).ShouldBe(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        // 91…: an enterprise, but the code does not show it is domestic-controlled (内资控股): verified before the first grant.
        await VerifyAsync(Enterprise);
        var granted = await (await _api.Authority.PostAsJsonAsync($"/api/opening/applications/{second}/decision", new { decision = "Grant" })).ShouldBe(HttpStatusCode.OK);
        Assert.False(granted.GetProperty("grant").TryGetProperty("restriction", out _));
        var download = await enterprise.GetAsync($"/api/open/350800/datasets/{entryId}/versions/1/data.csv");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.False(download.Headers.Contains("X-GovData-Use-Restriction"));

        // Applying for data open to everyone is pointless and refused.
        var unconditional = await _api.PublishedAsync("Unconditional");
        await (await enterprise.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = unconditional, use = "Commercial", purpose = "x" })).ShouldNameField("datasetId");
        Security.AsciiHeaders.AssertAll(download);
    }

    [Fact]
    public async Task An_enterprise_code_cannot_register_as_a_university_and_a_university_cannot_apply_for_commercial_use()
    {
        var entryId = await _api.PublishedAsync("OnApplication");
        // 91… is registered by 工商 as an enterprise (GB 32100): it is not a university, whatever it declares.
        var pretender = OpeningApi.Applicant(app, OpeningApi.Code("91350800MA2Y0QQQ1"), "mgr-zhou");
        var reason = await (await pretender.PutAsJsonAsync("/api/open/350800/applicant", new { type = "University", name = "某某大学" })).ShouldNameField("type");
        Assert.Contains("GB 32100", reason);
        Assert.Contains("企业", reason);
        await (await pretender.GetAsync("/api/open/350800/applicant")).ShouldBeProblem(HttpStatusCode.NotFound);

        // A university applying for commercial use is refused naming the use and the rule (004 第十八条); research is accepted.
        var university = OpeningApi.Applicant(app, OpeningApi.Code("12350800MB0001016"), "prof-wu");
        var registered = await (await university.PutAsJsonAsync("/api/open/350800/applicant", new { type = "University", name = "闽西职业技术学院" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Required", registered.GetProperty("verification").GetProperty("state").GetString());
        var commercial = await (await university.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = entryId, use = "Commercial", purpose = "开发商业数据产品" })).ShouldNameField("use");
        Assert.Contains("004 第十八条", commercial);
        var research = await (await university.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = entryId, use = "Education", purpose = "数据分析课程教学" })).ShouldBe(HttpStatusCode.Created);
        Assert.Equal("教育", research.GetProperty("useLabel").GetString());

        // The DataAuthority verifies with reasons (or rejects); a rejected applicant gets no grant.
        var code = OpeningApi.Code("12350800MB0001016");
        await (await _api.Steward.PostAsJsonAsync($"/api/opening/applicants/{code}/verification", new { verified = true, reasons = new[] { "x" } })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await _api.Authority.PostAsJsonAsync($"/api/opening/applicants/{code}/verification", new { verified = true })).ShouldNameField("reasons");
        var rejected = await (await _api.Authority.PostAsJsonAsync($"/api/opening/applicants/{code}/verification", new { verified = false, reasons = new[] { "事业单位法人证书显示为医院，不是高校" } })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Rejected", rejected.GetProperty("verification").GetProperty("state").GetString());
        var refused = await (await _api.Authority.PostAsJsonAsync($"/api/opening/applications/{research.GetProperty("id").GetString()}/decision", new { decision = "Grant" })).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Contains("医院", refused.GetProperty("detail").GetString());
    }

    private async Task VerifyAsync(string code) =>
        await (await _api.Authority.PostAsJsonAsync($"/api/opening/applicants/{code}/verification",
            new { verified = true, reasons = new[] { "核对了登记证书与主管部门名单" } })).ShouldBe(HttpStatusCode.OK);
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
        var applicationId = (await (await applicant.PostAsJsonAsync("/api/open/350800/applications", new { datasetId = entryId, use = "Research", purpose = "农业人口研究" })).ShouldBe(HttpStatusCode.Created)).GetProperty("id").GetString()!;
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
