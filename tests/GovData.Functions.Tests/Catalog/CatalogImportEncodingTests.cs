using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GovData.Functions.Catalog;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Catalog;

/// <summary>Departments export CSV from Chinese Excel or WPS in GBK: the import reads it, declared or detected.</summary>
public sealed class CatalogImportEncodingTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private readonly CatalogApi _api = new(app);

    private static Encoding Gbk()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(936);
    }

    private static string Csv(string code, string name) =>
        string.Join(",", CatalogSheet.Columns) + "\r\n" +
        $"{code},{name},部门以GBK导出的资源,姓名|String||RP;登记日期|Date|yyyy-MM-dd;性别|Enumeration||R|男/女,电子表格,Unconditional,,,FileDownload,Unconditional,,Monthly,General,仅限政务使用,\r\n";

    private async Task<HttpResponseMessage> Upload(byte[] bytes, string contentType, string query = "")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await _api.Steward.PostAsync("/api/catalog/import" + query, content);
    }

    private async Task<JsonElement> Draft(string code)
    {
        var drafts = await (await _api.Steward.GetAsync("/api/catalog/drafts")).ShouldBe(HttpStatusCode.OK);
        return drafts.GetProperty("items").EnumerateArray().Single(d => d.GetProperty("code").GetString() == code);
    }

    [Fact]
    public async Task A_GBK_file_is_detected_and_its_Chinese_text_arrives_intact()
    {
        var code = CatalogApi.NewCode();
        var bytes = Gbk().GetBytes(Csv(code, "龙岩市企业登记信息"));
        // Not UTF-8 at all: what the old import refused.
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(bytes));
        var imported = await (await Upload(bytes, "text/csv")).ShouldBe(HttpStatusCode.Created);
        Assert.Equal(1, imported.GetProperty("imported").GetInt32());
        var draft = await Draft(code);
        var content = draft.GetProperty("working").GetProperty("content");
        Assert.Equal("龙岩市企业登记信息", content.GetProperty("name").GetString());
        Assert.Equal("部门以GBK导出的资源", content.GetProperty("summary").GetString());
        Assert.Equal(["姓名", "登记日期", "性别"], content.GetProperty("dataItems").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(["男", "女"], content.GetProperty("dataItems")[2].GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()));
    }

    [Theory]
    [InlineData("text/csv", "?encoding=gbk")]
    [InlineData("text/csv; charset=GBK", "")]
    [InlineData("text/csv; charset=gb18030", "")]
    public async Task A_declared_GBK_file_is_read_as_GBK(string contentType, string query)
    {
        var code = CatalogApi.NewCode();
        await (await Upload(Gbk().GetBytes(Csv(code, "不动产登记簿")), contentType, query)).ShouldBe(HttpStatusCode.Created);
        Assert.Equal("不动产登记簿", (await Draft(code)).GetProperty("working").GetProperty("content").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_wrong_or_unknown_declared_encoding_is_a_problem_and_imports_nothing()
    {
        var code = CatalogApi.NewCode();
        var gbk = Gbk().GetBytes(Csv(code, "社会保险参保信息"));
        Assert.Contains("UTF-8", await (await Upload(gbk, "text/csv", "?encoding=utf-8")).ShouldNameField("file"));
        await (await Upload(gbk, "text/csv", "?encoding=big5")).ShouldNameField("encoding");
        await (await Upload(gbk, "text/csv; charset=latin1")).ShouldNameField("Content-Type");
        // UTF-8 declared as GBK with its BOM is caught rather than imported as mojibake.
        await (await Upload([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Csv(code, "社会保险参保信息"))], "text/csv", "?encoding=gbk")).ShouldNameField("file");
        var drafts = await (await _api.Steward.GetAsync("/api/catalog/drafts")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(drafts.GetProperty("items").EnumerateArray(), d => d.GetProperty("code").GetString() == code);
    }
}
