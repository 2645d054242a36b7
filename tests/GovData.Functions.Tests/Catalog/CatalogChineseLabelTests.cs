using System.Net;
using System.Net.Http.Json;
using GovData.Functions.Catalog;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Catalog;

/// <summary>Users write enumerations in Chinese: every body, query and import file takes 无条件共享 as well as Unconditional.</summary>
public sealed class CatalogChineseLabelTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private readonly CatalogApi _api = new(app);

    [Fact]
    public async Task A_JSON_body_takes_Chinese_labels_and_the_answer_names_the_values_in_English()
    {
        var body = new
        {
            name = "企业基本信息",
            code = CatalogApi.NewCode(),
            summary = "企业登记的基本信息",
            dataItems = new[] { new { name = "统一社会信用代码", type = "统一社会信用代码", required = true }, new { name = "企业名称", type = "字符串", required = true } },
            format = "数据库",
            sharingType = "无条件共享",
            sharingMethods = new[] { "接口调用", "FileDownload" },
            openType = "依申请开放",
            openConditions = "高校科研",
            updateCycle = "每日",
        };
        var created = await _api.CreateAsync(body);
        var content = created.GetProperty("working").GetProperty("content");
        Assert.Equal("Unconditional", content.GetProperty("sharingType").GetString());
        Assert.Equal("OnApplication", content.GetProperty("openType").GetString());
        Assert.Equal("Daily", content.GetProperty("updateCycle").GetString());
        Assert.Equal(["Api", "FileDownload"], content.GetProperty("sharingMethods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("UnifiedSocialCreditCode", content.GetProperty("dataItems")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_unknown_label_is_refused_naming_the_field_and_the_values()
    {
        var response = await _api.Steward.PostAsJsonAsync("/api/catalog/entries", new
        {
            name = "企业基本信息", code = CatalogApi.NewCode(), summary = "x", dataItems = new[] { new { name = "名称", type = "String" } },
            sharingType = "随便共享", sharingMethods = new[] { "Api" }, openType = "NotOpen", updateCycle = "Daily",
        });
        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains("must be one of: Unconditional, Conditional, NotShared", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_import_template_takes_Chinese_labels()
    {
        var code = CatalogApi.NewCode();
        var csv = string.Join(",", CatalogSheet.Columns) + "\r\n" +
            $"{code},企业年报信息,按年度报送的企业年报,企业名称|字符串||R;成立日期|日期,电子表格,无条件共享,,,文件下载;接口调用,无条件开放,,每年,一般数据,,\r\n";
        var imported = await (await _api.Steward.PostAsync("/api/catalog/import", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"))).ShouldBe(HttpStatusCode.Created);
        Assert.Equal(1, imported.GetProperty("imported").GetInt32());
        var drafts = await (await _api.Steward.GetAsync("/api/catalog/drafts")).ShouldBe(HttpStatusCode.OK);
        var content = drafts.GetProperty("items").EnumerateArray().Single(d => d.GetProperty("code").GetString() == code).GetProperty("working").GetProperty("content");
        Assert.Equal("Unconditional", content.GetProperty("sharingType").GetString());
        Assert.Equal("Yearly", content.GetProperty("updateCycle").GetString());
        Assert.Equal("Date", content.GetProperty("dataItems")[1].GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_search_filter_takes_a_Chinese_label() =>
        await (await _api.Steward.GetAsync("/api/catalog/entries?sharingType=" + Uri.EscapeDataString("有条件共享"))).ShouldBe(HttpStatusCode.OK);
}
