using System.Net.Http.Json;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Portal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovData.Portal.Tests;

/// <summary>The rules in force with their articles, and the working-day calendar the DataAuthority loads a new year and local days off into.</summary>
[Collection(PortalCollection.Name)]
public sealed class RulesAndCalendarTests(Browser browser, PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task A_steward_reads_the_rules_in_force_with_their_articles_and_filters_them()
    {
        var steward = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        await steward.OpenAsync(app, "rules", "适用规则");
        var rows = steward.Locator("table.queue tbody tr");
        await Expect(rows.Filter(new() { HasText = "shareDecision.deadline" })).ToContainTextAsync("第十二条");
        await Expect(steward.Locator("main")).ToContainTextAsync("350800");
        await steward.GetByLabel("筛选规则").FillAsync("greenChannel");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.First).ToContainTextAsync("greenChannel");
    }

    [Fact]
    public async Task The_DataAuthority_loads_next_years_holidays_a_bad_date_named_first_and_a_steward_reads_them()
    {
        var authority = await browser.SignedInAsync(app, DemoJurisdiction.DataAuthority, Role.DataAuthority, "zhao");
        await authority.OpenAsync(app, "calendar", "工作日历");
        // This year is loaded with its source.
        await Expect(authority.GetByRole(AriaRole.Table, new() { Name = "放假日" })).ToContainTextAsync("春节");
        await authority.GetByLabel("年份").FillAsync("2027");
        await authority.PressAsync("查看");
        await Expect(authority.GetByRole(AriaRole.Status).Filter(new() { HasText = "2027 年的放假安排尚未载入" })).ToBeVisibleAsync();

        await authority.GetByLabel("依据（通知文号）").FillAsync("国务院办公厅关于2027年部分节假日安排的通知（测试数据）");
        await authority.GetByLabel("放假日（每行一天：日期 名称，如 2027-01-01 元旦）").FillAsync(
            "2027-01-01 元旦\n2027-02-30 春节\n2027-05-01 劳动节\n2027-10-01 国庆节\n2027-10-02 国庆节\n2027-10-03 国庆节");
        await authority.GetByLabel("调休上班日（每行一天：日期 名称）").FillAsync("2027-01-09 元旦调休");
        await authority.PressAsync("载入");
        // 30 February does not exist: refused with the line's field named, nothing loaded.
        await Expect(authority.Locator(".problem")).ToContainTextAsync("holidays[1]");
        await Expect(authority.GetByRole(AriaRole.Status).Filter(new() { HasText = "2027 年的放假安排尚未载入" })).ToBeVisibleAsync();
        await authority.GetByLabel("放假日（每行一天：日期 名称，如 2027-01-01 元旦）").FillAsync(
            "2027-01-01 元旦\n2027-05-01 劳动节\n2027-10-01 国庆节\n2027-10-02 国庆节\n2027-10-03 国庆节");
        await authority.PressAsync("载入");
        await Expect(authority.GetByRole(AriaRole.Status).Filter(new() { HasText = "已载入 2027 年放假安排（2027v1）" })).ToBeVisibleAsync();
        await Expect(authority.GetByRole(AriaRole.Heading, new() { Level = 2, Name = "2027 年（第 1 版）" })).ToBeVisibleAsync();
        await Expect(authority.GetByRole(AriaRole.Table, new() { Name = "调休上班日" })).ToContainTextAsync("元旦调休");

        // A steward reads the year and cannot load one.
        var steward = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        await steward.OpenAsync(app, "calendar", "工作日历");
        await steward.GetByLabel("年份").FillAsync("2027");
        await steward.PressAsync("查看");
        await Expect(steward.GetByRole(AriaRole.Table, new() { Name = "放假日" })).ToContainTextAsync("国庆节");
        await Expect(steward.GetByRole(AriaRole.Button, new() { Name = "载入" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_DataAuthority_declares_a_local_day_off_and_the_citys_deadlines_skip_it()
    {
        var authority = await browser.SignedInAsync(app, DemoJurisdiction.DataAuthority, Role.DataAuthority, "zhao");
        await authority.OpenAsync(app, "calendar", "工作日历");
        await Expect(authority.GetByRole(AriaRole.Status).Filter(new() { HasText = "本地区未公布本地休息日" })).ToBeVisibleAsync();
        await authority.GetByLabel("依据（本地通知文号）").FillAsync("龙岩市人民政府关于地方假日的通知（测试数据）");
        var days = authority.GetByLabel("本地休息日（每行一天：日期 名称，如 2027-03-28 三月三）");
        await days.FillAsync("2026-12-28 地方假日\n2026-12-32 笔误");
        await authority.PressAsync("公布");
        // The second line is no date: refused by its field, nothing declared.
        await Expect(authority.Locator(".problem")).ToContainTextAsync("days[1]");
        await Expect(authority.GetByRole(AriaRole.Status).Filter(new() { HasText = "本地区未公布本地休息日" })).ToBeVisibleAsync();
        await days.FillAsync("2026-12-28 地方假日");
        await authority.PressAsync("公布");
        await Expect(authority.GetByRole(AriaRole.Status).Filter(new() { HasText = "已公布本地休息日（第 1 版）" })).ToBeVisibleAsync();
        await Expect(authority.GetByRole(AriaRole.Table, new() { Name = "本地休息日" })).ToContainTextAsync("地方假日");

        // The city's deadlines skip it: received Thursday 24 December, 2 working days are Friday 25 and Tuesday 29 (not Monday 28).
        var api = app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
        var due = await api.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/calendar/deadline?receivedAt=2026-12-24T10:00:00%2B08:00&workingDays=2");
        Assert.Equal("2026-12-29", due.GetProperty("dueDate").GetString());

        // A steward reads the day and cannot declare one.
        var steward = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        await steward.OpenAsync(app, "calendar", "工作日历");
        await Expect(steward.GetByRole(AriaRole.Table, new() { Name = "本地休息日" })).ToContainTextAsync("2026年12月28日");
        await Expect(steward.GetByRole(AriaRole.Button, new() { Name = "公布" })).ToHaveCountAsync(0);
    }
}
