using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GovData.Functions.Catalog;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Catalog;

/// <summary>Search with filters and paging, bulk import, exports and the anonymous open catalog.</summary>
public sealed class CatalogSearchAndFilesApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private readonly CatalogApi _api = new(app);

    [Fact]
    public async Task Search_filters_and_pages_in_code_order_with_a_token()
    {
        var word = "检索" + Guid.NewGuid().ToString("N")[..6];
        var codes = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var code = CatalogApi.NewCode();
            codes.Add(code);
            await _api.PublishAsync(CatalogApi.Body(code, name: $"{word}资源{i}", updateCycle: i == 0 ? "Monthly" : "Daily", sharingType: "Unconditional"));
        }
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await (await _api.OtherSteward.GetAsync($"/api/catalog/entries?keyword={word}&pageSize=2" + (token is null ? "" : "&pageToken=" + token))).ShouldBe(HttpStatusCode.OK);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()!));
            token = page.TryGetProperty("nextPageToken", out var t) ? t.GetString() : null;
            pages++;
        } while (token is not null);
        Assert.Equal(3, pages);
        Assert.Equal(codes.Order(StringComparer.Ordinal), seen);

        var monthly = await (await _api.Steward.GetAsync($"/api/catalog/entries?keyword={word}&updateCycle=Monthly")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal([codes[0]], monthly.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
        var otherDept = await (await _api.Steward.GetAsync($"/api/catalog/entries?keyword={word}&department=11350800MB0001004N")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(otherDept.GetProperty("items").EnumerateArray());
        var byItem = await (await _api.Steward.GetAsync($"/api/catalog/entries?keyword=公民身份号码&pageSize=200")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(byItem.GetProperty("items").EnumerateArray(), i => i.GetProperty("code").GetString() == codes[1]);
        await (await _api.Steward.GetAsync("/api/catalog/entries?sharingType=Sometimes")).ShouldNameField("sharingType");
        await (await _api.Steward.GetAsync("/api/catalog/entries?pageToken=garbage")).ShouldNameField("pageToken");
    }

    private static string Csv(params string[] rows) =>
        string.Join(",", CatalogSheet.Columns) + "\r\n" + string.Join("\r\n", rows) + "\r\n";

    private static string Row(string code, string sharingType = "Unconditional", string legalBasis = "", string cycle = "Monthly", string methods = "FileDownload") =>
        $"{code},批量资源{code},批量导入的资源,姓名|String||RP;登记日期|Date|yyyy-MM-dd,电子表格,{sharingType},,{legalBasis},{methods},Unconditional,,{cycle},General,,";

    private async Task<HttpResponseMessage> Upload(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await _api.Steward.PostAsync("/api/catalog/import", content);
    }

    [Fact]
    public async Task Import_reports_every_bad_row_and_imports_nothing_then_imports_a_clean_file()
    {
        var good = CatalogApi.NewCode();
        var bad1 = CatalogApi.NewCode();
        var bad2 = CatalogApi.NewCode();
        var csv = Csv(Row(good), Row(bad1, sharingType: "NotShared"), Row(bad2, sharingType: "Maybe"), Row(good));
        var problem = await (await Upload(Encoding.UTF8.GetBytes(csv), "text/csv")).ShouldBeProblem(HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains("rows[3].legalBasis", fields);
        Assert.Contains("rows[4].sharingType", fields);
        Assert.Contains("rows[5].code", fields);
        Assert.DoesNotContain(fields, f => f!.StartsWith("rows[2]", StringComparison.Ordinal));
        var drafts = await (await _api.Steward.GetAsync("/api/catalog/drafts")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(drafts.GetProperty("items").EnumerateArray(), d => d.GetProperty("code").GetString() == good);

        var xlsx = CatalogSheet.ToXlsx(CatalogSheet.Columns, [Row(good).Split(','), Row(bad1, "NotShared", "《档案法》").Split(',')], withHelp: false);
        var imported = await (await Upload(xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).ShouldBe(HttpStatusCode.Created);
        Assert.Equal(2, imported.GetProperty("imported").GetInt32());
        drafts = await (await _api.Steward.GetAsync("/api/catalog/drafts")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains(drafts.GetProperty("items").EnumerateArray(), d => d.GetProperty("code").GetString() == good);
        // The same codes again: refused by row, still nothing duplicated.
        var again = await (await Upload(xlsx, "application/octet-stream")).ShouldBeProblem(HttpStatusCode.BadRequest);
        Assert.Contains(again.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "rows[2].code");
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D })]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5 })]
    [InlineData(new byte[] { (byte)'a', (byte)',', (byte)'b', (byte)'\n', (byte)'1', (byte)',', (byte)'2' })]
    public async Task A_file_that_is_not_the_template_is_a_clear_problem(byte[] bytes) =>
        Assert.Contains("spreadsheet", await (await Upload(bytes, "application/octet-stream")).ShouldNameField("file") + " spreadsheet");

    [Fact]
    public async Task Template_downloads_as_csv_and_xlsx()
    {
        var csv = await _api.Steward.GetStringAsync("/api/catalog/template?format=csv");
        Assert.StartsWith("\uFEFF" + string.Join(",", CatalogSheet.Columns), csv);
        var xlsx = await _api.Steward.GetByteArrayAsync("/api/catalog/template?format=xlsx");
        Assert.Equal(CatalogSheet.Columns, CatalogSheet.Read(xlsx).Header);
    }

    [Fact]
    public async Task The_open_catalog_is_readable_without_a_token_and_exports_DCAT()
    {
        var open = CatalogApi.NewCode();
        var closed = CatalogApi.NewCode();
        var openId = await _api.PublishAsync(CatalogApi.Body(open, openType: "Unconditional", sharingType: "Unconditional"));
        await _api.PublishAsync(CatalogApi.Body(closed, openType: "NotOpen"));
        var anonymous = app.CreateClient();

        var list = await (await anonymous.GetAsync("/api/open-catalog/350800/entries?pageSize=200")).ShouldBe(HttpStatusCode.OK);
        var codes = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ToList();
        Assert.Contains(open, codes);
        Assert.DoesNotContain(closed, codes);
        await (await anonymous.GetAsync($"/api/open-catalog/350800/entries/{openId}")).ShouldBe(HttpStatusCode.OK);

        var dcat = await anonymous.GetAsync("/api/open-catalog/350800/export?format=dcat");
        Assert.Equal("application/ld+json", dcat.Content.Headers.ContentType?.MediaType);
        var doc = JsonDocument.Parse(await dcat.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("dcat:Catalog", doc.GetProperty("@type").GetString());
        var dataset = doc.GetProperty("dcat:dataset").EnumerateArray().Single(d => d.GetProperty("dct:identifier").GetString() == open);
        Assert.Equal("dcat:Dataset", dataset.GetProperty("@type").GetString());
        Assert.EndsWith("DAILY", dataset.GetProperty("dct:accrualPeriodicity").GetProperty("@id").GetString());
        Assert.EndsWith("PUBLIC", dataset.GetProperty("dct:accessRights").GetProperty("@id").GetString());
        Assert.Equal("龙岩市公安局", dataset.GetProperty("dct:publisher").GetProperty("foaf:name").GetString());
        Assert.Equal("dcat:Distribution", dataset.GetProperty("dcat:distribution")[0].GetProperty("@type").GetString());
        Assert.DoesNotContain(doc.GetProperty("dcat:dataset").EnumerateArray(), d => d.GetProperty("dct:identifier").GetString() == closed);

        // The whole catalog (with NotOpen entries) needs a token.
        await (await anonymous.GetAsync("/api/catalog/export?format=csv")).ShouldBe(HttpStatusCode.Unauthorized);
        var csv = await _api.OtherSteward.GetStringAsync("/api/catalog/export?format=csv");
        Assert.Contains(closed, csv);
        var xlsx = await _api.OtherSteward.GetByteArrayAsync("/api/catalog/export?format=xlsx");
        Assert.Contains(CatalogSheet.Read(xlsx).Rows, r => r.Cells[0] == closed);
    }
}
