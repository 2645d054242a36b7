using System.Net;
using GovData.Domain.Calendar;
using GovData.Domain.RuleSets;
using GovData.Domain.Sharing.Callbacks;
using GovData.Domain.Sharing.ChangeNotices;

namespace GovData.Domain.Tests.Sharing;

public sealed class ChangeNoticeRulesTests
{
    private static readonly WorkingDayCalendar Calendar = BuiltInCalendar.Create();
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public void Dongying_needs_ten_working_days_of_notice_before_a_service_change_citing_its_article()
    {
        var rules = RuleSetRegistry.BuiltIn().Resolve(BuiltInRuleSets.Dongying, new DateOnly(2026, 11, 24));
        Assert.Equal(10, rules.DataChange.ServiceChangeNotice.Value.Days);
        Assert.Equal("第二十三条", rules.Cite(rules.DataChange.ServiceChangeNotice).Citation?.Article);

        // Announced Tuesday 2026-11-24 10:00: the ten working days are 11-25 … 12-08, so the change may take effect on 12-09.
        var earliest = ChangeNoticeRules.EarliestEffectiveDate(Calendar, new DateTimeOffset(2026, 11, 24, 10, 0, 0, China), 10);
        Assert.Equal(new DateOnly(2026, 12, 9), earliest);
        // The day of the announcement is its calendar date whatever the hour (民法典 第二百零一条); only a local after-hours
        // rule (deadline.dateOfReceipt) would move an evening announcement to the next working day.
        Assert.Equal(new DateOnly(2026, 12, 9), ChangeNoticeRules.EarliestEffectiveDate(Calendar, new DateTimeOffset(2026, 11, 24, 18, 0, 0, China), 10));
        Assert.Equal(new DateOnly(2026, 12, 10), ChangeNoticeRules.EarliestEffectiveDate(Calendar, new DateTimeOffset(2026, 11, 24, 18, 0, 0, China), 10,
            DateOfReceipt.NextWorkingDayAfter(new TimeOnly(17, 30))));
    }

    [Fact]
    public void A_notice_is_late_once_the_working_day_deadline_from_the_change_has_passed()
    {
        var changed = new DateTimeOffset(2026, 11, 10, 10, 0, 0, China);
        var late = ChangeNoticeRules.Measure(Calendar, changed, new DateTimeOffset(2026, 11, 24, 10, 0, 0, China), 5);
        Assert.False(late.OnTime);
        Assert.Equal(new DateOnly(2026, 11, 17), late.Deadline.DueDate);
        Assert.Equal(9, late.WorkingDays);

        // The weekend does not count: a change on Friday noticed the next Friday is within 5 working days.
        var friday = new DateTimeOffset(2026, 11, 13, 10, 0, 0, China);
        Assert.True(ChangeNoticeRules.Measure(Calendar, friday, friday.AddDays(7), 5).OnTime);
        Assert.False(ChangeNoticeRules.Measure(Calendar, friday, friday.AddDays(8), 5).OnTime);
    }

    [Fact]
    public void Notice_ids_are_stable_per_change_and_holder()
    {
        var a = ChangeNoticeRules.NoticeId(ChangeNoticeRules.VersionChangeId("e1", 3), "D1");
        Assert.Equal(a, ChangeNoticeRules.NoticeId("e1:v3", "D1"));
        Assert.NotEqual(a, ChangeNoticeRules.NoticeId("e1:v3", "D2"));
        Assert.NotEqual(a, ChangeNoticeRules.NoticeId("e1:v4", "D1"));
        Assert.Matches("^notice-[0-9a-f]{32}$", a);
    }

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.8.9.1", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("10.0.0.5", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("::ffff:192.168.1.1", "private")]
    [InlineData("64:ff9b::10.0.0.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("100.64.0.1", "carrier-grade")]
    [InlineData("100.127.255.254", "carrier-grade")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("fd12:3456::1", "unique-local")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("::10.0.0.1", "IPv4-compatible")]
    public void Internal_addresses_are_refused(string address, string why)
    {
        var reason = CallbackAddressPolicy.CheckAddress(IPAddress.Parse(address), allowLoopback: false);
        Assert.NotNull(reason);
        Assert.Contains(why, reason);
    }

    [Theory]
    [InlineData("203.0.113.10")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2001:4860:4860::8888")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.Null(CallbackAddressPolicy.CheckAddress(IPAddress.Parse(address), allowLoopback: false));

    [Theory]
    [InlineData("http://gov.example.cn/hook", "https")]
    [InlineData("ftp://gov.example.cn/hook", "https")]
    [InlineData("/relative/hook", "absolute")]
    [InlineData("https://user:pw@gov.example.cn/hook", "user name")]
    [InlineData("https://127.0.0.1/hook", "loopback")]
    [InlineData("https://localhost/hook", "localhost")]
    [InlineData("https://app.localhost/hook", "localhost")]
    [InlineData("https://10.1.2.3/hook", "private")]
    [InlineData("https://[::ffff:a9fe:a9fe]/latest/meta-data", "link-local")]
    [InlineData("https://[fd00::1]/hook", "unique-local")]
    [InlineData("https://intranet/hook", "fully qualified")]
    [InlineData("http://localhost:8080/hook", "https")]
    [InlineData("", "required")]
    public void Urls_outside_the_policy_are_refused_outside_Development(string url, string why)
    {
        var errors = CallbackAddressPolicy.CheckUrl(url, allowLoopback: false, out var uri);
        Assert.Null(uri);
        Assert.Contains(why, Assert.Single(errors).Reason);
    }

    [Theory]
    [InlineData("http://localhost:8080/hook")]
    [InlineData("http://127.0.0.1:5000/hook")]
    [InlineData("http://[::1]:5000/hook")]
    [InlineData("https://gov.example.cn/hook?x=1")]
    public void Development_allows_loopback_receivers(string url)
    {
        Assert.Empty(CallbackAddressPolicy.CheckUrl(url, allowLoopback: true, out var uri));
        Assert.NotNull(uri);
    }

    [Fact]
    public void Development_still_refuses_plain_http_to_other_hosts_and_private_addresses()
    {
        Assert.NotEmpty(CallbackAddressPolicy.CheckUrl("http://gov.example.cn/hook", allowLoopback: true, out _));
        Assert.NotEmpty(CallbackAddressPolicy.CheckUrl("https://192.168.0.10/hook", allowLoopback: true, out _));
    }
}
