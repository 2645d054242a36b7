using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using GovData.Domain.Audit;
using GovData.Functions.Aggregation;
using GovData.Functions.Audit;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Aggregation;
using GovData.Functions.Tests.Catalog;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static GovData.Functions.Tests.Aggregation.SubmissionFiles;

namespace GovData.Functions.Tests.Sharing;

/// <summary>
/// Curated data to share and grants on it, over HTTP: PublicSecurity publishes a people entry offering every data-call method
/// and aggregates rows whose personal values (姓名, 联系电话) are unique strings a test can look for in any response.
/// </summary>
internal sealed class SharedDataApi(GovDataApp app)
{
    public SharingApi Sharing { get; } = new(app);
    public AggregationApi Aggregation { get; } = new(app);

    public const string Purpose = "办理企业开办登记";

    /// <summary>The name of row <paramref name="n"/>: unique, so its appearance anywhere is a leak.</summary>
    public static string Name(int n) => $"隐名{n:000}号";

    /// <summary>The phone of row <paramref name="n"/>.</summary>
    public static string Phone(int n) => $"1397777{n:0000}";

    /// <summary>Row n is 女 when n is a multiple of 3.</summary>
    public static string Sex(int n) => n % 3 == 0 ? "女" : "男";

    public static string Csv(int rows) => SubmissionFiles.Csv(rows, n => $"{Id(n)},{Name(n)},{Sex(n)},{CreditCode(n)},202401{1 + n % 28:00},{Phone(n)}");

    public static object EntryBody(string sharingType)
    {
        var body = JsonSerializer.SerializeToNode(AggregationApi.PeopleBody(CatalogApi.NewCode("SD")))!.AsObject();
        body["sharingType"] = sharingType;
        body["sharingMethods"] = new System.Text.Json.Nodes.JsonArray("Api", "FileDownload", "Verification");
        if (sharingType == "Unconditional") { body.Remove("sharingConditions"); body.Remove("legalBasis"); }
        return body;
    }

    /// <summary>Publishes an entry and aggregates <paramref name="rows"/> rows into curated version 1 through the aggregation API.</summary>
    public async Task<string> PublishWithDataAsync(string sharingType = "Conditional", int rows = 30)
    {
        var entryId = await Aggregation.Catalog.PublishAsync(EntryBody(sharingType));
        var status = await Aggregation.SubmitAsync(entryId, Encoding.UTF8.GetBytes(Csv(rows)));
        Assert.Equal("Accepted", status.GetProperty("state").GetString());
        return entryId;
    }

