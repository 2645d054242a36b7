using GovData.Functions.Audit;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Calendar;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;
using GovData.Functions.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.ReferenceData;

/// <summary>The calendar over HTTP: read a year, compute a deadline, load a new year, and recompute provisional deadlines.</summary>
public sealed class CalendarApiTests : IClassFixture<GovDataApp>
{
    private readonly GovDataApp _app;

    public CalendarApiTests(GovDataApp app) => _app = app;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A complete year body (test data, not an official notice) with one 调休 Saturday.</summary>
    internal static string YearBody(int year, int version, string adjustedSaturday) => $$"""
        {"year": {{year}}, "source": "test notice for {{year}} (test data, not the official one)", "version": {{version}},
         "holidays": [{"date": "{{year}}-01-01", "name": "元旦"}, {"date": "{{year}}-01-04", "name": "元旦调休假"}, {"date": "{{year}}-01-05", "name": "元旦调休假"},
                      {"date": "{{year}}-05-01", "name": "劳动节"}, {"date": "{{year}}-10-01", "name": "国庆节"}, {"date": "{{year}}-10-02", "name": "国庆节"}, {"date": "{{year}}-10-03", "name": "国庆节"}],
         "adjustedWorkingDays": [{"date": "{{adjustedSaturday}}", "name": "元旦调休"}]}
        """;

    private static readonly string Year2027 = YearBody(2027, 1, "2027-01-09");

