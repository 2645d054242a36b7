using System.Net;
using System.Net.Http.Json;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Tests.Sharing;

namespace GovData.Functions.Tests.Security;

/// <summary>
/// Data exposure (issue 7): responses carry only granted data items. Every data call, allowed or refused, is made against an
/// entry whose personal items 姓名 and 联系电话 are never granted; not one of their values may appear in any answer.
/// </summary>
public sealed class SharedDataExposureTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private readonly SharedDataApi _api = new(app);
    private const string Purpose = SharedDataApi.Purpose;
    private const int Rows = 30;

    [Fact]
    public async Task No_answer_of_any_data_call_carries_an_item_that_was_not_granted_and_refusals_reveal_nothing()
    {
        var entryId = await _api.PublishWithDataAsync(rows: Rows);
        var api = await _api.GrantAsync(entryId, ["公民身份号码", "性别"], "Api");
        var verify = await _api.GrantAsync(entryId, ["公民身份号码", "性别"], "Verification");
        var file = await _api.GrantAsync(entryId, ["公民身份号码", "登记日期"], "FileDownload");
        var requester = _api.Sharing.Requester;
        // Longyan allows no bulk export and no free-form query as a rule (004 第十三条); the calls below need the DataAuthority's exception.
        await _api.AllowBulkExportAndFreeQueryAsync(entryId);
        var bodies = new List<(string Call, HttpStatusCode Status, string Body)>();
        async Task<string> Send(string call, Task<HttpResponseMessage> sending)
        {
            var response = await sending;
            var body = await response.Content.ReadAsStringAsync();
            bodies.Add((call, response.StatusCode, body));
            return body;
        }
        Task<string> Post(string url, object body) => Send("POST " + url, requester.PostAsJsonAsync(url, body));

        // Allowed calls: every page of the query, the verification answers, the link and the file.
        var query = $"/api/sharing/grants/{api}/query";
        var (rows, pages) = await SharedDataApi.QueryAllAsync(requester, query, new { purpose = Purpose, top = 7 }, t => new { purpose = Purpose, top = 7, continuationToken = t }, 7);
        Assert.Equal(Rows, rows.Count);
        bodies.AddRange(pages.Select(p => ("query page", HttpStatusCode.OK, p)));
        await Post(query, new { purpose = Purpose, items = new[] { "性别" }, filters = new Dictionary<string, string> { ["公民身份号码"] = SubmissionFilesId(4) } });
        await Post($"/api/sharing/grants/{verify}/verify", new { purpose = Purpose, values = new Dictionary<string, string> { ["公民身份号码"] = SubmissionFilesId(4), ["性别"] = "男" } });
        var linkBody = await Post($"/api/sharing/grants/{file}/download-links", new { purpose = Purpose });
        var link = System.Text.Json.JsonDocument.Parse(linkBody).RootElement.GetProperty("url").GetString()!;
        var csv = await Send("download", requester.GetAsync(link));
        Assert.StartsWith("公民身份号码,登记日期\n", csv);
        Assert.Equal(Rows + 1, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // Refused calls: items, filters and compared values outside the grant, the wrong method, the wrong user.
        await Post(query, new { purpose = Purpose, items = new[] { "公民身份号码", "姓名" } });
        await Post(query, new { purpose = Purpose, items = new[] { "性别" }, filters = new Dictionary<string, string> { ["联系电话"] = SharedDataApi.Phone(4) } });
        await Post(query, new { purpose = Purpose, items = new[] { "性别" }, filters = new Dictionary<string, string> { ["姓名"] = SharedDataApi.Name(4) } });
        await Post($"/api/sharing/grants/{verify}/verify", new { purpose = Purpose, values = new Dictionary<string, string> { ["姓名"] = SharedDataApi.Name(4) } });
        await Post($"/api/sharing/grants/{file}/download-links", new { purpose = Purpose, items = new[] { "联系电话" } });
        await Post($"/api/sharing/grants/{verify}/query", new { purpose = Purpose });
        await Post($"/api/sharing/grants/{api}/download-links", new { purpose = Purpose });
        await Post($"/api/sharing/grants/{api}/verify", new { purpose = Purpose, values = new Dictionary<string, string> { ["性别"] = "男" } });
        await Post(query, new { purpose = "商业推广", items = new[] { "性别" } });
        await Send("provider query", _api.Sharing.Provider.PostAsJsonAsync(query, new { purpose = Purpose }));
        await Send("outsider query", _api.Sharing.Outsider.PostAsJsonAsync(query, new { purpose = Purpose }));
        await Send("outsider download", _api.Sharing.Outsider.GetAsync(link));
        await Send("direct on Conditional", requester.PostAsJsonAsync($"/api/sharing/entries/{entryId}/query", new { purpose = Purpose, items = new[] { "性别" } }));

        // Revoked and expired grants.
        await (await _api.Sharing.Provider.PostAsJsonAsync($"/api/sharing/grants/{verify}/revoke", new { reasons = new[] { "停止共享" } })).ShouldBe(HttpStatusCode.OK);
        await Post($"/api/sharing/grants/{verify}/verify", new { purpose = Purpose, values = new Dictionary<string, string> { ["性别"] = "男" } });
        app.Time.Advance(TimeSpan.FromDays(200));
        var later = _api.Sharing.Requester;
        await Send("expired query", later.PostAsJsonAsync(query, new { purpose = Purpose }));
        await Send("expired download", later.GetAsync(link));
        await Send("expired link", later.PostAsJsonAsync($"/api/sharing/grants/{file}/download-links", new { purpose = Purpose }));

        var refused = bodies.Where(b => (int)b.Status >= 400).ToList();
        Assert.Equal(17, refused.Count);
        Assert.All(refused, b => Assert.True(b.Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{b.Call} -> {b.Status}"));
        Assert.Contains(refused, b => b.Body.Contains("revoked", StringComparison.Ordinal));
        Assert.Contains(refused, b => b.Body.Contains("expired", StringComparison.Ordinal));
        foreach (var (call, _, body) in bodies)
            for (var n = 0; n < Rows; n++)
            {
                Assert.False(body.Contains(SharedDataApi.Name(n), StringComparison.Ordinal), $"{call} revealed 姓名 of row {n}: {body}");
                Assert.False(body.Contains(SharedDataApi.Phone(n), StringComparison.Ordinal), $"{call} revealed 联系电话 of row {n}: {body}");
            }
        // Refusals reveal no value of any item, granted or not.
        foreach (var (call, _, body) in refused)
            for (var n = 0; n < Rows; n++)
                Assert.False(body.Contains(SubmissionFilesId(n), StringComparison.Ordinal), $"{call} revealed an id: {body}");
    }

    private static string SubmissionFilesId(int n) => Aggregation.SubmissionFiles.Id(n);
}
