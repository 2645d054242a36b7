using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Sharing;
using GovData.Portal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GovData.Portal.Tests;

/// <summary>Supervision's scorecards with charts in Chinese; the auditor's trail with filters, verification and export.</summary>
[Collection(PortalCollection.Name)]
public sealed class SupervisionAndAuditTests(Browser browser, PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task The_DataAuthority_reads_the_scorecards_with_department_names_on_the_charts()
    {
        // Some activity to score: a request answered by 公安局.
        var sharing = new SharingApi(app);
        var entryId = await sharing.PublishAsync();
        await sharing.GrantAsync(entryId);
        // The supervision queue's events reach the scorecards (the local host's poller does this on a running system).
        while (await app.Triggers.PollQueueOnceAsync("SupervisionEventReceived") > 0) { }

        var authority = await browser.SignedInAsync(app, DemoJurisdiction.DataAuthority, Role.DataAuthority, "zhao");
        await authority.OpenAsync(app, "supervision", "监督检查");
        await Expect(authority.GetByLabel("考评期间（年 2026、季度 2026-Q4 或月份 2026-11）")).ToHaveValueAsync("2026-11");
        var chart = authority.GetByRole(AriaRole.Img, new() { Name = "2026年11月各部门考评得分（满分100）" });
        await Expect(chart).ToBeVisibleAsync();
        // Department names, not code suffixes, label the bars.
        await Expect(chart).ToContainTextAsync("龙岩市公安局");
        await Expect(chart).Not.ToContainTextAsync("003K");
        await Expect(authority.GetByRole(AriaRole.Table)).ToContainTextAsync("龙岩市市场监督管理局");
        await authority.PressAsync("生成考评报告");
        await Expect(authority.GetByRole(AriaRole.Status)).ToContainTextAsync("考评报告已生成");
        await Expect(authority.GetByRole(AriaRole.Button, new() { Name = "报告（HTML）" })).ToBeVisibleAsync();
        await authority.ShotAsync("12-supervision");

        // The report handed to leadership, opened as downloaded: in Chinese, the departments named on its own charts.
        var download = await authority.RunAndWaitForDownloadAsync(() => authority.PressAsync("报告（HTML）"));
        var report = await authority.Context.NewPageAsync();
        await report.SetContentAsync(await File.ReadAllTextAsync((await download.PathAsync())!));
        await Expect(report).ToHaveTitleAsync("2026年11月数据工作考评报告");
        var scores = report.GetByRole(AriaRole.Img, new() { Name = "2026年11月各部门考评得分（满分100）" });
        await Expect(scores).ToContainTextAsync("龙岩市公安局");
        await Expect(scores).Not.ToContainTextAsync("003K");
        await Expect(report.GetByRole(AriaRole.Img, new() { Name = "2026年11月各部门按时率与质量合格率（%）" })).ToContainTextAsync("共享申请按时答复率");
        await Expect(report.GetByRole(AriaRole.Columnheader, new() { Name = "部门名称" })).ToBeVisibleAsync();
        await report.ShotAsync("22-evaluation-report");
    }

    [Fact]
    public async Task The_auditor_filters_the_trail_verifies_it_and_exports_it_as_CSV_for_Excel()
    {
        // Something to find: the steward read the city's units.
        await new SharingApi(app).Provider.GetStringAsync("/api/jurisdictions/350800");

        var auditor = await browser.SignedInAsync(app, DemoJurisdiction.DataAuthority, Role.Auditor, "qian");
        await auditor.OpenAsync(app, "audit", "审计日志");
        await auditor.GetByLabel("部门", new() { Exact = true }).SelectOptionAsync(DemoJurisdiction.PublicSecurity.Code);
        await auditor.GetByLabel("资源（前缀）").FillAsync("jurisdictions/350800");
        await auditor.PressAsync("查询");
        var table = auditor.Locator("table.audit");
        await Expect(table).ToContainTextAsync("reference.jurisdiction.read");
        await Expect(table).ToContainTextAsync("龙岩市公安局");
        await Expect(table.Locator("tbody tr")).Not.ToHaveCountAsync(0);
        await auditor.PressAsync("校验完整性");
        await Expect(auditor.GetByRole(AriaRole.Status).Filter(new() { HasText = "日志完整" })).ToBeVisibleAsync();
        await auditor.ShotAsync("13-audit");

        var download = await auditor.RunAndWaitForDownloadAsync(() => auditor.PressAsync("导出 CSV"));
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Contains("reference.jurisdiction.read", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }
}
