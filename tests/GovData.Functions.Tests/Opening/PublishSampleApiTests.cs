using System.Net;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Opening;

/// <summary>The security reviewer sees the masked output beside the plan: the first rows of the staged file, never the curated one.</summary>
public sealed class PublishSampleApiTests(OpeningApp app) : IClassFixture<OpeningApp>
{
    private readonly OpeningApi _opening = new(app);

    [Fact]
    public async Task The_sample_is_the_first_rows_of_the_desensitized_file_and_only_while_it_awaits_publication()
    {
        var entryId = await _opening.EntryAsync();
        await _opening.WriteCuratedAsync(entryId, 1, OpeningSamples.Csv(OpeningSamples.Rows));
        await (await _opening.ConfigureAsync(entryId, OpeningSamples.Plan())).ShouldBe(HttpStatusCode.OK);
        var publishId = await _opening.RequestPublishAsync(entryId, 1);
        // Before the transform there is nothing to show.
        await (await _opening.Authority.GetAsync($"/api/opening/publishes/{publishId}/sample")).ShouldBeProblem(HttpStatusCode.Conflict);

        await _opening.RunJobAsync("transform", publishId);
        var sample = await (await _opening.Authority.GetAsync($"/api/opening/publishes/{publishId}/sample")).ShouldBe(HttpStatusCode.OK);
        var columns = sample.GetProperty("columns").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("姓名", columns);
        Assert.DoesNotContain("银行卡号", columns);
        var rows = sample.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(OpeningSamples.Rows.Length, rows.Count);
        var text = sample.ToString();
        foreach (var secret in new[] { "110101199003071233", "13812345678", "zhangsan@example.com", "张三" })
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.StartsWith("张", rows[0][columns.IndexOf("姓名")].GetString());

        // Another department sees nothing; the public file is the staged one, so after promotion the sample is gone.
        await (await _opening.OtherSteward.GetAsync($"/api/opening/publishes/{publishId}/sample")).ShouldBeProblem(HttpStatusCode.NotFound);
        await _opening.ReviewAsync(publishId, "Approve");
        await _opening.RunJobAsync("promote", publishId);
        await (await _opening.Authority.GetAsync($"/api/opening/publishes/{publishId}/sample")).ShouldBeProblem(HttpStatusCode.Conflict);
    }
}
