using System.Net;
using System.Net.Http.Json;
using System.Text;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Audit;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Catalog;

/// <summary>The catalog lifecycle over HTTP: compile, review on the rule set's route, publish, version, retire, reclassify.</summary>
public sealed class CatalogWorkflowApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private readonly CatalogApi _api = new(app);

    [Fact]
    public async Task Draft_is_reviewed_by_the_department_then_the_DataAuthority_and_published()
    {
        var code = CatalogApi.NewCode();
        var created = await _api.CreateAsync(CatalogApi.Body(code));
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("Draft", created.GetProperty("state").GetString());

        // Drafts are invisible outside the department; the DataAuthority sees nothing before submission.
        await (await _api.OtherSteward.GetAsync($"/api/catalog/entries/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _api.Authority.GetAsync($"/api/catalog/entries/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        // Reviewing a draft is a state conflict; a steward may not review.
        // Each says why in Chinese too (detailZh), for the portal's users.
        var conflict = await (await _api.Reviewer.PostAsJsonAsync($"/api/catalog/entries/{id}/review", new { decision = "Approve" })).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal($"目录 {id}（草稿）：没有待审核的版本", conflict.GetProperty("detailZh").GetString());
        var forbidden = await (await _api.Steward.PostAsJsonAsync($"/api/catalog/entries/{id}/review", new { decision = "Approve" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        Assert.StartsWith("此操作需要以下角色之一：目录审核员", forbidden.GetProperty("detailZh").GetString());

        var submitted = await (await _api.Steward.PostAsync($"/api/catalog/entries/{id}/submit", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("DepartmentThenDataAuthority", submitted.GetProperty("working").GetProperty("route").GetString());
        var returned = await (await _api.Reviewer.PostAsJsonAsync($"/api/catalog/entries/{id}/review", new { decision = "Return", reasons = new[] { "摘要过短" } })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Returned", returned.GetProperty("state").GetString());
        await (await _api.Steward.PutAsJsonAsync($"/api/catalog/entries/{id}/draft", CatalogApi.Body(code, summary: "常住人口的基本信息，含户籍"))).ShouldBe(HttpStatusCode.OK);
        await (await _api.Steward.PostAsync($"/api/catalog/entries/{id}/submit", null)).ShouldBe(HttpStatusCode.OK);
        var deptApproved = await _api.Approve(_api.Reviewer, id);
        Assert.Equal("DepartmentApproved", deptApproved.GetProperty("state").GetString());
        var published = await _api.Approve(_api.Authority, id);
        Assert.Equal("Published", published.GetProperty("state").GetString());

        // Now every department of the jurisdiction sees it, and it is searchable.
        var seen = await (await _api.OtherSteward.GetAsync($"/api/catalog/entries/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(code, seen.GetProperty("code").GetString());
        var found = await (await _api.OtherSteward.GetAsync($"/api/catalog/entries?keyword=户籍")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(found.GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == code);

        var audit = app.Services.GetRequiredService<IAuditLog>();
        var records = new List<Domain.Audit.AuditRecord>();
        await foreach (var r in audit.QueryAsync(new AuditQuery("350800", app.Time.GetUtcNow().AddHours(-1), app.Time.GetUtcNow().AddHours(1)) { ResourcePrefix = $"catalog/350800/entries/{id}" }, CancellationToken.None))
            records.Add(r);
        foreach (var action in new[] { "catalog.entry.create", "catalog.entry.submit", "catalog.entry.return", "catalog.entry.edit", "catalog.entry.approve" })
            Assert.Contains(records, r => r.Action == action);
    }

    [Fact]
    public async Task Two_reviewers_at_once_exactly_one_wins()
    {
        var id = (await _api.CreateAsync(CatalogApi.Body(CatalogApi.NewCode()))).GetProperty("id").GetString()!;
        await (await _api.Steward.PostAsync($"/api/catalog/entries/{id}/submit", null)).ShouldBe(HttpStatusCode.OK);
        var other = app.CreateClient();
        other.DefaultRequestHeaders.Authorization = new("Bearer", app.TokenFor("reviewer-2", DemoJurisdiction.PublicSecurity.Code, "350800", Role.CatalogReviewer));
        var responses = await Task.WhenAll(
            _api.Reviewer.PostAsJsonAsync($"/api/catalog/entries/{id}/review", new { decision = "Approve" }),
            other.PostAsJsonAsync($"/api/catalog/entries/{id}/review", new { decision = "Return", reasons = new[] { "不同意" } }));
        var statuses = string.Join(",", await Task.WhenAll(responses.Select(async r => $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}")));
        Assert.True(1 == responses.Count(r => r.StatusCode == HttpStatusCode.OK), statuses);
        Assert.True(1 == responses.Count(r => r.StatusCode == HttpStatusCode.Conflict), statuses);
        var entry = await (await _api.Steward.GetAsync($"/api/catalog/entries/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Single(entry.GetProperty("working").GetProperty("reviews").EnumerateArray());
    }

    [Fact]
    public async Task Codes_are_unique_in_the_jurisdiction_and_duplicates_of_other_departments_are_flagged()
    {
        var code = CatalogApi.NewCode();
        var items = new[] { "企业名称" + code, "统一社会信用代码" };
        await _api.PublishAsync(CatalogApi.Body(code, items: items));
        var again = await _api.OtherSteward.PostAsJsonAsync("/api/catalog/entries", CatalogApi.Body(code, items: items));
        Assert.Equal("code", (await again.ShouldBeProblem(HttpStatusCode.Conflict)).GetProperty("errors")[0].GetProperty("field").GetString());

        var dup = await _api.CreateAsync(CatalogApi.Body(CatalogApi.NewCode("SC"), items: items), _api.OtherSteward);
        var warning = Assert.Single(dup.GetProperty("warnings").EnumerateArray());
        Assert.Equal(code, warning.GetProperty("code").GetString());
        Assert.Contains("一数一源", warning.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("{\"name\": ", "body")]
    [InlineData("{\"name\":\"x\"}", "code")]
    [InlineData("{\"name\":\"人口\",\"code\":\"350800-GA-9\",\"summary\":\"s\",\"dataItems\":[{\"name\":\"a\",\"type\":\"String\"}],\"sharingType\":\"Sometimes\",\"sharingMethods\":[\"Api\"],\"openType\":\"NotOpen\",\"updateCycle\":\"Daily\"}", "sharingType")]
    [InlineData("{\"name\":\"人口\",\"code\":\"350800-GA-9\",\"summary\":\"s\",\"dataItems\":[{\"name\":\"a\",\"type\":\"String\"}],\"sharingType\":\"NotShared\",\"sharingMethods\":[],\"openType\":\"NotOpen\",\"updateCycle\":\"Daily\"}", "legalBasis")]
    [InlineData("{\"name\":\"人口\",\"code\":\"350800-GA-9\",\"summary\":\"s\",\"dataItems\":[{\"name\":\"a\",\"type\":\"String\"}],\"sharingType\":\"Unconditional\",\"sharingMethods\":[\"FileDownload\"],\"openType\":\"NotOpen\",\"updateCycle\":\"RealTime\"}", "sharingMethods")]
    [InlineData("{\"name\":\"人口\",\"code\":\"350800-GA-9\",\"summary\":\"s\",\"dataItems\":[{\"name\":\"a\",\"type\":\"String\"}],\"sharingType\":\"Unconditional\",\"sharingMethods\":[\"Api\"],\"openType\":\"NotOpen\",\"updateCycle\":\"Daily\",\"state\":\"Published\"}", "state")]
    public async Task Bad_input_names_the_field_and_changes_nothing(string json, string field)
    {
        var response = await _api.Steward.PostAsync("/api/catalog/entries", new StringContent(json, Encoding.UTF8, "application/json"));
        await response.ShouldNameField(field);
        var drafts = await (await _api.Steward.GetAsync("/api/catalog/drafts")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(drafts.GetProperty("items").EnumerateArray(), d => d.GetProperty("code").GetString() == "350800-GA-9");
    }

    [Fact]
    public async Task Over_long_name_is_refused() =>
        await (await _api.Steward.PostAsJsonAsync("/api/catalog/entries", CatalogApi.Body(CatalogApi.NewCode(), name: new string('名', 101)))).ShouldNameField("name");

    [Fact]
    public async Task A_published_entry_changes_through_a_reviewed_new_version_with_history_and_diff()
    {
        var code = CatalogApi.NewCode();
        var id = await _api.PublishAsync(CatalogApi.Body(code));
        await (await _api.Steward.PutAsJsonAsync($"/api/catalog/entries/{id}/draft", CatalogApi.Body(code))).ShouldBeProblem(HttpStatusCode.Conflict);
        await (await _api.Steward.PostAsJsonAsync($"/api/catalog/entries/{id}/versions", new { reason = "新增户籍地址" })).ShouldBe(HttpStatusCode.OK);
        await (await _api.Steward.PutAsJsonAsync($"/api/catalog/entries/{id}/draft", CatalogApi.Body(code, items: ["姓名", "公民身份号码", "户籍地址"]))).ShouldBe(HttpStatusCode.OK);
        // Others still see version 1 only.
        var other = await (await _api.OtherSteward.GetAsync($"/api/catalog/entries/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, other.GetProperty("version").GetInt32());
        Assert.False(other.TryGetProperty("working", out _));
        await (await _api.Steward.PostAsync($"/api/catalog/entries/{id}/submit", null)).ShouldBe(HttpStatusCode.OK);
        await _api.Approve(_api.Reviewer, id);
        var v2 = await _api.Approve(_api.Authority, id);
        Assert.Equal(2, v2.GetProperty("published").GetProperty("number").GetInt32());

        var history = await (await _api.OtherSteward.GetAsync($"/api/catalog/entries/{id}/history")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal([1, 2], history.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));
        var diff = await (await _api.OtherSteward.GetAsync($"/api/catalog/entries/{id}/diff?from=1&to=2")).ShouldBe(HttpStatusCode.OK);
        var change = Assert.Single(diff.GetProperty("changes").EnumerateArray());
        Assert.Equal("dataItems[户籍地址]", change.GetProperty("field").GetString());
        await (await _api.OtherSteward.GetAsync($"/api/catalog/entries/{id}/diff?from=1&to=3")).ShouldNameField("to");
    }

    [Fact]
    public async Task Retirement_needs_the_DataAuthoritys_approval_and_deletes_nothing()
    {
        var code = CatalogApi.NewCode();
        var id = await _api.PublishAsync(CatalogApi.Body(code, sharingType: "Unconditional", openType: "Unconditional"));
        await (await _api.Steward.PostAsJsonAsync($"/api/catalog/entries/{id}/retirement", new { reason = "职能划转" })).ShouldBe(HttpStatusCode.OK);
        await (await _api.Reviewer.PostAsJsonAsync($"/api/catalog/entries/{id}/retirement/decision", new { decision = "Approve" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        var retired = await (await _api.Authority.PostAsJsonAsync($"/api/catalog/entries/{id}/retirement/decision", new { decision = "Approve" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Retired", retired.GetProperty("state").GetString());
        var search = await (await _api.Steward.GetAsync($"/api/catalog/entries?keyword=常住&pageSize=200")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(search.GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == code);
        await (await _api.Steward.GetAsync($"/api/catalog/entries/{id}")).ShouldBe(HttpStatusCode.OK);
        await (await app.CreateClient().GetAsync($"/api/open-catalog/350800/entries/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);
    }
}

/// <summary>Emergency reclassification moves the clock, so it has its own app.</summary>
public sealed class CatalogEmergencyApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private readonly CatalogApi _api = new(app);

    [Fact]
    public async Task Emergency_reclassification_raises_the_type_until_the_end_date_and_falls_back_by_itself()
    {
        var code = CatalogApi.NewCode();
        var id = await _api.PublishAsync(CatalogApi.Body(code, sharingType: "NotShared"));
        var until = app.Time.GetUtcNow().AddDays(3);
        await (await _api.Steward.PostAsJsonAsync($"/api/catalog/entries/{id}/emergency", new { raisedTo = "Unconditional", until, reason = "x" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        var raised = await (await _api.Authority.PostAsJsonAsync($"/api/catalog/entries/{id}/emergency", new { raisedTo = "Unconditional", until, reason = "突发公共卫生事件" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Unconditional", raised.GetProperty("effectiveSharingType").GetString());
        var search = await (await _api.Steward.GetAsync($"/api/catalog/entries?sharingType=Unconditional&keyword=常住&pageSize=200")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(search.GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == code);

        app.Time.Advance(TimeSpan.FromDays(3));
        {
            // Tokens are judged by the app's clock: a fresh one for the later day.
            var steward = app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
            var after = await (await steward.GetAsync($"/api/catalog/entries/{id}")).ShouldBe(HttpStatusCode.OK);
            Assert.Equal("NotShared", after.GetProperty("effectiveSharingType").GetString());
            Assert.False(after.GetProperty("emergency").GetProperty("active").GetBoolean());
            search = await (await steward.GetAsync($"/api/catalog/entries?sharingType=NotShared&keyword=常住&pageSize=200")).ShouldBe(HttpStatusCode.OK);
            Assert.Contains(search.GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == code);
        }
    }

    [Fact]
    public async Task The_DataAuthority_ends_an_emergency_early_and_search_falls_back_at_once()
    {
        var word = "解除" + Guid.NewGuid().ToString("N")[..6];
        var code = CatalogApi.NewCode();
        var id = await _api.PublishAsync(CatalogApi.Body(code, name: word + "资源", sharingType: "NotShared"));
        var until = app.Time.GetUtcNow().AddDays(30);
        await (await _api.Authority.PostAsJsonAsync($"/api/catalog/entries/{id}/emergency/end", new { reason = "无应急" })).ShouldBeProblem(HttpStatusCode.Conflict);
        await (await _api.Authority.PostAsJsonAsync($"/api/catalog/entries/{id}/emergency", new { raisedTo = "Conditional", until, reason = "防汛应急响应", conditions = "仅用于防汛救灾" })).ShouldBe(HttpStatusCode.OK);
        async Task<string?> SearchedType() =>
            Assert.Single((await (await _api.OtherSteward.GetAsync($"/api/catalog/entries?keyword={Uri.EscapeDataString(word)}")).ShouldBe(HttpStatusCode.OK))
                .GetProperty("items").EnumerateArray()).GetProperty("sharingType").GetString();
        Assert.Equal("Conditional", await SearchedType());

        await (await _api.Steward.PostAsJsonAsync($"/api/catalog/entries/{id}/emergency/end", new { reason = "x" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await _api.Authority.PostAsJsonAsync($"/api/catalog/entries/{id}/emergency/end", new { reason = "" })).ShouldNameField("reason");
        app.Time.Advance(TimeSpan.FromHours(1));
        var authority = app.DataAuthority();
        var ended = await (await authority.PostAsJsonAsync($"/api/catalog/entries/{id}/emergency/end", new { reason = "防汛应急响应解除" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("NotShared", ended.GetProperty("effectiveSharingType").GetString());
        Assert.False(ended.GetProperty("emergency").GetProperty("active").GetBoolean());
        Assert.Equal("防汛应急响应解除", ended.GetProperty("emergency").GetProperty("endReason").GetString());
        Assert.Equal("NotShared", await SearchedType());
        await (await authority.PostAsJsonAsync($"/api/catalog/entries/{id}/emergency/end", new { reason = "again" })).ShouldBeProblem(HttpStatusCode.Conflict);

        // Everyone of the jurisdiction sees that it ended, and the end is audited.
        var history = await (await _api.OtherSteward.GetAsync($"/api/catalog/entries/{id}/history")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(history.GetProperty("events").EnumerateArray(), e => e.GetProperty("action").GetString() == "emergency.end");
        var records = new List<Domain.Audit.AuditRecord>();
        await foreach (var r in app.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery("350800", app.Time.GetUtcNow().AddHours(-2), app.Time.GetUtcNow().AddHours(1))
            { ResourcePrefix = $"catalog/350800/entries/{id}" }, CancellationToken.None))
            records.Add(r);
        Assert.Contains(records, r => r.Action == "catalog.entry.emergency.end" && r.Outcome == Domain.Audit.AuditOutcome.Succeeded);
        Assert.Contains(records, r => r.Action == "catalog.entry.emergency.end" && r.Outcome == Domain.Audit.AuditOutcome.Refused);
    }
}
