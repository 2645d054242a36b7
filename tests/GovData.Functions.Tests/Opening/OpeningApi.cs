using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using GovData.Domain.Identity;
using GovData.Domain.Opening;
using GovData.Functions.Supervision;
using GovData.Functions.Tests.Catalog;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Opening;

/// <summary>The app with a pseudonym secret configured and the supervision events it sends recorded.</summary>
public sealed class OpeningApp : GovDataApp
{
    /// <summary>Every supervision event sent.</summary>
    public ConcurrentQueue<SupervisionEvent> Events { get; } = new();

    public OpeningApp()
    {
        Settings["Opening:PseudonymSecret"] = Convert.ToBase64String(OpeningSamples.Secret);
        ExtraServices = s => s.AddSingleton<ISupervisionEvents>(new RecordingEvents(Events));
    }

    private sealed class RecordingEvents(ConcurrentQueue<SupervisionEvent> events) : ISupervisionEvents
    {
        public Task RecordAsync(SupervisionEvent e, CancellationToken ct)
        {
            events.Enqueue(e);
            return Task.CompletedTask;
        }
    }
}

/// <summary>Drives open data over HTTP as its users do; writes curated versions the way aggregation does.</summary>
internal sealed class OpeningApi(GovDataApp app)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public CatalogApi Catalog { get; } = new(app);
    public HttpClient Steward => Catalog.Steward;
    public HttpClient Authority => Catalog.Authority;
    public HttpClient OtherSteward => Catalog.OtherSteward;
    public HttpClient Public { get; } = app.CreateClient();

    /// <summary>The sample file's items; 备注 is personal unless <paramref name="remarkPersonal"/> is false.</summary>
    public static object Body(string code, string openType = "Unconditional", bool remarkPersonal = true)
    {
        var personal = new HashSet<string> { "姓名", "公民身份号码", "手机号码", "地址", "出生日期", "银行卡号", "电子邮箱" };
        if (remarkPersonal) personal.Add("备注");
        return new
        {
            name = "企业联系人信息" + code[^4..],
            code,
            summary = "企业登记的联系人信息（开放测试）",
            dataItems = OpeningSamples.Header.Split(',').Select(i => new { name = i, type = "String", required = false, isPersonal = personal.Contains(i) }).ToArray(),
            format = "CSV",
            sharingType = "Unconditional",
            sharingMethods = new[] { "FileDownload" },
            openType,
            openConditions = openType == "OnApplication" ? "内资控股法人企业、高校、科研院所申请" : null,
            updateCycle = "Monthly",
        };
    }

    /// <summary>Publishes a catalog entry of the sample items and returns its id.</summary>
    public Task<string> EntryAsync(string openType = "Unconditional", bool remarkPersonal = true) =>
        Catalog.PublishAsync(Body(CatalogApi.NewCode("OP"), openType, remarkPersonal));

    /// <summary>Writes curated version <paramref name="version"/> exactly as aggregation does.</summary>
    public async Task WriteCuratedAsync(string entryId, int version, string csv, string department = "11350800MB0001003K")
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        var blob = app.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient("curated").GetBlobClient(OpenDatasetRules.CuratedBlob("350800", entryId, version));
        await blob.UploadAsync(new BinaryData(bytes), new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string>
            {
                ["entryid"] = entryId,
                ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["department"] = department,
                ["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)),
                ["acceptedat"] = "2026-11-20T09:30:00+08:00",
            },
        });
    }

    public static object Configuration(DesensitizationPlan plan) => new { desensitization = plan };

    public async Task<HttpResponseMessage> ConfigureAsync(string entryId, DesensitizationPlan plan, HttpClient? client = null) =>
        await (client ?? Steward).PutAsJsonAsync($"/api/opening/datasets/{entryId}/configuration", Configuration(plan), Json);

    public async Task<string> RequestPublishAsync(string entryId, int curatedVersion)
    {
        var accepted = await (await Steward.PostAsJsonAsync($"/api/opening/datasets/{entryId}/publishes", new { curatedVersion })).ShouldBe(HttpStatusCode.Accepted);
        Assert.Equal("Requested", accepted.GetProperty("state").GetString());
        return accepted.GetProperty("id").GetString()!;
    }

    public Task RunJobAsync(string type, string publishId) =>
        app.Triggers.InvokeQueueAsync("OpenPublish", JsonSerializer.Serialize(new { type, jurisdiction = "350800", publishId }));

    public async Task<JsonElement> PublishAsync(string publishId) =>
        await (await Steward.GetAsync($"/api/opening/publishes/{publishId}")).ShouldBe(HttpStatusCode.OK);

    public async Task<JsonElement> ReviewAsync(string publishId, string decision, params string[] reasons) =>
        await (await Authority.PostAsJsonAsync($"/api/opening/publishes/{publishId}/review", new { decision, reasons })).ShouldBe(HttpStatusCode.OK);

    /// <summary>Configures, requests, transforms, approves and promotes: the entry's next open version is public.</summary>
    public async Task<string> PublishedAsync(string openType = "Unconditional", string? csv = null)
    {
        var entryId = await EntryAsync(openType);
        await WriteCuratedAsync(entryId, 1, csv ?? OpeningSamples.Csv(OpeningSamples.Rows));
        await (await ConfigureAsync(entryId, OpeningSamples.Plan())).ShouldBe(HttpStatusCode.OK);
        var publishId = await RequestPublishAsync(entryId, 1);
        await RunJobAsync("transform", publishId);
        Assert.Equal("AwaitingReview", (await PublishAsync(publishId)).GetProperty("state").GetString());
        await ReviewAsync(publishId, "Approve");
        await RunJobAsync("promote", publishId);
        Assert.Equal("Published", (await PublishAsync(publishId)).GetProperty("state").GetString());
        return entryId;
    }

    public BlobContainerClient Container(string name) => app.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(name);

    public async Task<List<string>> BlobsAsync(string container, string prefix)
    {
        var names = new List<string>();
        await foreach (var b in Container(container).GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, CancellationToken.None)) names.Add(b.Name);
        return names;
    }

    public static HttpClient Applicant(GovDataApp app, string organisation, string user = "applicant-1")
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", app.TokenFor(user, organisation, "350800", Role.PublicApplicant));
        return client;
    }

    /// <summary>A valid unified social credit code from its first 17 characters.</summary>
    public static string Code(string first17) => first17 + GovData.Domain.Identifiers.UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
}
