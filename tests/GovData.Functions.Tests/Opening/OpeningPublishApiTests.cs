using System.Net;
using System.Net.Http.Json;
using System.Text;
using GovData.Domain.Opening;
using GovData.Functions.Audit;
using GovData.Functions.Supervision;
using GovData.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Opening;

/// <summary>The publish workflow over HTTP: open configuration, publish job into staging, scanner, security review, public copy.</summary>
public sealed class OpeningPublishApiTests(OpeningApp app) : IClassFixture<OpeningApp>
{
    private readonly OpeningApi _api = new(app);

    [Fact]
    public async Task A_curated_version_is_desensitized_into_staging_reviewed_and_only_then_copied_to_open()
    {
        var entryId = await _api.EntryAsync();
        await _api.WriteCuratedAsync(entryId, 1, OpeningSamples.Csv(OpeningSamples.Rows));
        var configured = await (await _api.ConfigureAsync(entryId, OpeningSamples.Plan())).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, configured.GetProperty("configuration").GetProperty("catalogVersion").GetInt32());

        var publishId = await _api.RequestPublishAsync(entryId, 1);
        // A second request while one runs is a conflict: one publish at a time per dataset.
        await (await _api.Steward.PostAsJsonAsync($"/api/opening/datasets/{entryId}/publishes", new { curatedVersion = 1 })).ShouldBeProblem(HttpStatusCode.Conflict);