    [Fact]
    public async Task A_loaded_year_lists_its_holidays_and_adjusted_working_days()
    {
        var client = _app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        var body = await (await client.GetAsync("/api/calendar/2026")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("国办发明电〔2025〕7号", body.GetProperty("source").GetString());
        Assert.Contains(body.GetProperty("holidays").EnumerateArray(), h => h.GetProperty("date").GetString() == "2026-02-17" && h.GetProperty("name").GetString() == "春节");
        Assert.Contains(body.GetProperty("adjustedWorkingDays").EnumerateArray(), h => h.GetProperty("date").GetString() == "2026-02-14");
    }

    [Fact]
    public async Task A_year_not_announced_and_a_year_before_the_first_are_explained()
    {
        var client = _app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        var later = await (await client.GetAsync("/api/calendar/2030")).ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Contains("provisional", later.GetProperty("detail").GetString());
        var earlier = await (await client.GetAsync("/api/calendar/2019")).ShouldBeProblem(HttpStatusCode.NotFound);
        Assert.Contains("2020", earlier.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_deadline_across_the_National_Day_week_skips_the_holidays_and_counts_the_adjusted_Saturday()
    {
        var client = _app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        // Received Tuesday 2026-09-29 at 10:00; 9-30 is day 1, 10-01..07 are holidays, Saturday 10-10 is a 调休 working day.
        var body = await (await client.GetAsync("/api/calendar/deadline?receivedAt=2026-09-29T10:00:00%2B08:00&workingDays=3")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("2026-10-09", body.GetProperty("dueDate").GetString());
        Assert.False(body.GetProperty("isProvisional").GetBoolean());
    }

    [Fact]
    public async Task A_deadline_into_an_unannounced_year_is_provisional_and_a_date_before_the_first_year_is_refused()
    {
        var client = _app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        var body = await (await client.GetAsync("/api/calendar/deadline?receivedAt=2026-12-28T10:00:00%2B08:00&workingDays=10")).ShouldBe(HttpStatusCode.OK);
        Assert.True(body.GetProperty("isProvisional").GetBoolean());
        Assert.Equal([2027], body.GetProperty("provisionalYears").EnumerateArray().Select(y => y.GetInt32()));
        Assert.Contains("receivedAt", await (await client.GetAsync("/api/calendar/deadline?receivedAt=2019-06-03T10:00:00%2B08:00&workingDays=3")).ShouldNameField("receivedAt") + "receivedAt");
    }

    [Fact]
    public async Task Only_the_data_authority_loads_a_year_and_bad_years_are_named()
    {
        var steward = _app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        await (await steward.PutAsync("/api/calendar/2028", Json(YearBody(2028, 1, "2028-01-08")))).ShouldBeProblem(HttpStatusCode.Forbidden);
        var authority = _app.DataAuthority();
        await (await authority.PutAsync("/api/calendar/2028", Json(Year2027))).ShouldNameField("year");
        await (await authority.PutAsync("/api/calendar/2028", Json("{\"year\": 2028, "))).ShouldNameField("body");
        await (await authority.PutAsync("/api/calendar/2028", Json(YearBody(2028, 3, "2028-01-08")))).ShouldNameField("version");
        // 2028-01-11 is a Tuesday: it cannot be a 调休 working day.
        await (await authority.PutAsync("/api/calendar/2028", Json(YearBody(2028, 1, "2028-01-11")))).ShouldNameField("adjustedWorkingDays[0].date");
        await (await authority.PutAsync("/api/calendar/2028", Json(YearBody(2028, 1, "2028-01-08").Replace("{\"date\": \"2028-05-01\", \"name\": \"劳动节\"}, ", "")))).ShouldNameField("holidays");
        await (await steward.GetAsync("/api/calendar/2028")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Loading_the_next_year_recomputes_every_provisional_deadline_and_it_is_shown_as_final()
    {
        var calendars = _app.Services.GetRequiredService<CalendarService>();
        var calendar = await calendars.GetAsync(CancellationToken.None);
        // Received Monday 2026-12-28 10:00: 2027 not announced, so only its statutory holidays by rule are off
        // (2027-01-01, 元旦): days 12-29,30,31, 01-04..08, 11, 12; day 10 is 2027-01-12.
        var deadline = calendar.AddWorkingDays(new DateTimeOffset(2026, 12, 28, 10, 0, 0, TimeSpan.FromHours(8)), 10);
        Assert.True(deadline.IsProvisional);
        var id = "test:" + Guid.NewGuid().ToString("N");
        await _app.WithDurableClientAsync(s => s.GetRequiredService<StatutoryDeadlines>()
            .ScheduleAsync(id, "350800", "test.kind", "test/subject", DemoJurisdiction.PublicSecurity.Code, deadline, "350800@v1 test", calendar));

        var steward = _app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        var before = await Eventually.ValueAsync(async () => (await (await steward.GetAsync("/api/deadlines")).ShouldBe(HttpStatusCode.OK))
            .EnumerateArray().SingleOrDefault(t => t.GetProperty("id").GetString() == id));
        Assert.True(before.GetProperty("provisional").GetBoolean());
        Assert.Equal("2027-01-12", before.GetProperty("dueDate").GetString());

        var authority = _app.DataAuthority();
        await (await authority.PutAsync("/api/calendar/2027", Json(Year2027))).ShouldBe(HttpStatusCode.Created);
        // The load queued the recompute; run the deadlines function as the trigger runner would, and let the orchestration take it.
        var message = JsonSerializer.Serialize(new { type = "calendar-loaded", year = 2027 });
        await _app.Triggers.InvokeQueueAsync("DeadlinesRecompute", message);
        // An orchestration whose start message the engine deferred (its instance row was not written yet when it was first
        // fetched) drops an event that arrives meanwhile; the function follows up 15 s later on the deadlines that did not
        // take it (DeadlineMessage.FollowUpDelay). Deliver that follow-up from the queue as the host would, and wait for it.
        var final = await Eventually.ValueAsync(async () =>
        {
            await _app.Triggers.PollQueueOnceAsync("DeadlinesRecompute");
            return (await (await steward.GetAsync("/api/deadlines")).ShouldBe(HttpStatusCode.OK))
                .EnumerateArray().SingleOrDefault(t => t.GetProperty("id").GetString() == id && !t.GetProperty("provisional").GetBoolean());
        }, DeadlineMessage.FollowUpDelay * 4);
        // 2027-01-01, 01-04 and 01-05 are holidays, Saturday 01-09 is a working day: days are 12-29,30,31, 01-06,07,08,09,11,12,13.
        Assert.Equal("2027-01-13", final.GetProperty("dueDate").GetString());
        Assert.Contains("2027v1", final.GetProperty("calendar").GetString());

        // A second copy of the message finds nothing left to recompute: the deadline takes it and stays as it is.
        var first = (await _app.DeadlineAsync("350800", id))!.Ticket;
        await _app.Triggers.InvokeQueueAsync("DeadlinesRecompute", message);
        var again = await Eventually.ValueAsync(async () => await _app.DeadlineAsync("350800", id) is { } t && t.Ticket > first ? t : null);
        Assert.Equal(new DateOnly(2027, 1, 13), again.Deadline.DueDate);
        var audit = _app.Services.GetRequiredService<IAuditLog>();
        var records = new List<Domain.Audit.AuditRecord>();
        await foreach (var r in audit.QueryAsync(new AuditQuery("350800", _app.Time.GetUtcNow().AddDays(-1), _app.Time.GetUtcNow().AddDays(1)) { ResourcePrefix = "test/subject" }, CancellationToken.None))
            if (r.Action == "deadline.recompute" && r.RequestId!.StartsWith(id, StringComparison.Ordinal)) records.Add(r);
        Assert.Single(records);
        var year = await (await steward.GetAsync("/api/calendar/2027")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, year.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_recompute_is_followed_up_later_on_the_deadlines_that_did_not_take_it()
    {
        var calendar = await _app.Services.GetRequiredService<CalendarService>().GetAsync(CancellationToken.None);
        var deadline = calendar.AddWorkingDays(new DateTimeOffset(2026, 12, 28, 10, 0, 0, TimeSpan.FromHours(8)), 10);
        var id = "test:" + Guid.NewGuid().ToString("N");
        await _app.WithDurableClientAsync(s => s.GetRequiredService<StatutoryDeadlines>()
            .ScheduleAsync(id, "350800", "test.kind", "test/behind", DemoJurisdiction.PublicSecurity.Code, deadline, "350800@v1 test", calendar));
        await _app.DeadlineInStateAsync("350800", id, TimerState.Pending);

        // The calendar load's message queues its follow-up, delayed, carrying the ticket it raised.
        var queue = _app.Services.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient(Storage.StorageNames.Queues.Deadlines);
        await queue.ClearMessagesAsync();
        await _app.Triggers.InvokeQueueAsync("DeadlinesRecompute", JsonSerializer.Serialize(new { type = "calendar-loaded", year = 2027 }));
        var taken = await Eventually.ValueAsync(async () => await _app.DeadlineAsync("350800", id) is { Ticket: > 0 } t ? t : null);
        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);
        await Task.Delay(DeadlineMessage.FollowUpDelay + TimeSpan.FromSeconds(1));
        var followUps = (await queue.ReceiveMessagesAsync(32)).Value
            .Select(m => JsonSerializer.Deserialize<DeadlineMessage>(m.Body.ToString(), Errors.JsonDefaults.Storage)!).ToList();
        Assert.Contains(new DeadlineMessage(DeadlineMessage.RecomputeBehind, 2027, taken.Ticket, 1), followUps);

        // A deadline behind a ticket (as when its event was dropped) is raised to again and takes it.
        var later = taken.Ticket + 1;
        await _app.Triggers.InvokeQueueAsync("DeadlinesRecompute", JsonSerializer.Serialize(new DeadlineMessage(DeadlineMessage.RecomputeBehind, Ticket: later, Round: 1), Errors.JsonDefaults.Storage));
        await Eventually.ValueAsync(async () => await _app.DeadlineAsync("350800", id) is { } t && t.Ticket == later ? t : null);
        await _app.WithDurableClientAsync(s => s.GetRequiredService<StatutoryDeadlines>().CancelAsync("350800", id, CancellationToken.None).ContinueWith(_ => 0));
    }

    [Fact]
    public async Task A_jurisdictions_local_day_off_moves_its_deadlines_and_no_one_elses()
    {
        var authority = _app.DataAuthority();
        var body = """{"version": 1, "source": "龙岩市人民政府 test notice (test data)", "days": [{"date": "2026-12-01", "name": "地方假日"}]}""";
        await (await authority.GetAsync("/api/jurisdictions/350800/local-days-off")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await authority.PutAsync("/api/jurisdictions/350800/local-days-off", Json(body))).ShouldBe(HttpStatusCode.OK);
        // Anyone signed in reads the days in force, with who declared them; a malformed code names the field.
        var declared = await (await _app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward).GetAsync("/api/jurisdictions/350800/local-days-off")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, declared.GetProperty("version").GetInt32());
        Assert.Equal("350800v1", declared.GetProperty("stamp").GetString());
        Assert.Equal("2026-12-01", declared.GetProperty("days")[0].GetProperty("date").GetString());
        Assert.Equal("地方假日", declared.GetProperty("days")[0].GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(declared.GetProperty("declaredBy").GetString()));
        await (await authority.GetAsync("/api/jurisdictions/3508/local-days-off")).ShouldNameField("code");
        // The same version again is refused: changes take the next version.
        await (await authority.PutAsync("/api/jurisdictions/350800/local-days-off", Json(body))).ShouldNameField("version");
        await (await authority.PutAsync("/api/jurisdictions/350000/local-days-off", Json(body))).ShouldBeProblem(HttpStatusCode.Forbidden);

        // Received Tuesday 2026-11-24 10:00, 5 working days: 11-25, 26, 27, 30, then 12-01 is off locally, so 12-02.
        var local = _app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        var here = await (await local.GetAsync("/api/calendar/deadline?receivedAt=2026-11-24T10:00:00%2B08:00&workingDays=5")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("2026-12-02", here.GetProperty("dueDate").GetString());
        Assert.Contains("350800v1", here.GetProperty("calendarStamp").GetString());

        var code = "11310000MB0009001";
        code += Domain.Identifiers.UnifiedSocialCreditCode.ComputeCheckCharacter(code);
        var elsewhere = _app.ClientFor(new Department(code, "上海市某局", "310000", UnitKind.Department), Role.DataSteward);
        var there = await (await elsewhere.GetAsync("/api/calendar/deadline?receivedAt=2026-11-24T10:00:00%2B08:00&workingDays=5")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("2026-12-01", there.GetProperty("dueDate").GetString());
    }
}
