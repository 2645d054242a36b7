using GovData.Functions.Aggregation;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Catalog;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Aggregation;

/// <summary>Drives aggregation over HTTP as a department does, and delivers blob arrivals as the trigger would.</summary>
internal sealed class AggregationApi(GovDataApp app)
{
    public CatalogApi Catalog { get; } = new(app);
    public HttpClient Steward => Catalog.Steward;
    public HttpClient OtherSteward => Catalog.OtherSteward;

    /// <summary>Publishes an entry of PublicSecurity whose data items are <see cref="SubmissionFiles.People"/>.</summary>
    public Task<string> PublishPeopleAsync(string updateCycle = "Daily") => Catalog.PublishAsync(PeopleBody(CatalogApi.NewCode("AG"), updateCycle));

    public static object PeopleBody(string code, string updateCycle = "Daily") => new
    {
        name = "人口登记信息",
        code,
        summary = "常住人口登记",
        dataItems = SubmissionFiles.People.Select(i => new
        {
            name = i.Name, type = i.Type.ToString(), format = i.Format, required = i.Required, maxLength = i.MaxLength,
            allowedValues = i.AllowedValues, isKey = i.IsKey, isPersonal = i.IsPersonal,
        }).ToArray(),
        format = "电子表格",
        sharingType = "Conditional",
        sharingConditions = "仅用于政务服务",
        legalBasis = "《居民身份证法》第十九条",
        sharingMethods = new[] { "Api", "FileDownload" },
        openType = "NotOpen",
        updateCycle,
    };

    /// <summary>Posts a file directly; returns the submission id.</summary>
    public async Task<string> PostFileAsync(string entryId, byte[] bytes, string query = "format=csv")
    {
        var content = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };
        var body = await (await Steward.PostAsync($"/api/aggregation/entries/{entryId}/submissions?{query}", content)).ShouldBe(HttpStatusCode.Accepted);
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>Delivers the arrival of a submission's blob to the blob-trigger function, as the host does.</summary>
    public Task ArriveAsync(string submissionId, string entryId, string extension = "csv")
    {
        var name = $"350800/{entryId}/{submissionId}/source.{extension}";
        return app.Triggers.InvokeBlobAsync("AggregationIncoming", "incoming/" + name);
    }

    /// <summary>Runs the processing the blob function runs for a submission's blob, for the line that says what it did.</summary>
    public Task<string> ProcessAsync(string submissionId, string entryId, string extension = "csv") =>
        app.Services.GetRequiredService<AggregationService>().ProcessIncomingAsync($"350800/{entryId}/{submissionId}/source.{extension}", CancellationToken.None);

    /// <summary>Posts a file and delivers its arrival; returns the final status.</summary>
    public async Task<JsonElement> SubmitAsync(string entryId, byte[] bytes, string query = "format=csv")
    {
        var id = await PostFileAsync(entryId, bytes, query);
        await ArriveAsync(id, entryId, query.Contains("xlsx", StringComparison.Ordinal) ? "xlsx" : query.Contains("jsonl", StringComparison.Ordinal) ? "jsonl" : "csv");
        return await StatusAsync(id);
    }

    public async Task<JsonElement> StatusAsync(string submissionId, HttpClient? client = null) =>
        await (await (client ?? Steward).GetAsync($"/api/aggregation/submissions/{submissionId}")).ShouldBe(HttpStatusCode.OK);

    public async Task<List<JsonElement>> VersionsAsync(string entryId) =>
        (await (await Steward.GetAsync($"/api/aggregation/entries/{entryId}/versions")).ShouldBe(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();

    public BlobContainerClient Container(string name) => app.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(name);

    public BlobContainerClient Curated => Container(StorageNames.Blobs.Curated);

    public static HttpClient Department(GovDataApp app, Department unit) => app.ClientFor(unit, Role.DataSteward);
}