        await _api.RunJobAsync("transform", publishId);
        var staged = await _api.PublishAsync(publishId);
        Assert.Equal("AwaitingReview", staged.GetProperty("state").GetString());
        Assert.Equal(3, staged.GetProperty("rows").GetInt64());
        Assert.DoesNotContain("银行卡号", staged.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(2, (await _api.BlobsAsync("reports", $"staging/opening/350800/{entryId}/{publishId}/")).Count);
        Assert.Empty(await _api.BlobsAsync("open", $"350800/{entryId}/"));
        // Not public before the review.
        await (await _api.Public.GetAsync($"/api/open/350800/datasets/{entryId}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _api.Public.GetAsync($"/api/open/350800/datasets/{entryId}/versions/1/data.csv")).ShouldBeProblem(HttpStatusCode.NotFound);

        // A redelivered transform does nothing; promoting before approval does nothing.
        await _api.RunJobAsync("transform", publishId);
        await _api.RunJobAsync("promote", publishId);
        Assert.Empty(await _api.BlobsAsync("open", $"350800/{entryId}/"));

        // Only the DataAuthority reviews.
        await (await _api.Steward.PostAsJsonAsync($"/api/opening/publishes/{publishId}/review", new { decision = "Approve" })).ShouldBeProblem(HttpStatusCode.Forbidden);
        var approved = await _api.ReviewAsync(publishId, "Approve");
        Assert.Equal("Approved", approved.GetProperty("state").GetString());
        await (await _api.Authority.PostAsJsonAsync($"/api/opening/publishes/{publishId}/review", new { decision = "Approve" })).ShouldBeProblem(HttpStatusCode.Conflict);

        await _api.RunJobAsync("promote", publishId);
        await _api.RunJobAsync("promote", publishId);
        Assert.Equal("Published", (await _api.PublishAsync(publishId)).GetProperty("state").GetString());
        var dataset = await (await _api.Steward.GetAsync($"/api/opening/datasets/{entryId}")).ShouldBe(HttpStatusCode.OK);
        Assert.Single(dataset.GetProperty("versions").EnumerateArray());
        Assert.Equal(JsonValueKindNull, dataset.TryGetProperty("activePublish", out var active) ? active.ValueKind : JsonValueKindNull);

        var open = await _api.BlobsAsync("open", $"350800/{entryId}/");
        Assert.Equal([$"350800/{entryId}/v1/data.csv", $"350800/{entryId}/v1/data.jsonl"], open.Order().ToArray());
        var props = (await _api.Container("open").GetBlobClient($"350800/{entryId}/v1/data.csv").GetPropertiesAsync()).Value;
        Assert.Equal("11350800MB0001003K", props.Metadata["sourcedepartment"]);
        Assert.Equal(entryId, props.Metadata["entryid"]);
        Assert.Equal("1", props.Metadata["version"]);
        Assert.Equal("2026-11-20", props.Metadata["dateobtained"]);
        Assert.Empty(await _api.BlobsAsync("reports", $"staging/opening/350800/{entryId}/"));

        var csv = Encoding.UTF8.GetString((await _api.Container("open").GetBlobClient($"350800/{entryId}/v1/data.csv").DownloadContentAsync()).Value.Content.ToArray());
        Assert.Contains("110101********1233", csv);
        Assert.DoesNotContain("110101199003071233", csv);
        Assert.DoesNotContain("6222021234567890128", csv);
        Assert.Contains("张*", csv);

        var published = app.Events.Where(e => e.Kind == SupervisionEventKinds.OpenDatasetPublished && e.Subject!.EndsWith(entryId, StringComparison.Ordinal)).ToList();
        Assert.Single(published);
        Assert.Equal("11350800MB0001003K", published[0].Department);

        var audit = app.Services.GetRequiredService<IAuditLog>();
        var actions = new List<string>();
        await foreach (var r in audit.QueryAsync(new AuditQuery("350800", app.Time.GetUtcNow().AddHours(-1), app.Time.GetUtcNow().AddHours(1)) { ResourcePrefix = "opening/350800/" }, CancellationToken.None))
            if (r.Resource.Contains(publishId, StringComparison.Ordinal) || r.Resource.EndsWith(entryId, StringComparison.Ordinal)) actions.Add(r.Action);
        foreach (var a in new[] { "opening.configuration.set", "opening.publish.request", "opening.publish.transform", "opening.publish.approve", "opening.publish.promote" })
            Assert.Contains(a, actions);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task A_planted_id_number_in_a_column_not_masked_is_found_and_the_publish_refused()
    {
        // 备注 is not marked personal here, so the plan may publish it as it is; row 2 carries an ID number in it.
        var entryId = await _api.EntryAsync(remarkPersonal: false);
        await _api.WriteCuratedAsync(entryId, 1, OpeningSamples.Csv(OpeningSamples.Rows));
        var plan = OpeningSamples.Plan() with
        {
            Items = [.. OpeningSamples.Plan().Items.Select(i => i.Item == "备注" ? new ItemDesensitization { Item = "备注", Method = DesensitizationMethod.None } : i)],
        };
        await (await _api.ConfigureAsync(entryId, plan)).ShouldBe(HttpStatusCode.OK);
        var publishId = await _api.RequestPublishAsync(entryId, 1);
        await _api.RunJobAsync("transform", publishId);

        var refused = await _api.PublishAsync(publishId);
        Assert.Equal("Refused", refused.GetProperty("state").GetString());
        var findings = refused.GetProperty("findings").EnumerateArray().ToList();
        Assert.Contains(findings, f => f.GetProperty("row").GetInt64() == 2 && f.GetProperty("column").GetString() == "备注"
            && f.GetProperty("kind").GetString() == "ResidentIdNumber" && f.GetProperty("masked").GetString() == "350802********0016");
        Assert.DoesNotContain("350802198511120016", refused.GetRawText());
        // Nothing staged is left, nothing is public, the review cannot approve it, and the dataset is free again.
        Assert.Empty(await _api.BlobsAsync("reports", $"staging/opening/350800/{entryId}/"));
        Assert.Empty(await _api.BlobsAsync("open", $"350800/{entryId}/"));
        await (await _api.Authority.PostAsJsonAsync($"/api/opening/publishes/{publishId}/review", new { decision = "Approve" })).ShouldBeProblem(HttpStatusCode.Conflict);
        await _api.RequestPublishAsync(entryId, 1);
    }

    [Fact]
    public async Task A_rejected_publish_is_never_public_and_a_rejection_needs_reasons()
    {
        var entryId = await _api.EntryAsync();
        await _api.WriteCuratedAsync(entryId, 1, OpeningSamples.Csv(OpeningSamples.Rows));
        await (await _api.ConfigureAsync(entryId, OpeningSamples.Plan())).ShouldBe(HttpStatusCode.OK);
        var publishId = await _api.RequestPublishAsync(entryId, 1);
        await _api.RunJobAsync("transform", publishId);
        (await (await _api.Authority.PostAsJsonAsync($"/api/opening/publishes/{publishId}/review", new { decision = "Reject" })).ShouldNameField("reasons")).ToString();
        var rejected = await _api.ReviewAsync(publishId, "Reject", "出生年份与地址区县组合仍可识别个人");
        Assert.Equal("Rejected", rejected.GetProperty("state").GetString());
        await _api.RunJobAsync("promote", publishId);
        Assert.Empty(await _api.BlobsAsync("open", $"350800/{entryId}/"));
        Assert.Empty(await _api.BlobsAsync("reports", $"staging/opening/350800/{entryId}/"));
        await (await _api.Public.GetAsync($"/api/open/350800/datasets/{entryId}")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_keyed_hash_plan_publishes_stable_pseudonyms_with_the_configured_secret()
    {
        var entryId = await _api.EntryAsync();
        await _api.WriteCuratedAsync(entryId, 1, OpeningSamples.Csv(OpeningSamples.Rows[0], OpeningSamples.Rows[0]));
        var plan = OpeningSamples.Plan() with
        {
            Items = [.. OpeningSamples.Plan().Items.Select(i => i.Item == "公民身份号码" ? new ItemDesensitization { Item = "公民身份号码", Method = DesensitizationMethod.KeyedHash } : i)],
        };
        await (await _api.ConfigureAsync(entryId, plan)).ShouldBe(HttpStatusCode.OK);
        var publishId = await _api.RequestPublishAsync(entryId, 1);
        await _api.RunJobAsync("transform", publishId);
        await _api.ReviewAsync(publishId, "Approve");
        await _api.RunJobAsync("promote", publishId);
        var csv = Encoding.UTF8.GetString((await _api.Container("open").GetBlobClient($"350800/{entryId}/v1/data.csv").DownloadContentAsync()).Value.Content.ToArray());
        var expected = OpeningSamples.Pseudonymizer(entryId).Apply("110101199003071233");
        Assert.Equal(2, csv.Split(expected).Length - 1);
    }

    [Fact]
    public async Task Configuration_must_cover_every_item_with_a_real_strategy_for_personal_ones_and_only_the_owner_sets_it()
    {
        var entryId = await _api.EntryAsync();
        var missing = OpeningSamples.Plan() with { Items = [.. OpeningSamples.Plan().Items.Where(i => i.Item != "公民身份号码")] };
        Assert.Contains("公民身份号码", await (await _api.ConfigureAsync(entryId, missing)).ShouldNameField("desensitization.items"));
        var none = OpeningSamples.Plan() with
        {
            Items = [.. OpeningSamples.Plan().Items.Select(i => i.Item == "姓名" ? new ItemDesensitization { Item = "姓名", Method = DesensitizationMethod.None } : i)],
        };
        await (await _api.ConfigureAsync(entryId, none)).ShouldNameField("desensitization.items[0].method");
        await (await _api.ConfigureAsync(entryId, OpeningSamples.Plan(), _api.OtherSteward)).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _api.ConfigureAsync(entryId, OpeningSamples.Plan(), _api.Authority)).ShouldBeProblem(HttpStatusCode.Forbidden);
        await (await _api.ConfigureAsync("..%2F..%2Fcurated", OpeningSamples.Plan())).ShouldBeProblem(HttpStatusCode.NotFound);

        var notOpen = await _api.Catalog.PublishAsync(OpeningApi.Body(Catalog.CatalogApi.NewCode("NO"), openType: "NotOpen"));
        await (await _api.ConfigureAsync(notOpen, OpeningSamples.Plan())).ShouldNameField("openType");

        // Publishing needs a configuration and an existing curated version of this entry.
        var unconfigured = await _api.EntryAsync();
        await (await _api.Steward.PostAsJsonAsync($"/api/opening/datasets/{unconfigured}/publishes", new { curatedVersion = 1 })).ShouldBeProblem(HttpStatusCode.Conflict);
        await (await _api.ConfigureAsync(entryId, OpeningSamples.Plan())).ShouldBe(HttpStatusCode.OK);
        await (await _api.Steward.PostAsJsonAsync($"/api/opening/datasets/{entryId}/publishes", new { curatedVersion = 7 })).ShouldNameField("curatedVersion");
        await _api.WriteCuratedAsync(entryId, 2, OpeningSamples.Csv(OpeningSamples.Rows), department: "11350800MB0001004N");
        await (await _api.Steward.PostAsJsonAsync($"/api/opening/datasets/{entryId}/publishes", new { curatedVersion = 2 })).ShouldNameField("curatedVersion");
    }
}

/// <summary>Without Opening:PseudonymSecret a keyed-hash plan is refused.</summary>
public sealed class OpeningWithoutSecretApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    [Fact]
    public async Task A_keyed_hash_plan_is_refused_when_no_secret_is_configured()
    {
        var api = new OpeningApi(app);
        var entryId = await api.EntryAsync();
        var plan = OpeningSamples.Plan() with
        {
            Items = [.. OpeningSamples.Plan().Items.Select(i => i.Item == "公民身份号码" ? new ItemDesensitization { Item = "公民身份号码", Method = DesensitizationMethod.KeyedHash } : i)],
        };
        Assert.Contains("PseudonymSecret", await (await api.ConfigureAsync(entryId, plan)).ShouldNameField("desensitization.items[1].method"));
        await (await api.ConfigureAsync(entryId, OpeningSamples.Plan())).ShouldBe(HttpStatusCode.OK);
    }
}
