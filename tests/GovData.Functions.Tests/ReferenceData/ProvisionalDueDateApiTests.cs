using System.Net;
using System.Net.Http.Json;
using GovData.Domain.Calendar;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Aggregation;
using GovData.Functions.Catalog;
using GovData.Functions.Notifications;
using GovData.Functions.Opening;
using GovData.Functions.Workflow;
using Microsoft.Extensions.DependencyInjection;
using GovData.Functions.Tests.Catalog;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Tests.Opening;
using GovData.Functions.Tests.Sharing;

namespace GovData.Functions.Tests.ReferenceData;

/// <summary>
/// Deadlines that run into 2027, whose holiday arrangement is not announced: they skip the statutory holidays fixed by rule
/// (2027-01-01 元旦) and every due date is marked provisional wherever it is shown (issue 16).
/// </summary>
public sealed class ProvisionalDueDateApiTests(OpeningApp app) : IClassFixture<OpeningApp>
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public async Task Open_data_applications_and_demands_filed_in_December_are_due_after_元旦_and_marked_provisional()
    {
        var api = new OpeningApi(app);
        var entryId = await api.PublishedAsync("OnApplication");
        var applicant = OpeningApi.Applicant(app, OpeningApi.Code("91350800MA2Y0PRD1"), "mgr-provisional");
        await (await applicant.PutAsJsonAsync("/api/open/350800/applicant", new { type = "DomesticEnterprise", name = "龙岩市某某数据有限公司" })).ShouldBe(HttpStatusCode.OK);
        // In November the 20 working days stay in 2026: not provisional.
        var november = await (await applicant.PostAsJsonAsync("/api/open/350800/applications", ApplicationBody(entryId))).ShouldBe(HttpStatusCode.Created);
        Assert.Equal("2026-12-22", november.GetProperty("dueDate").GetString());
        Assert.False(november.GetProperty("dueDateProvisional").GetBoolean());

        // Friday 2026-12-04: 20 working days reach 2027, whose 1 January is 元旦 by rule (it used to be counted: due 2027-01-01).
        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 4, 10, 0, 0, China));
        applicant = OpeningApi.Applicant(app, OpeningApi.Code("91350800MA2Y0PRD1"), "mgr-provisional");
        var december = await (await applicant.PostAsJsonAsync("/api/open/350800/applications", ApplicationBody(entryId))).ShouldBe(HttpStatusCode.Created);
        Assert.Equal("2027-01-04", december.GetProperty("dueDate").GetString());
        Assert.True(december.GetProperty("dueDateProvisional").GetBoolean());
        var listed = await (await app.DataAuthority().GetAsync("/api/opening/applications?state=Pending")).ShouldBe(HttpStatusCode.OK);
        Assert.True(listed.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("id").GetString() == december.GetProperty("id").GetString())
            .GetProperty("dueDateProvisional").GetBoolean());

        var demand = await (await api.Public.PostAsJsonAsync("/api/open/350800/demands",
            new { title = "开放企业年报信息", description = "用于营商环境研究", department = "11350800MB0001004N" })).ShouldBe(HttpStatusCode.Created);
        Assert.Equal("2027-01-04", demand.GetProperty("dueDate").GetString());
        Assert.True(demand.GetProperty("dueDateProvisional").GetBoolean());
        var read = await (await api.Public.GetAsync($"/api/open/350800/demands/{demand.GetProperty("id").GetString()}")).ShouldBe(HttpStatusCode.OK);
        Assert.True(read.GetProperty("dueDateProvisional").GetBoolean());
        var owner = await (await app.ClientFor(DemoJurisdiction.MarketRegulation, Role.DataSteward).GetAsync("/api/opening/demands?open=true")).ShouldBe(HttpStatusCode.OK);
        Assert.True(owner.GetProperty("items").EnumerateArray().Single(d => d.GetProperty("id").GetString() == demand.GetProperty("id").GetString())
            .GetProperty("dueDateProvisional").GetBoolean());

        // The 2027 notice is loaded (made up here: 01-04 off too) and the timers are recomputed: the documents follow.
        var applicationId = december.GetProperty("id").GetString()!;
        var demandId = demand.GetProperty("id").GetString()!;
        await RecomputedAsync(OpeningDeadlines.ApplicationKind, OpeningDeadlines.ApplicationTimerId(applicationId), new() { ["id"] = applicationId }, 20);
        await RecomputedAsync(OpeningDeadlines.DemandKind, OpeningDeadlines.DemandTimerId(demandId), new() { ["id"] = demandId }, 20);
        var mine = await (await applicant.GetAsync($"/api/open/350800/applications/{applicationId}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("2027-01-05", mine.GetProperty("dueDate").GetString());
        Assert.False(mine.GetProperty("dueDateProvisional").GetBoolean());
        var final = await (await api.Public.GetAsync($"/api/open/350800/demands/{demandId}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("2027-01-05", final.GetProperty("dueDate").GetString());
        Assert.False(final.GetProperty("dueDateProvisional").GetBoolean());
    }

    [Fact]
    public async Task Catalog_sharing_and_error_feedback_deadlines_into_2027_skip_元旦_and_are_marked_provisional()
    {
        var sharing = new SharingApi(app);
        var catalog = new CatalogApi(app);
        var conditional = await sharing.PublishAsync();
        var unconditional = await catalog.PublishAsync(CatalogApi.Body(CatalogApi.NewCode("PV"), sharingType: "Unconditional"));
        // Monday 2026-12-28: 5 working days are 12-29, 12-30, 12-31, (01-01 元旦 by rule,) 01-04, 01-05.
        app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 28, 10, 0, 0, China));
        catalog = new CatalogApi(app);

        var declared = await (await catalog.Steward.PostAsJsonAsync($"/api/catalog/entries/{conditional}/changes", new { kind = "ResourceChange", reason = "新增字段" })).ShouldBe(HttpStatusCode.OK);
        var pending = declared.GetProperty("pendingChange");
        Assert.Equal("2027-01-05", pending.GetProperty("dueDate").GetString());
        Assert.True(pending.GetProperty("dueDateProvisional").GetBoolean());

        var filed = await sharing.FileAsync(conditional);
        var id = filed.GetProperty("id").GetString()!;
        var deadline = filed.GetProperty("deadline");
        Assert.Equal("2027-01-05", deadline.GetProperty("dueDate").GetString());
        Assert.True(deadline.GetProperty("provisional").GetBoolean());
        Assert.Contains(filed.GetProperty("timeline").EnumerateArray(),
            s => s.GetProperty("action").GetString() == "deadline.start" && s.GetProperty("note").GetString()!.Contains("2027年1月5日 到期（暂定）", StringComparison.Ordinal));
        var list = await (await sharing.Requester.GetAsync("/api/sharing/requests")).ShouldBe(HttpStatusCode.OK);
        var item = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == id);
        Assert.True(item.GetProperty("dueDateProvisional").GetBoolean());

        var reported = await (await catalog.OtherSteward.PostAsJsonAsync($"/api/aggregation/entries/{unconditional}/feedback",
            new { description = "姓名与户籍登记不符", recordKey = "350802199001010016" })).ShouldBe(HttpStatusCode.Created);
        Assert.Equal("2027-01-05", reported.GetProperty("dueDate").GetString());
        Assert.True(reported.GetProperty("dueDateProvisional").GetBoolean());

        // The 2027 notice is loaded (made up here: 01-04 off too) and the timers are recomputed: the documents follow.
        var feedbackId = reported.GetProperty("id").GetString()!;
        await RecomputedAsync(CatalogDeadlines.UpdateKind, CatalogDeadlines.UpdateTimerId(conditional, 1), new() { ["entryId"] = conditional }, 5);
        await RecomputedAsync(ErrorFeedbackDeadlineHandler.FeedbackKind, ErrorFeedbackDeadlineHandler.TimerId(feedbackId), new() { ["feedbackId"] = feedbackId }, 5);
        var entry = await (await catalog.Steward.GetAsync($"/api/catalog/entries/{conditional}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("2027-01-06", entry.GetProperty("pendingChange").GetProperty("dueDate").GetString());
        Assert.False(entry.GetProperty("pendingChange").GetProperty("dueDateProvisional").GetBoolean());
        var feedback = await (await catalog.OtherSteward.GetAsync($"/api/aggregation/feedback/{feedbackId}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("2027-01-06", feedback.GetProperty("dueDate").GetString());
        Assert.False(feedback.GetProperty("dueDateProvisional").GetBoolean());
    }

    [Fact]
    public void A_notification_is_marked_provisional_when_its_due_date_is_in_a_year_not_loaded()
    {
        var calendar = BuiltInCalendar.Create();
        Assert.True(NotificationMessage.IsProvisional(new DateOnly(2027, 1, 5), calendar));
        Assert.False(NotificationMessage.IsProvisional(new DateOnly(2026, 12, 31), calendar));
        Assert.Null(NotificationMessage.IsProvisional(null, calendar));
    }

    // What the deadlines function does for each provisional timer once a year is loaded: recompute, then tell the feature's
    // handler (called directly here: the timer store and trigger dispatch are being replaced by durable orchestrations).
    private async Task RecomputedAsync(string kind, string timerId, Dictionary<string, string> data, int workingDays)
    {
        var madeUp2027 = new CalendarYear(2027, "测试用假想数据 (not an official notice)", 1,
            [.. Days("元旦", new DateOnly(2027, 1, 1), 4), .. Days("劳动节", new DateOnly(2027, 5, 1), 5), .. Days("国庆节", new DateOnly(2027, 10, 1), 7)], []);
        var calendar = BuiltInCalendar.Create().WithYear(madeUp2027, app.Time.GetUtcNow());
        var deadline = calendar.AddWorkingDays(app.Time.GetUtcNow(), workingDays);
        Assert.False(deadline.IsProvisional);
        var handler = app.Services.GetServices<IDeadlineHandler>().Single(h => h.Kind == kind);
        await handler.OnDeadlineChangedAsync(new DeadlineTimer
        {
            Id = timerId, Jurisdiction = "350800", Kind = kind, Subject = "test", Deadline = deadline, Rule = "test", Data = data,
        }, CancellationToken.None);
    }

    private static IEnumerable<NamedDate> Days(string name, DateOnly first, int count) => Enumerable.Range(0, count).Select(i => new NamedDate(first.AddDays(i), name));

    private static object ApplicationBody(string datasetId) => new { datasetId, use = "Commercial", purpose = "为本地企业提供人口流动分析服务" };
}
