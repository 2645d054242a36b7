using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Opening;
using GovData.Portal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovData.Portal.Tests;

/// <summary>
/// The public's two ways to data that is not open to all: applying for on-application data (004 第十七条, decided by the
/// DataAuthority) and asking for data not yet open (a demand the holding department answers), each followed to its answer.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class OpenDataApplicationTests(Browser browser, PortalApp app) : IClassFixture<PortalApp>
{
    // A 事业单位 code (12…): consistent with a university, but it does not prove one, so the DataAuthority verifies it first.
    private static readonly string University = OpeningApi.Code("12350800MB0002011");

    [Fact]
    public async Task A_university_applies_the_DataAuthority_verifies_it_and_grants_from_its_queue_and_the_applicant_reads_the_grant()
    {
        var entryId = await new OpeningApi(app).PublishedAsync("OnApplication");

        // The applicant finds the dataset, is sent to sign in with its credit code, and comes back to the form.
        var applicant = await browser.NewPageAsync();
        await applicant.GotoAsync(app.Url($"datasets/{entryId}"));
        await applicant.GetByRole(AriaRole.Link, new() { Name = "以申请单位身份登录后申请" }).ClickAsync();
        await Expect(applicant.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("登录");
        await applicant.GetByLabel("登录为").SelectOptionAsync("public");
        await applicant.GetByLabel("用户名").FillAsync("prof-li");
        await applicant.GetByLabel("统一社会信用代码").FillAsync(University);
        await applicant.PressAsync("登录");
        await Expect(applicant.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("申请使用");
        await applicant.GetByLabel("单位名称").FillAsync("龙岩学院");
        await applicant.GetByLabel("单位类型").SelectOptionAsync("University");
        await applicant.GetByLabel("用途类别").SelectOptionAsync("Research");
        await applicant.GetByLabel("具体用途说明").FillAsync("城市人口流动研究");
        await applicant.PressAsync("提交申请");
        await Expect(applicant.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("我的数据申请");
        var card = applicant.Locator("li.card");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card).ToContainTextAsync("待审核");
        // The answer is due in 20 working days (Fujian's default; Longyan's rules are silent), with the rule that says so.
        await Expect(card).ToContainTextAsync("openApplication.deadline");
        await applicant.ShotAsync("15-open-data-application");

        // The DataAuthority: the application is in its queue; granting waits until the applicant's type is verified.
        var authority = await browser.SignedInAsync(app, DemoJurisdiction.DataAuthority, Role.DataAuthority, "zhao");
        await authority.OpenAsync(app, "work", "待办事项");
        await authority.GetByRole(AriaRole.Row).Filter(new() { HasText = "龙岩学院" }).GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(authority.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("开放申请审核");
        await Expect(authority.Locator("dl.facts")).ToContainTextAsync("城市人口流动研究");
        var grant = authority.GetByRole(AriaRole.Button, new() { Name = "同意", Exact = true });
        await Expect(grant).ToBeDisabledAsync();
        await authority.PressAsync("核验通过");
        // Without what was checked, the verification is refused with the field named and nothing changes.
        await Expect(authority.Locator(".problem")).ToContainTextAsync("reasons");
        await Expect(grant).ToBeDisabledAsync();
        await authority.GetByLabel("核验依据（每行一条，必填）").FillAsync("核对了事业单位法人证书与教育部高校名单");
        await authority.PressAsync("核验通过");
        await Expect(authority.GetByRole(AriaRole.Status)).ToContainTextAsync("单位类型已核验");
        await Expect(authority.Locator("dl.facts")).ToContainTextAsync("已核验");
        await Expect(grant).ToBeEnabledAsync();
        await grant.ClickAsync();
        await Expect(authority.GetByRole(AriaRole.Status)).ToContainTextAsync("已作出决定");
        await Expect(authority.Locator("dl.facts")).ToContainTextAsync("已同意");

        // The applicant reads the grant with the restriction a university's research use carries (004 第十八条).
        await applicant.ReloadAsync();
        await Expect(card).ToContainTextAsync("已同意");
        await Expect(card.Locator(".grant")).ToContainTextAsync("兹授权龙岩学院下载使用开放数据");
        await Expect(card.Locator(".grant")).ToContainTextAsync("使用限制");
    }

    [Fact]
    public async Task The_public_asks_for_data_not_yet_open_the_department_answers_from_its_queue_and_the_public_reads_the_answer()
    {
        var listed = await new OpeningApi(app).PublishedAsync("Unconditional");

        var visitor = await browser.NewPageAsync();
        await visitor.OpenAsync(app, "demands", "提出数据开放需求");
        await visitor.GetByLabel("需要什么数据").FillAsync("机动车登记统计");
        await visitor.GetByLabel("需求说明（用途、字段、范围）").FillAsync("按月、按区县的机动车登记数量，用于交通规划研究");
        await visitor.GetByLabel("可能掌握该数据的部门").SelectOptionAsync(DemoJurisdiction.PublicSecurity.Code);
        await visitor.PressAsync("提交需求");
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("数据开放需求 ");
        var facts = visitor.Locator("dl.facts");
        await Expect(facts).ToContainTextAsync("尚未答复");
        await Expect(facts).ToContainTextAsync("依据");
        var demandId = (await visitor.Locator("p.hint strong").TextContentAsync())!.Trim();
        await visitor.ShotAsync("16-open-data-demand");

        // 公安局's steward answers from its queue: listed for opening, with the open catalog entry it is listed as.
        var steward = await browser.SignedInAsync(app, DemoJurisdiction.PublicSecurity, Role.DataSteward, "alice");
        await steward.OpenAsync(app, "work", "待办事项");
        var row = steward.GetByRole(AriaRole.Row).Filter(new() { HasText = "机动车登记统计" });
        await Expect(row).ToContainTextAsync("开放需求答复");
        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(steward.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("答复开放需求");
        await steward.GetByLabel("答复结果").SelectOptionAsync("ListedForOpening");
        await steward.GetByLabel("列入开放计划的目录编号（可选）").FillAsync(listed);
        await steward.PressAsync("提交答复");
        await Expect(steward.GetByRole(AriaRole.Status)).ToContainTextAsync("已答复");

        // Anyone with the demand's number reads the answer and follows it to the dataset.
        var later = await browser.NewPageAsync();
        await later.OpenAsync(app, "demands", "提出数据开放需求");
        await later.GetByLabel("查询答复：需求编号").FillAsync(demandId);
        await later.PressAsync("查询");
        await Expect(later.Locator("dl.facts")).ToContainTextAsync("列入开放计划");
        await later.GetByRole(AriaRole.Link, new() { Name = "查看数据目录" }).ClickAsync();
        await Expect(later).ToHaveURLAsync(app.Url($"datasets/{listed}"));
    }
}