    /// <summary>A grant to MarketRegulation of <paramref name="items"/> by <paramref name="method"/>.</summary>
    public async Task<string> GrantAsync(string entryId, string[] items, string method)
    {
        var filed = await (await Sharing.Requester.PostAsJsonAsync("/api/sharing/requests", SharingApi.RequestBody(entryId, items, Purpose, method: method))).ShouldBe(HttpStatusCode.Accepted);
        var id = filed.GetProperty("id").GetString()!;
        await (await SharingApi.Event(Sharing.Provider, id, "approve")).ShouldBe(HttpStatusCode.OK);
        await (await SharingApi.Event(Sharing.Authority, id, "approve")).ShouldBe(HttpStatusCode.OK);
        var granted = await (await SharingApi.Event(Sharing.Requester, id, "accept", new { dataUseAgreement = true, confidentialityAgreement = true })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Granted", granted.GetProperty("state").GetString());
        return id;
    }

    /// <summary>
    /// The DataAuthority's recorded exception to 004 第十三条 (Longyan forbids bulk export and free-form query as a rule): lets
    /// <paramref name="department"/> (default MarketRegulation) download whole files of the entry and query it freely for 300 days.
    /// </summary>
    public async Task<JsonElement> AllowBulkExportAndFreeQueryAsync(string entryId, string department = "11350800MB0001004N") =>
        await (await Sharing.Authority.PostAsJsonAsync("/api/sharing/access-exceptions", new
        {
            department, entryId, bulkExport = true, freeQuery = true,
            reasons = new[] { "测试：核对接口的分页、筛选与文件下载机制（经市大数据局批准）" },
            until = app.Time.GetUtcNow().AddDays(300),
        })).ShouldBe(HttpStatusCode.Created);

    /// <summary>Writes a curated version the way aggregation does (version record, then data.csv with its metadata, then Available).</summary>
    public async Task WriteVersionAsync(string jurisdiction, string entryId, string department, int version, string csv)
    {
        var store = app.Services.GetRequiredService<AggregationStore>();
        var name = CuratedLayout.DataBlob(jurisdiction, entryId, version);
        var doc = new VersionDocument
        {
            Id = AggregationStore.VersionId(entryId, version), Jurisdiction = jurisdiction, EntryId = entryId, Version = version, Department = department,
            SubmissionId = $"test-{version}", AcceptedAt = app.Time.GetUtcNow(), SourceBlob = "incoming/test", SourceSha256 = "00", SubmittedBy = "test",
            RowsRead = 0, RowsAccepted = 0, RowsRejected = 0, DataBlob = $"{StorageNames.Blobs.Curated}/{name}",
        };
        Assert.True(await store.TryCreateVersionAsync(doc, CancellationToken.None));
        var blob = app.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.Blobs.Curated).GetBlobClient(name);
        await blob.UploadAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv; charset=utf-8" },
            Metadata = new Dictionary<string, string> { ["entryid"] = entryId, ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["department"] = department },
        });
        var written = await store.FindVersionAsync(jurisdiction, entryId, version, CancellationToken.None);
        await store.MarkAvailableAsync(written!, CancellationToken.None);
    }

    /// <summary>Marks a version removed, as an approved removal request does.</summary>
    public async Task RemoveVersionAsync(string jurisdiction, string entryId, int version)
    {
        var store = app.Services.GetRequiredService<AggregationStore>();
        var doc = await store.FindVersionAsync(jurisdiction, entryId, version, CancellationToken.None);
        Assert.NotNull(await store.TryReplaceVersionAsync(doc! with { State = VersionState.Removed }, doc!.ETag!, CancellationToken.None));
    }

    /// <summary>The audit records of a resource.</summary>
    public async Task<List<AuditRecord>> AuditAsync(string jurisdiction, string resourcePrefix)
    {
        var records = new List<AuditRecord>();
        await foreach (var r in app.Services.GetRequiredService<IAuditLog>().QueryAsync(
            new AuditQuery(jurisdiction, SharingApiTimes.Start, app.Time.GetUtcNow().AddMinutes(1)) { ResourcePrefix = resourcePrefix, Limit = 5000 }, CancellationToken.None))
            records.Add(r);
        return records;
    }

    /// <summary>Every row of a query, page by page; asserts each page keeps to <paramref name="top"/>.</summary>
    public static async Task<(List<JsonElement> Rows, List<string> Bodies)> QueryAllAsync(HttpClient client, string url, object firstBody, Func<string, object> nextBody, int top)
    {
        var rows = new List<JsonElement>();
        var bodies = new List<string>();
        var response = await client.PostAsJsonAsync(url, firstBody);
        for (var guard = 0; guard < 100; guard++)
        {
            var page = await response.ShouldBe(HttpStatusCode.OK);
            bodies.Add(page.GetRawText());
            var pageRows = page.GetProperty("rows").EnumerateArray().ToList();
            Assert.True(pageRows.Count <= top);
            rows.AddRange(pageRows);
            // The last page carries no continuation token (nulls are left out of answers).
            if (!page.TryGetProperty("continuationToken", out var token) || token.ValueKind == JsonValueKind.Null) return (rows, bodies);
            response = await client.PostAsJsonAsync(url, nextBody(token.GetString()!));
        }
        throw new InvalidOperationException("too many pages");
    }
}
