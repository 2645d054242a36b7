using GovData.Domain.Calendar;
using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Domain.RuleSets;
using GovData.Domain.Sharing;

namespace GovData.Domain.Tests.Sharing;

/// <summary>
/// "自收到之日起 N 个工作日": the day of receipt is the calendar date in China and is not counted (民法典 第二百零一条) in every
/// built-in rule set; a jurisdiction whose text says otherwise carries it in deadline.dateOfReceipt, and the timeline says which applied.
/// </summary>
public sealed class DateOfReceiptTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly RuleSetRegistry Registry = RuleSetRegistry.BuiltIn();
    private static readonly WorkingDayCalendar Calendar = BuiltInCalendar.Create();
    // Saturday 2026-11-28 10:00 and Thursday 2026-11-26 18:00 in China.
    private static readonly DateTimeOffset Saturday = new(2026, 11, 28, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset ThursdayEvening = new(2026, 11, 26, 18, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Every_built_in_rule_set_reads_the_calendar_date_of_receipt()
    {
        foreach (var code in Registry.Jurisdictions)
        {
            var rule = Registry.Resolve(code, Today).Deadlines.DateOfReceipt;
            Assert.Equal(DateOfReceipt.Statutory, rule.Value);
            Assert.Contains("民法典 第二百零一条", rule.Origin.Describe());
        }
        Assert.Equal(RuleOriginKind.Inherited, Registry.Resolve(BuiltInRuleSets.Longyan, Today).Deadlines.DateOfReceipt.Origin.Kind);
    }

    [Fact]
    [Trait("Rule", "deadline.dateOfReceipt")]
    public void A_request_received_on_a_Saturday_or_a_Thursday_evening_is_due_on_the_statutory_day_unless_the_rule_set_says_otherwise()
    {
        var longyan = Registry.Resolve(BuiltInRuleSets.Longyan, Today);
        // 5 working days after Saturday 11-28: 11-30 … 12-04. The old reading (receipt moved to Monday, then skipped) gave 12-07.
        var saturday = File(longyan, Saturday);
        Assert.Equal(new DateOnly(2026, 12, 4), saturday.Deadline!.DueDate);
        Assert.Equal(new DateOnly(2026, 11, 28), saturday.Deadline.ReceivedOn);
        var start = saturday.Timeline.Single(s => s.Action == "deadline.start");
        Assert.Contains("收到当日 2026年11月28日 不计入", start.Note);
        Assert.Contains("deadline.dateOfReceipt", start.Note);
        Assert.Contains("民法典 第二百零一条", start.Note);
        // Thursday evening: 11-27 … 12-03 (the old reading gave 12-04).
        Assert.Equal(new DateOnly(2026, 12, 3), File(longyan, ThursdayEvening).Deadline!.DueDate);

        // A city whose own text deems after-hours and rest-day receipts received on the next working day says so, with the article.
        var basis = new Citation("004", "第十二条");
        var amended = Registry.Amend(new RuleSetAmendment
        {
            Jurisdiction = BuiltInRuleSets.Longyan,
            BasedOnVersion = 1,
            Reason = "测试：假设本市规定17:30后及休息日收到的申请视为下一工作日收到",
            AmendedBy = "authority-user",
            RecordedOn = Today,
            EffectiveFrom = Today,
            Changes = [RuleChange.Of(RuleKeys.DeadlineDateOfReceipt, DateOfReceipt.NextWorkingDayAfter(new TimeOnly(17, 30)), basis)],
        });
        Assert.True(amended.Succeeded, string.Join("; ", amended.Errors));
        var local = amended.Registry.Resolve(BuiltInRuleSets.Longyan, Today);
        var moved = File(local, Saturday);
        Assert.Equal(new DateOnly(2026, 12, 7), moved.Deadline!.DueDate);
        Assert.Equal(new DateOnly(2026, 11, 30), moved.Deadline.ReceivedOn);
        var note = moved.Timeline.Single(s => s.Action == "deadline.start").Note!;
        Assert.Contains("at or after 17:30", note);
        Assert.Contains("004 第十二条", note);
        Assert.Equal(new DateOnly(2026, 12, 4), File(local, ThursdayEvening).Deadline!.DueDate);
    }

    [Fact]
    public void An_after_hours_rule_needs_its_office_close_and_a_statutory_rule_has_none()
    {
        Assert.NotNull(new DateOfReceipt(DateOfReceiptKind.NextWorkingDayAfterHours).Problem());
        Assert.NotNull(new DateOfReceipt(DateOfReceiptKind.CalendarDate, new TimeOnly(17, 30)).Problem());
        var (amendment, errors) = RuleSetJson.ParseAmendment(
            """{"basedOnVersion": 1, "reason": "r", "rules": {"deadline.dateOfReceipt": {"value": {"kind": "NextWorkingDayAfterHours"}}}}""",
            BuiltInRuleSets.Longyan, "u", Today);
        Assert.Null(amendment);
        Assert.Contains(errors, e => e.Field == "rules.deadline.dateOfReceipt" && e.Reason.Contains("officeClose", StringComparison.Ordinal));
        var (ok, none) = RuleSetJson.ParseAmendment(
            """{"basedOnVersion": 1, "reason": "r", "rules": {"deadline.dateOfReceipt": {"value": {"kind": "NextWorkingDayAfterHours", "officeClose": "18:00"}}}}""",
            BuiltInRuleSets.Longyan, "u", Today);
        Assert.Empty(none);
        Assert.Equal(DateOfReceipt.NextWorkingDayAfter(new TimeOnly(18, 0)), ok!.Changes.Single().Value);
    }

    private static ShareRequest File(EffectiveRuleSet rules, DateTimeOffset at)
    {
        var caller = new Caller("steward", "11350800MB0001004N", BuiltInRuleSets.Longyan, new HashSet<Role> { Role.DataSteward });
        var outcome = ShareWorkflow.File("r1", caller, Entry(), new FileShareInput("e1", ["户籍地区划"], "窗口", "办理就业登记", SharingMethod.Api, 6), rules, Calendar, at);
        return outcome.Request ?? throw new Xunit.Sdk.XunitException($"refused: {outcome.Refusal}");
    }

    private static CatalogEntry Entry() => new()
    {
        Id = "e1",
        Jurisdiction = BuiltInRuleSets.Longyan,
        Department = "11350800MB0001003K",
        CreatedAt = Saturday.AddDays(-30),
        Published = new CatalogVersion
        {
            Number = 1,
            State = CatalogEntryState.Published,
            CreatedBy = "s",
            CreatedAt = Saturday.AddDays(-30),
            PublishedAt = Saturday.AddDays(-29),
            Content = new CatalogContent
            {
                Name = "人口基本信息",
                Code = "350800-GA-0001",
                Summary = "常住人口",
                DataItems = [new DataItem { Name = "户籍地区划", Type = DataItemType.String }],
                SharingType = SharingType.Conditional,
                SharingConditions = "仅用于政务服务",
                LegalBasis = "《中华人民共和国居民身份证法》第十九条",
                SharingMethods = [SharingMethod.Api],
                OpenType = OpenType.NotOpen,
                UpdateCycle = UpdateCycle.Daily,
            },
        },
    };
}
