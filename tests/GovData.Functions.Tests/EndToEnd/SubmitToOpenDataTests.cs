using System.Net;
using System.Net.Http.Json;
using System.Text;
using GovData.Functions.Tests.Aggregation;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Tests.Opening;

namespace GovData.Functions.Tests.EndToEnd;

/// <summary>
/// The features as one chain, with no hand-written blobs in between: a department's upload becomes a curated version
/// through the aggregation trigger, and that version is desensitized, reviewed and published to the public portal.
/// </summary>
public sealed class SubmitToOpenDataTests(OpeningApp app) : IClassFixture<OpeningApp>
{
    private readonly AggregationApi _aggregation = new(app);
    private readonly OpeningApi _opening = new(app);

    [Fact]
    public async Task An_uploaded_file_is_curated_then_published_desensitized_to_the_public()
    {
        var entryId = await _opening.EntryAsync();
        var status = await _aggregation.SubmitAsync(entryId, Encoding.UTF8.GetBytes(OpeningSamples.Csv(OpeningSamples.Rows)));
        Assert.Equal("Accepted", status.GetProperty("state").GetString());
        Assert.Equal(1, status.GetProperty("version").GetInt32());

        await (await _opening.ConfigureAsync(entryId, OpeningSamples.Plan())).ShouldBe(HttpStatusCode.OK);
        var publishId = await _opening.RequestPublishAsync(entryId, 1);
        await _opening.RunJobAsync("transform", publishId);
        Assert.Equal("AwaitingReview", (await _opening.PublishAsync(publishId)).GetProperty("state").GetString());
        // Nothing is public before the DataAuthority's security review.
        Assert.Equal(HttpStatusCode.NotFound, (await _opening.Public.GetAsync($"/api/open/350800/datasets/{entryId}/versions/1/data.csv")).StatusCode);

        await _opening.ReviewAsync(publishId, "Approve");
        await _opening.RunJobAsync("promote", publishId);
        var download = await _opening.Public.GetAsync($"/api/open/350800/datasets/{entryId}/versions/1/data.csv");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var text = await download.Content.ReadAsStringAsync();
        Assert.StartsWith(OpeningSamples.Header.Replace(",银行卡号", "", StringComparison.Ordinal), text.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Equal(OpeningSamples.Rows.Length + 1, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        // The curated file held these in clear; the public one must not.
        foreach (var secret in new[] { "110101199003071233", "13812345678", "6222021234567890128", "zhangsan@example.com", "张三" })
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_curated_version_removed_by_an_approved_request_cannot_be_published()
    {
        var entryId = await _opening.EntryAsync();
        Assert.Equal("Accepted", (await _aggregation.SubmitAsync(entryId, Encoding.UTF8.GetBytes(OpeningSamples.Csv(OpeningSamples.Rows)))).GetProperty("state").GetString());
        await (await _opening.ConfigureAsync(entryId, OpeningSamples.Plan())).ShouldBe(HttpStatusCode.OK);
        var request = await (await _aggregation.Steward.PostAsJsonAsync($"/api/aggregation/entries/{entryId}/versions/1/removal-requests",
            new { reason = "误报了测试数据" })).ShouldBe(HttpStatusCode.Created);
        await (await app.DataAuthority().PostAsJsonAsync($"/api/aggregation/removal-requests/{request.GetProperty("id").GetString()}/decision",
            new { decision = "Approve", reason = "核实无误" })).ShouldBe(HttpStatusCode.OK);

        // Its blobs are kept (nothing is deleted), but it is no longer data anyone may open.
        var refused = await _opening.Steward.PostAsJsonAsync($"/api/opening/datasets/{entryId}/publishes", new { curatedVersion = 1 });
        await refused.ShouldBeProblem(HttpStatusCode.Conflict);
    }
}
