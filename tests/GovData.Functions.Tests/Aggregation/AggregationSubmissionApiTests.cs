using GovData.LocalHost;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;
using Microsoft.Extensions.DependencyInjection;
using static GovData.Functions.Tests.Aggregation.SubmissionFiles;

namespace GovData.Functions.Tests.Aggregation;

/// <summary>
/// Submissions end to end: an upload link or a direct post, the blob's arrival, the checks, and an accepted file
/// becoming an immutable curated version with the blob contract the open-data feature reads.
/// </summary>
public sealed class AggregationSubmissionApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private readonly AggregationApi _api = new(app);

    static AggregationSubmissionApiTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public async Task An_uploaded_file_becomes_version_1_with_the_curated_contract_and_its_lineage()
    {
        var entryId = await _api.PublishPeopleAsync();
        var link = await (await _api.Steward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/uploads", new { fileName = "人口 2026-11.csv" })).ShouldBe(HttpStatusCode.Created);
        var id = link.GetProperty("submissionId").GetString()!;
        var uploadUrl = new Uri(link.GetProperty("uploadUrl").GetString()!);
        Assert.Contains("sp=c", uploadUrl.Query, StringComparison.Ordinal);
        Assert.Equal($"/api/aggregation/submissions/{id}", link.GetProperty("statusUrl").GetString());
        Assert.Equal("AwaitingUpload", (await _api.StatusAsync(id)).GetProperty("state").GetString());

        // The department uploads with the link alone; the link cannot read anything back.
        var csv = Encoding.UTF8.GetBytes(Csv(50));
        var uploaded = new BlobClient(uploadUrl);
        await uploaded.UploadAsync(new BinaryData(csv));
        var read = await Assert.ThrowsAsync<RequestFailedException>(() => uploaded.DownloadContentAsync());
        Assert.Equal(403, read.Status);
        // Create-only: the file that arrived cannot be replaced through the link.
        await Assert.ThrowsAsync<RequestFailedException>(() => uploaded.UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(Csv(3))), overwrite: true));

        // The local trigger runner notices the new blob and runs the blob-trigger function.
        var trigger = app.Services.GetRequiredService<FunctionCatalog>()["AggregationIncoming"].Trigger;
        Assert.Equal("incoming/{name}", trigger.Path);
        Assert.True(await app.Triggers.PollBlobsOnceAsync("AggregationIncoming") >= 1);

        var status = await _api.StatusAsync(id);
        Assert.Equal("Accepted", status.GetProperty("state").GetString());
        Assert.Equal(50, status.GetProperty("rowsRead").GetInt64());
        Assert.Equal(50, status.GetProperty("rowsAccepted").GetInt64());
        Assert.Equal(50, status.GetProperty("progress").GetProperty("rowsDone").GetInt64());
        Assert.Equal(50, status.GetProperty("progress").GetProperty("estimatedTotalRows").GetInt64());
        Assert.Equal(1, status.GetProperty("version").GetInt32());
        Assert.True(status.GetProperty("onTime").GetBoolean());
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(csv));
        Assert.Equal(sha, status.GetProperty("sourceSha256").GetString());

        // The contract: curated/{jurisdiction}/{entryId}/v000001/data.csv with its metadata, lineage.json and quality-report.json beside it.
        var data = _api.Curated.GetBlobClient($"350800/{entryId}/v000001/data.csv");
        var properties = (await data.GetPropertiesAsync()).Value;
        Assert.Equal(entryId, properties.Metadata["entryid"]);
        Assert.Equal("1", properties.Metadata["version"]);
        Assert.Equal(DemoJurisdiction.PublicSecurity.Code, properties.Metadata["department"]);
        Assert.Equal(sha, properties.Metadata["sha256"]);
        Assert.Equal(app.Time.GetUtcNow(), DateTimeOffset.Parse(properties.Metadata["acceptedat"], System.Globalization.CultureInfo.InvariantCulture));
        var text = (await data.DownloadContentAsync()).Value.Content.ToString();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', People.Select(p => p.Name)), lines[0]);
        Assert.Equal(51, lines.Length);
        Assert.StartsWith(Id(0) + ",张三,男," + CreditCode(0) + ",2024-01-01,", lines[1], StringComparison.Ordinal);

        using var lineage = JsonDocument.Parse((await _api.Curated.GetBlobClient($"350800/{entryId}/v000001/lineage.json").DownloadContentAsync()).Value.Content.ToString());
        var l = lineage.RootElement;
        Assert.Equal($"incoming/350800/{entryId}/{id}/source.csv", l.GetProperty("source").GetProperty("blob").GetString());
        Assert.Equal(sha, l.GetProperty("source").GetProperty("sha256").GetString());
        Assert.Equal("user-003K-DataSteward", l.GetProperty("submitter").GetProperty("user").GetString());
        Assert.Equal(DemoJurisdiction.PublicSecurity.Code, l.GetProperty("submitter").GetProperty("department").GetString());
        Assert.Equal(50, l.GetProperty("rows").GetProperty("accepted").GetInt64());
        Assert.Equal(0, l.GetProperty("rows").GetProperty("rejected").GetInt64());
        Assert.Equal($"/api/aggregation/submissions/{id}/report", l.GetProperty("qualityReport").GetProperty("url").GetString());
        using var report = JsonDocument.Parse((await _api.Curated.GetBlobClient($"350800/{entryId}/v000001/quality-report.json").DownloadContentAsync()).Value.Content.ToString());
        Assert.Equal("Accepted", report.RootElement.GetProperty("decision").GetString());

        // The raw upload is kept.
        Assert.True((await _api.Container("incoming").GetBlobClient($"350800/{entryId}/{id}/source.csv").ExistsAsync()).Value);

        // A redelivered blob changes nothing: still one version, same acceptance.
        await _api.ArriveAsync(id, entryId);
        await app.Triggers.PollBlobsOnceAsync("AggregationIncoming");
        var versions = await _api.VersionsAsync(entryId);
        Assert.Single(versions);
        Assert.Equal(id, versions[0].GetProperty("submissionId").GetString());
        Assert.Equal(properties.ETag, (await data.GetPropertiesAsync()).Value.ETag);
        Assert.Equal(1, (await _api.StatusAsync(id)).GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_second_accepted_submission_is_version_2_and_version_1_stays_as_it_was()
    {
        var entryId = await _api.PublishPeopleAsync();
        var first = await _api.SubmitAsync(entryId, Encoding.UTF8.GetBytes(Csv(10)));
        var v1 = await _api.Curated.GetBlobClient($"350800/{entryId}/v000001/data.csv").GetPropertiesAsync();
        var second = await _api.SubmitAsync(entryId, Encoding.GetEncoding(936).GetBytes(Csv(20)), "format=csv&encoding=gbk");
        Assert.Equal(1, first.GetProperty("version").GetInt32());
        Assert.Equal(2, second.GetProperty("version").GetInt32());
        Assert.Equal("gb18030", second.GetProperty("encoding").GetString());
        Assert.Equal(v1.Value.ETag, (await _api.Curated.GetBlobClient($"350800/{entryId}/v000001/data.csv").GetPropertiesAsync()).Value.ETag);
        var v2 = (await _api.Curated.GetBlobClient($"350800/{entryId}/v000002/data.csv").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("张三", v2, StringComparison.Ordinal);
        Assert.Equal([1, 2], (await _api.VersionsAsync(entryId)).Select(v => v.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task An_xlsx_workbook_and_json_lines_are_accepted_too()
    {
        var entryId = await _api.PublishPeopleAsync();
        var rows = new List<object?[]> { Header.Split(',') };
        for (var n = 0; n < 20; n++) rows.Add([Id(n), "李四", "女", CreditCode(n), "20240102", "13912345678"]);
        var xlsx = await _api.SubmitAsync(entryId, Xlsx(rows).ToArray(), "fileName=data.xlsx");
        Assert.Equal("Accepted", xlsx.GetProperty("state").GetString());
        Assert.Equal("Xlsx", xlsx.GetProperty("format").GetString());
        var jsonl = string.Join('\n', Enumerable.Range(0, 5).Select(n => JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["公民身份号码"] = Id(100 + n), ["姓名"] = "王五", ["性别"] = "男", ["单位统一社会信用代码"] = CreditCode(n), ["登记日期"] = "20240103", ["联系电话"] = "13912345678",
        })));
        var lines = await _api.SubmitAsync(entryId, Encoding.UTF8.GetBytes(jsonl), "format=jsonl");
        Assert.Equal("Accepted", lines.GetProperty("state").GetString());
        Assert.Equal(2, lines.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_submission_over_the_threshold_is_rejected_with_a_report_only_its_department_can_download()
    {
        var entryId = await _api.PublishPeopleAsync();
        // 10 of 100 rows carry a wrong ID check character: over the default 5 %.
        var status = await _api.SubmitAsync(entryId, Encoding.UTF8.GetBytes(Csv(100, n => n % 10 == 0 ? Row(n, BadId(n)) : Row(n))));
        Assert.Equal("Rejected", status.GetProperty("state").GetString());
        Assert.Equal(10, status.GetProperty("rowsRejected").GetInt64());
        Assert.False(status.TryGetProperty("version", out _));
        Assert.Empty(await _api.VersionsAsync(entryId));
        Assert.False((await _api.Curated.GetBlobClient($"350800/{entryId}/v000001/data.csv").ExistsAsync()).Value);

        var id = status.GetProperty("id").GetString()!;
        var report = await (await _api.Steward.GetAsync($"/api/aggregation/submissions/{id}/report")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Rejected", report.GetProperty("decision").GetString());
        var example = report.GetProperty("examples").EnumerateArray().First(e => e.GetProperty("rule").GetString() == "ResidentIdNumber");
        Assert.Equal(2, example.GetProperty("row").GetInt64());
        await (await _api.OtherSteward.GetAsync($"/api/aggregation/submissions/{id}/report")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _api.OtherSteward.GetAsync($"/api/aggregation/submissions/{id}")).ShouldBeProblem(HttpStatusCode.NotFound);

        // The department may loosen its own threshold; the same file is then accepted.
        await (await _api.Steward.PutAsJsonAsync($"/api/aggregation/entries/{entryId}/settings", new { maxFailedRowRatio = 0.1 })).ShouldBe(HttpStatusCode.OK);
        await (await _api.Steward.PutAsJsonAsync($"/api/aggregation/entries/{entryId}/settings", new { maxFailedRowRatio = 2.0 })).ShouldNameField("maxFailedRowRatio");
        await (await _api.OtherSteward.PutAsJsonAsync($"/api/aggregation/entries/{entryId}/settings", new { maxFailedRowRatio = 0.1 })).ShouldBeProblem(HttpStatusCode.NotFound);
        var again = await _api.SubmitAsync(entryId, Encoding.UTF8.GetBytes(Csv(100, n => n % 10 == 0 ? Row(n, BadId(n)) : Row(n))));
        Assert.Equal("Accepted", again.GetProperty("state").GetString());
        Assert.Equal(90, again.GetProperty("rowsAccepted").GetInt64());
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "wrong headers", "format=csv", "HeaderMismatch" },
        { "unbalanced quotes", "format=csv", "UnbalancedQuotes" },
        { "wrong encoding", "format=csv&encoding=utf-8", "InvalidEncoding" },
        { "not a workbook", "format=xlsx", "Unreadable" },
        { "zip bomb", "format=xlsx", "ZipBomb" },
        { "empty", "format=csv", "Empty" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Bad_input_gets_a_clear_report_nothing_is_curated_and_the_raw_file_is_kept(string kind, string query, string reason)
    {
        var entryId = await _api.PublishPeopleAsync();
        byte[] bytes = kind switch
        {
            "wrong headers" => Encoding.UTF8.GetBytes("身份证,姓名\n1,2\n"),
            "unbalanced quotes" => Encoding.UTF8.GetBytes(Csv(3) + "\"" + Id(9) + ",张三,男\n"),
            "wrong encoding" => Encoding.GetEncoding(936).GetBytes(Csv(5)),
            "not a workbook" => Encoding.UTF8.GetBytes("this is not a zip"),
            "zip bomb" => Xlsx([Header.Split(',')], zip =>
            {
                using var part = zip.CreateEntry("xl/media/padding.bin", System.IO.Compression.CompressionLevel.SmallestSize).Open();
                var zeros = new byte[1 << 20];
                for (var i = 0; i < 64; i++) part.Write(zeros);
            }).ToArray(),
            _ => [],
        };
        var status = await _api.SubmitAsync(entryId, bytes, query);
        Assert.Equal("Rejected", status.GetProperty("state").GetString());
        var rejection = status.GetProperty("rejection");
        Assert.Equal(reason, rejection.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrWhiteSpace(rejection.GetProperty("message").GetString()));
        if (reason == "HeaderMismatch") Assert.Contains("公民身份号码", rejection.GetProperty("missingHeaders").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(await _api.VersionsAsync(entryId));
        var id = status.GetProperty("id").GetString()!;
        Assert.True((await _api.Container("incoming").GetBlobClient(status.GetProperty("sourceBlob").GetString()!["incoming/".Length..]).ExistsAsync()).Value);
        var report = await (await _api.Steward.GetAsync($"/api/aggregation/submissions/{id}/report")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(reason, report.GetProperty("rejection").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Another_departments_entry_is_not_found_an_unpublished_one_is_a_conflict_and_roles_are_checked()
    {
        var entryId = await _api.PublishPeopleAsync();
        await (await _api.OtherSteward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/uploads", new { fileName = "a.csv" })).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _api.OtherSteward.PostAsync($"/api/aggregation/entries/{entryId}/submissions?format=csv", new ByteArrayContent(Encoding.UTF8.GetBytes(Csv(1))))).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _api.OtherSteward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/batches/b1", new { records = new[] { new { 姓名 = "x" } } })).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _api.OtherSteward.GetAsync($"/api/aggregation/entries/{entryId}/versions")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _api.Steward.PostAsJsonAsync($"/api/aggregation/entries/{Guid.NewGuid():N}/uploads", new { fileName = "a.csv" })).ShouldBeProblem(HttpStatusCode.NotFound);

        var draft = (await _api.Catalog.CreateAsync(AggregationApi.PeopleBody(Catalog.CatalogApi.NewCode("AG")))).GetProperty("id").GetString()!;
        await (await _api.Steward.PostAsJsonAsync($"/api/aggregation/entries/{draft}/uploads", new { fileName = "a.csv" })).ShouldBeProblem(HttpStatusCode.Conflict);
        await (await _api.Steward.PostAsync($"/api/aggregation/entries/{draft}/submissions?format=csv", new ByteArrayContent(Encoding.UTF8.GetBytes(Csv(1))))).ShouldBeProblem(HttpStatusCode.Conflict);

        await (await _api.Catalog.Reviewer.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/uploads", new { fileName = "a.csv" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await _api.Steward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/uploads", new { fileName = "a.pdf" })).ShouldNameField("format");
        await (await _api.Steward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/uploads", new { fileName = "a.csv", length = 5L << 30 })).ShouldNameField("length");
        await (await _api.Steward.PostAsync($"/api/aggregation/entries/{entryId}/submissions?format=csv&encoding=latin1", new ByteArrayContent([1]))).ShouldNameField("encoding");
        await (await _api.Steward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/uploads", new { fileName = "a.csv", state = "Accepted" })).ShouldBeProblem(HttpStatusCode.BadRequest);
    }
}
