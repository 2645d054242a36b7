using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GovData.Functions.Audit;
using GovData.Functions.Sharing.Requests;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Sharing;

/// <summary>Share requests over HTTP in Longyan: file, route steps, partial approval, agreements, grants, disputes, bad input, races.</summary>
public sealed class SharingWorkflowApiTests : IClassFixture<SharingWorkflowApiTests.App>
{
    /// <summary>The app with supervision events recorded.</summary>
    public sealed class App : GovDataApp
    {
        public App() => ExtraServices = RecordingSupervisionEvents.Register;
    }

    private readonly App _app;
    private readonly SharingApi _api;

    public SharingWorkflowApiTests(App app)
    {
        _app = app;
        _api = new SharingApi(app);
    }

    [Fact]
    public async Task A_request_is_filed_decided_in_turn_partly_approved_accepted_and_used_within_its_grant_only()
    {
        var entry = await _api.PublishAsync();
        var response = await _api.Requester.PostAsJsonAsync("/api/sharing/requests", SharingApi.RequestBody(entry));
        var filed = await response.ShouldBe(HttpStatusCode.Accepted);
        var id = filed.GetProperty("id").GetString()!;
        var status = filed.GetProperty("statusQueryGetUri").GetString()!;
        Assert.Equal(status, response.Headers.Location!.ToString());
        Assert.EndsWith($"/api/sharing/requests/{id}", status);
        Assert.EndsWith($"/api/sharing/requests/{id}/events/{{eventName}}", filed.GetProperty("sendEventPostUri").GetString());
        Assert.Equal("Running", filed.GetProperty("runtimeStatus").GetString());
        Assert.Equal("PendingDecision", filed.GetProperty("customStatus").GetString());
        Assert.Equal("Provider", filed.GetProperty("currentStep").GetString());
        Assert.Equal("2026-12-01", filed.GetProperty("deadline").GetProperty("dueDate").GetString());

        // Visible to requester, provider and the DataAuthority (on Longyan's route); another department gets 404.
        await _api.Status(id, _api.Provider);
        await _api.Status(id, _api.Authority);
        await (await _api.Outsider.GetAsync($"/api/sharing/requests/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _api.Coordination.GetAsync($"/api/sharing/requests/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await SharingApi.Event(_api.Outsider, id, "approve")).ShouldBeProblem(HttpStatusCode.NotFound);

        // The DataAuthority decides after the provider; the requester cannot approve its own request.
        await (await SharingApi.Event(_api.Authority, id, "approve")).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await SharingApi.Event(_api.Requester, id, "approve")).ShouldBeProblem(HttpStatusCode.Forbidden);
        var step1 = await (await SharingApi.Event(_api.Provider, id, "approve", new { conditions = "仅限窗口核验" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("DataAuthority", step1.GetProperty("currentStep").GetString());
        await (await SharingApi.Event(_api.Authority, id, "approve", new { items = new[] { "公民身份号码" } })).ShouldNameField("items[0]");
        var decided = await (await SharingApi.Event(_api.Authority, id, "approve", new { items = new[] { "姓名" } })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("PartlyApproved", decided.GetProperty("state").GetString());
        Assert.Equal("仅限窗口核验", decided.GetProperty("conditions").GetString());

        // 姓名 is personal: the confidentiality agreement is needed as well as the data use agreement.
        await (await SharingApi.Event(_api.Requester, id, "accept", new { dataUseAgreement = true })).ShouldNameField("confidentialityAgreement");
        await (await SharingApi.Event(_api.Provider, id, "accept", new { dataUseAgreement = true, confidentialityAgreement = true })).ShouldBeProblem(HttpStatusCode.Forbidden);
        var granted = await (await SharingApi.Event(_api.Requester, id, "accept", new { dataUseAgreement = true, confidentialityAgreement = true })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Granted", granted.GetProperty("state").GetString());
        Assert.Equal("Completed", granted.GetProperty("runtimeStatus").GetString());
        Assert.Equal("2027-05-24", granted.GetProperty("grant").GetProperty("expiresAt").GetString()![..10]);

        // Every step is in the timeline, with the rule set version and the article.
        var timeline = granted.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(["file", "deadline.start", "decide.Provider.approve", "decide.DataAuthority.approve", "accept"],
            timeline.Select(s => s.GetProperty("action").GetString()));
        Assert.Equal("350800@v1+350000@v1", timeline[0].GetProperty("ruleSet").GetString());
        Assert.Equal("004 第十二条", timeline[2].GetProperty("article").GetString());
        Assert.Equal("user-004N-DataSteward", timeline[0].GetProperty("actor").GetString());

        // Grants: holder and provider see it, nobody else.
        var mine = await (await _api.Requester.GetAsync("/api/sharing/grants")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), g => g.GetProperty("id").GetString() == id && g.GetProperty("state").GetString() == "Active");
        var provided = await (await _api.Provider.GetAsync($"/api/sharing/grants/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["姓名"], provided.GetProperty("items").EnumerateArray().Select(i => i.GetString()));
        await (await _api.Outsider.GetAsync($"/api/sharing/grants/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _api.Authority.GetAsync($"/api/sharing/grants/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);

        // Use within the grant is allowed and recorded with its purpose; outside it is refused.
        var check = $"/api/sharing/grants/{id}/access-check";
        var ok = await (await _api.Requester.PostAsJsonAsync(check, new { items = new[] { "姓名" }, method = "Api", purpose = "办理企业开办登记" })).ShouldBe(HttpStatusCode.OK);
        Assert.True(ok.GetProperty("allowed").GetBoolean());
        await (await _api.Requester.PostAsJsonAsync(check, new { items = new[] { "户籍地区划" }, method = "Api", purpose = "办理企业开办登记" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await _api.Requester.PostAsJsonAsync(check, new { items = new[] { "姓名" }, method = "Verification", purpose = "办理企业开办登记" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await _api.Requester.PostAsJsonAsync(check, new { items = new[] { "姓名" }, method = "Api", purpose = "商业推广" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        // Trying to use the data outside the grant is a finding against the holder: one per grant and day, however often tried.
        var misuse = await (await _api.Authority.GetAsync("/api/supervision/findings?rule=grant.scope&department=11350800MB0001004N")).ShouldBe(HttpStatusCode.OK);
        Assert.Single(misuse.GetProperty("items").EnumerateArray(), f => f.GetProperty("subject").GetString()!.EndsWith(id, StringComparison.Ordinal));
        await (await _api.Requester.PostAsJsonAsync(check, new { items = new[] { "姓名" }, method = "Api", purpose = "" })).ShouldNameField("purpose");
        await (await _api.Provider.PostAsJsonAsync(check, new { items = new[] { "姓名" }, method = "Api", purpose = "办理企业开办登记" })).ShouldBeProblem(HttpStatusCode.Forbidden);

        var audit = _app.Services.GetRequiredService<IAuditLog>();
        var records = new List<Domain.Audit.AuditRecord>();
        await foreach (var r in audit.QueryAsync(new AuditQuery("350800", SharingApiTimes.Start, _app.Time.GetUtcNow().AddMinutes(1)) { ResourcePrefix = $"sharing/350800/grants/{id}" }, CancellationToken.None))
            records.Add(r);
        var used = Assert.Single(records, r => r.Action == "sharing.access" && r.Outcome == Domain.Audit.AuditOutcome.Succeeded);
        Assert.Equal("办理企业开办登记", used.Purpose);
        Assert.Contains("user-003K-DataSteward", used.Approver);
        Assert.Equal(5, records.Count(r => r.Action == "sharing.access" && r.Outcome == Domain.Audit.AuditOutcome.Refused));

        // The provider revokes; the grant refuses every use from then on.
        await (await _api.Provider.PostAsJsonAsync($"/api/sharing/grants/{id}/revoke", new { reasons = new string[0] })).ShouldNameField("reasons");
        await (await _api.Requester.PostAsJsonAsync($"/api/sharing/grants/{id}/revoke", new { reasons = new[] { "x" } })).ShouldBeProblem(HttpStatusCode.Forbidden);
        var revoked = await (await _api.Provider.PostAsJsonAsync($"/api/sharing/grants/{id}/revoke", new { reasons = new[] { "超出约定用途使用" } })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Revoked", revoked.GetProperty("grant").GetProperty("state").GetString());
        var refused = await (await _api.Requester.PostAsJsonAsync(check, new { items = new[] { "姓名" }, method = "Api", purpose = "办理企业开办登记" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        Assert.Contains("revoked", refused.GetProperty("detail").GetString());

        var facts = RecordingSupervisionEvents.For(id);
        Assert.Contains(facts, e => e.Kind == "sharing.requestReceived" && e.Department == "11350800MB0001003K");
        var answered = Assert.Single(facts, e => e.Kind == "sharing.requestAnswered");
        Assert.Equal("PartlyApproved", answered.Data["outcome"]);
        Assert.Equal("true", answered.Data["onTime"]);
        Assert.Equal("0", answered.Data["workingDays"]);
    }

    [Fact]
    [Trait("Rule", "shareDecision.maxGrantPeriod")]
    public async Task Bad_input_is_a_problem_naming_the_field_and_NotShared_is_refused_at_once_with_its_legal_basis()
    {
        var entry = await _api.PublishAsync();
        var url = "/api/sharing/requests";
        await (await _api.Requester.PostAsJsonAsync(url, SharingApi.RequestBody("no-such-entry"))).ShouldNameField("entryId");
        await (await _api.Requester.PostAsJsonAsync(url, SharingApi.RequestBody(entry, items: ["婚姻状况"]))).ShouldNameField("items[0]");
        await (await _api.Requester.PostAsJsonAsync(url, SharingApi.RequestBody(entry, items: []))).ShouldNameField("items");
        await (await _api.Requester.PostAsJsonAsync(url, SharingApi.RequestBody(entry, purpose: "  "))).ShouldNameField("purpose");
        // Longyan is silent on the grant period; Fujian's 12 months apply.
        var reason = await (await _api.Requester.PostAsJsonAsync(url, SharingApi.RequestBody(entry, period: 13))).ShouldNameField("periodMonths");
        Assert.Contains("12", reason);
        await (await _api.Requester.PostAsJsonAsync(url, SharingApi.RequestBody(entry, method: "FileDownload"))).ShouldNameField("method");
        await (await _api.Requester.PostAsJsonAsync(url, new { entryId = entry, owner = "x" })).ShouldBeProblem(HttpStatusCode.BadRequest);
        await (await _api.Authority.PostAsJsonAsync(url, SharingApi.RequestBody(entry))).ShouldBeProblem(HttpStatusCode.Forbidden);
        // Longyan has no green channel (Fujian's default: off).
        var green = await (await _api.Requester.PostAsJsonAsync(url, SharingApi.RequestBody(entry, green: "汛期抢险"))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("greenChannel.enabled", green.GetProperty("rule").GetString());

        var notShared = await _api.PublishAsync("NotShared");
        var refused = await (await _api.Requester.PostAsJsonAsync(url, SharingApi.RequestBody(notShared))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("《中华人民共和国居民身份证法》第十九条", refused.GetProperty("detail").GetString());
        var refusedId = refused.GetProperty("id").GetString()!;
        var stored = await _api.Status(refusedId);
        Assert.Equal("Refused", stored.GetProperty("state").GetString());
        Assert.Contains("sharing.notShared", stored.GetProperty("timeline")[0].GetProperty("rule").GetString());

        var unconditional = await _api.PublishAsync("Unconditional");
        var direct = await (await _api.Requester.PostAsJsonAsync(url, SharingApi.RequestBody(unconditional))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("sharing.unconditional", direct.GetProperty("rule").GetString());

        // Only the requests that were filed exist: the refused-at-once one and none of the bad ones.
        var list = await (await _api.Requester.GetAsync(url)).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("entryCode").GetString() is null);
    }

    [Fact]
    public async Task NotShared_data_is_refused_first_with_422_and_its_legal_basis_whatever_else_is_wrong()
    {
        // The normal NotShared entry: no sharing method offered (it used to answer 400 "method: Api is not offered for this entry; it offers ").
        var body = System.Text.Json.JsonSerializer.SerializeToNode(SharingApi.EntryBody("NotShared"))!.AsObject();
        body["sharingMethods"] = new System.Text.Json.Nodes.JsonArray();
        var entry = await _api.Catalog.PublishAsync(body);
        var url = "/api/sharing/requests";

        var refused = await (await _api.Requester.PostAsJsonAsync(url, SharingApi.RequestBody(entry))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("sharing.notShared", refused.GetProperty("rule").GetString());
        Assert.Contains("《中华人民共和国居民身份证法》第十九条", refused.GetProperty("detail").GetString());
        Assert.Equal("Refused", (await _api.Status(refused.GetProperty("id").GetString()!)).GetProperty("state").GetString());

        // Also malformed: still 422 on the rule first, the other problems listed beside it, nothing filed.
        var both = await (await _api.Requester.PostAsJsonAsync(url, SharingApi.RequestBody(entry, items: ["婚姻状况"], purpose: " ", period: 13, green: "汛期"))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("sharing.notShared", both.GetProperty("rule").GetString());
        Assert.Contains("《中华人民共和国居民身份证法》第十九条", both.GetProperty("detail").GetString());
        var fields = both.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToArray();
        Assert.Contains("purpose", fields);
        Assert.Contains("items[0]", fields);
        Assert.Contains("periodMonths", fields);
        Assert.False(both.TryGetProperty("id", out _));
    }

    [Fact]
    public async Task A_late_event_is_a_conflict_naming_the_state_and_a_resent_event_is_answered_with_the_current_state()
    {
        var entry = await _api.PublishAsync();
        var id = (await _api.FileAsync(entry)).GetProperty("id").GetString()!;
        var conflict = await (await SharingApi.Event(_api.Requester, id, "accept", new { dataUseAgreement = true, confidentialityAgreement = true })).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal("PendingDecision", conflict.GetProperty("state").GetString());
        await (await SharingApi.Event(_api.Requester, id, "dispute", new { reason = "x" })).ShouldBeProblem(HttpStatusCode.Conflict);

        var first = await (await SharingApi.Event(_api.Provider, id, "approve", new { eventId = "cb-1" })).ShouldBe(HttpStatusCode.OK);
        var again = await (await SharingApi.Event(_api.Provider, id, "approve", new { eventId = "cb-1" })).ShouldBe(HttpStatusCode.OK);
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        // Resent without an id: the provider's step is already decided, so the answer is the current state again.
        var resent = await (await SharingApi.Event(_api.Provider, id, "approve")).ShouldBe(HttpStatusCode.OK);
        Assert.True(resent.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("timeline").GetArrayLength(), (await _api.Status(id)).GetProperty("timeline").GetArrayLength());

        await (await SharingApi.Event(_api.Requester, id, "withdraw", new { reason = "改用其他数据" })).ShouldBe(HttpStatusCode.OK);
        var twice = await (await SharingApi.Event(_api.Requester, id, "withdraw")).ShouldBe(HttpStatusCode.OK);
        Assert.True(twice.GetProperty("duplicate").GetBoolean());
        Assert.Equal("Terminated", twice.GetProperty("runtimeStatus").GetString());
        var late = await (await SharingApi.Event(_api.Authority, id, "approve")).ShouldBeProblem(HttpStatusCode.Conflict);
        Assert.Equal("Withdrawn", late.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Concurrent_approve_and_withdraw_end_in_one_outcome_and_a_stale_If_Match_is_412()
    {
        var entry = await _api.PublishAsync();
        for (var i = 0; i < 4; i++)
        {
            var id = (await _api.FileAsync(entry)).GetProperty("id").GetString()!;
            await (await SharingApi.Event(_api.Provider, id, "approve")).ShouldBe(HttpStatusCode.OK);
            var approve = SharingApi.Event(_api.Authority, id, "approve");
            var withdraw = SharingApi.Event(_api.Requester, id, "withdraw");
            var answers = await Task.WhenAll(approve, withdraw);
            var codes = answers.Select(a => a.StatusCode).ToArray();
            var final = (await _api.Status(id)).GetProperty("state").GetString();
            if (codes[0] == HttpStatusCode.OK && codes[1] == HttpStatusCode.OK)
            {
                // Serialized rather than concurrent: approve first, then withdraw of the approval (both legal in turn).
                Assert.Equal("Withdrawn", final);
                continue;
            }
            Assert.Single(codes, c => c == HttpStatusCode.OK);
            Assert.Single(codes, c => c == HttpStatusCode.Conflict);
            Assert.Equal(codes[0] == HttpStatusCode.OK ? "Approved" : "Withdrawn", final);
            var timeline = (await _api.Status(id)).GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("action").GetString()).ToList();
            Assert.Equal(codes[0] == HttpStatusCode.OK ? 1 : 0, timeline.Count(a => a == "decide.DataAuthority.approve"));
            Assert.Equal(codes[1] == HttpStatusCode.OK ? 1 : 0, timeline.Count(a => a == "withdraw"));
        }

        var other = (await _api.FileAsync(entry)).GetProperty("id").GetString()!;
        var read = await _api.Provider.GetAsync($"/api/sharing/requests/{other}");
        var etag = read.Headers.GetValues("ETag").Single();
        await (await SharingApi.Event(_api.Requester, other, "withdraw")).ShouldBe(HttpStatusCode.OK);
        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/sharing/requests/{other}/events/approve") { Content = JsonContent.Create(new { }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        await (await _api.Provider.SendAsync(stale)).ShouldBeProblem(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task A_refusal_is_disputed_and_overturned_by_the_CoordinationOffice_then_accepted()
    {
        var entry = await _api.PublishAsync();
        var id = (await _api.FileAsync(entry, items: ["户籍地区划"])).GetProperty("id").GetString()!;
        await (await SharingApi.Event(_api.Provider, id, "refuse", new { reasons = new string[0] })).ShouldNameField("reasons");
        var refused = await (await SharingApi.Event(_api.Provider, id, "refuse", new { reasons = new[] { "申请用途与职责不符" } })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Refused", refused.GetProperty("state").GetString());
        await (await SharingApi.Event(_api.Requester, id, "dispute", new { reason = "  " })).ShouldNameField("reason");
        var disputed = await (await SharingApi.Event(_api.Requester, id, "dispute", new { reason = "企业开办为法定职责" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Disputed", disputed.GetProperty("state").GetString());
        Assert.Equal(20, disputed.GetProperty("disputeDeadline").GetProperty("workingDays").GetInt32());
        await (await SharingApi.Event(_api.Provider, id, "dispute-decision", new { decision = "Overturn", reasons = new[] { "x" } })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await SharingApi.Event(_api.Coordination, id, "dispute-decision", new { reasons = new[] { "x" } })).ShouldNameField("decision");
        var overturned = await (await SharingApi.Event(_api.Coordination, id, "dispute-decision", new { decision = "Overturn", reasons = new[] { "属履职需要" } })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Overturned", overturned.GetProperty("state").GetString());
        // No personal item: the data use agreement alone makes the grant.
        var granted = await (await SharingApi.Event(_api.Requester, id, "accept", new { dataUseAgreement = true })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Granted", granted.GetProperty("state").GetString());
        Assert.Contains("user-002G-CoordinationOffice", granted.GetProperty("grant").GetProperty("approvedBy").EnumerateArray().Select(a => a.GetString()));
        await _app.DeadlineInStateAsync("350800", $"share:{id}:dispute", Functions.Workflow.TimerState.Cancelled);
        await _app.DeadlineInStateAsync("350800", $"share:{id}:decision", Functions.Workflow.TimerState.Cancelled);
        var decided = Assert.Single(RecordingSupervisionEvents.For(id), e => e.Kind == "sharing.disputeDecided");
        Assert.Equal("Overturned", decided.Data["outcome"]);
        Assert.Equal("11350800MB0001003K", decided.Department);
        // The overturned refusal is a finding against the provider.
        var findings = await (await _api.Authority.GetAsync("/api/supervision/findings?rule=dispute.overturned&department=11350800MB0001003K")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(findings.GetProperty("items").EnumerateArray(), f => f.GetProperty("subject").GetString()!.EndsWith(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unconditional_data_is_used_directly_and_recorded_with_its_purpose_conditional_data_is_not()
    {
        var open = await _api.PublishAsync("Unconditional");
        var conditional = await _api.PublishAsync();
        var ask = new { items = new[] { "姓名" }, method = "Verification", purpose = "核验法定代表人身份" };
        var ok = await (await _api.Requester.PostAsJsonAsync($"/api/sharing/entries/{open}/access-check", ask)).ShouldBe(HttpStatusCode.OK);
        Assert.True(ok.GetProperty("allowed").GetBoolean());
        await (await _api.Requester.PostAsJsonAsync($"/api/sharing/entries/{open}/access-check", ask)).ShouldBe(HttpStatusCode.OK);
        await (await _api.Requester.PostAsJsonAsync($"/api/sharing/entries/{open}/access-check", new { items = new[] { "学历" }, method = "Api", purpose = "p" })).ShouldNameField("items[0]");
        await (await _api.Requester.PostAsJsonAsync($"/api/sharing/entries/{conditional}/access-check", ask)).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await _api.Requester.PostAsJsonAsync("/api/sharing/entries/nope/access-check", ask)).ShouldBeProblem(HttpStatusCode.NotFound);
        // Longyan needs no filing (004 第十二条: 直接从平台获取).
        await (await _api.Requester.PostAsJsonAsync("/api/sharing/filings", new { entryId = open, purpose = "核验" })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);

        var audit = _app.Services.GetRequiredService<IAuditLog>();
        var records = new List<Domain.Audit.AuditRecord>();
        await foreach (var r in audit.QueryAsync(new AuditQuery("350800", SharingApiTimes.Start, _app.Time.GetUtcNow().AddMinutes(1)) { ResourcePrefix = $"catalog/350800/entries/{open}" }, CancellationToken.None))
            records.Add(r);
        Assert.Equal(2, records.Count(r => r.Action == "sharing.access.direct" && r.Outcome == Domain.Audit.AuditOutcome.Succeeded && r.Purpose == "核验法定代表人身份"));
    }

    [Fact]
    public async Task The_providing_department_reads_every_use_of_its_data_under_a_grant_and_the_user_does_not_see_it_as_its_own()
    {
        var entryId = await _api.PublishAsync();
        var id = await _api.GrantAsync(entryId);
        await (await _api.Requester.PostAsJsonAsync($"/api/sharing/grants/{id}/access-check",
            new { items = new[] { "姓名" }, method = "Api", purpose = "办理企业开办登记" })).ShouldBe(HttpStatusCode.OK);

        // 000 第三十九条: the producer sees the use, with purpose and approver; the using department's usage view is of its own data only.
        var usage = (await (await _api.Provider.GetAsync("/api/audit/usage")).ShouldBe(HttpStatusCode.OK)).GetProperty("records").EnumerateArray().ToList();
        var use = Assert.Single(usage, r => r.GetProperty("action").GetString() == "sharing.access" && r.GetProperty("resource").GetString()!.EndsWith(id, StringComparison.Ordinal));
        Assert.Equal("办理企业开办登记", use.GetProperty("purpose").GetString());
        Assert.Contains(usage, r => r.GetProperty("action").GetString() == "sharing.request.file" && r.GetProperty("resource").GetString()!.EndsWith(id, StringComparison.Ordinal));
        var requesterOwn = (await (await _api.Requester.GetAsync("/api/audit/usage")).ShouldBe(HttpStatusCode.OK)).GetProperty("records").EnumerateArray();
        Assert.DoesNotContain(requesterOwn, r => r.GetProperty("resource").GetString()!.EndsWith(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_a_department_holding_an_active_grant_may_report_an_error_in_conditional_data()
    {
        var entryId = await _api.PublishAsync();
        var report = new { description = "出生日期与户籍登记不符", recordKey = "350802198511120016" };

        // No grant yet: the requester cannot report errors in data it cannot use.
        await (await _api.Requester.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/feedback", report)).ShouldBeProblem(HttpStatusCode.Forbidden);

        var grant = await _api.GrantAsync(entryId);
        var created = await (await _api.Requester.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/feedback", report)).ShouldBe(HttpStatusCode.Created);
        Assert.Equal("Open", created.GetProperty("state").GetString());
        // A department without a grant still cannot.
        await (await _api.Outsider.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/feedback", report)).ShouldBeProblem(HttpStatusCode.Forbidden);

        // Once revoked, the grant no longer counts.
        await (await _api.Provider.PostAsJsonAsync($"/api/sharing/grants/{grant}/revoke", new { reasons = new[] { "超出约定用途" } })).ShouldBe(HttpStatusCode.OK);
        await (await _api.Requester.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/feedback", report)).ShouldBeProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_burst_of_more_events_than_one_execution_takes_loses_none_across_continue_as_new()
    {
        // Raised straight to the orchestration (as several HTTP calls at once would, each after its own check): 20 withdrawals
        // with their own ids, more than the 16 one execution takes before it continues as new. The first withdraws; every
        // other one is answered (a repeat or a refusal), none is lost with the execution that ended.
        var id = (await _api.FileAsync(await _api.PublishAsync())).GetProperty("id").GetString()!;
        var instance = ShareRequestWorkflow.InstanceId("350800", id);
        var unit = Domain.Jurisdictions.DemoJurisdiction.MarketRegulation;
        var asked = new AskedBy(new CallerData("user-burst", unit.Code, unit.Jurisdiction, [Domain.Identity.Role.DataSteward]), "POST", "api", "burst", _app.Time.GetUtcNow());
        var ids = Enumerable.Range(0, ShareRequestWorkflow.EventsPerExecution + 4).Select(n => $"burst-{n:D2}").ToList();
        await Task.WhenAll(ids.Select(e => _app.DurableClient.RaiseEventAsync(instance, ShareRequestWorkflow.EventName,
            new ShareEvent(e, "withdraw", JsonSerializer.SerializeToElement(new { reason = "不再需要" }), asked))));

        var status = await Eventually.ValueAsync(async () =>
            (await _app.DurableClient.GetInstanceAsync(instance))?.ReadCustomStatusAs<ShareWorkflowStatus>() is { } s
            && ids.All(e => s.ResultOf(e) is not null) ? s : null, TimeSpan.FromSeconds(60));
        Assert.Single(ids, e => status.ResultOf(e)!.Applied);
        Assert.Equal("Withdrawn", (await _api.Status(id)).GetProperty("state").GetString());
        Assert.Single((await _api.Status(id)).GetProperty("timeline").EnumerateArray(), s => s.GetProperty("action").GetString() == "withdraw");
    }
}

/// <summary>Times the sharing tests share.</summary>
internal static class SharingApiTimes
{
    public static readonly DateTimeOffset Start = GovDataApp.DefaultNow.AddDays(-1);
}
