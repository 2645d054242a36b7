using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs.Specialized;
using GovData.Domain.Opening;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Opening;

/// <summary>A publish job that keeps failing is retried by the host, then recorded as failed so the dataset is not blocked for good.</summary>
public sealed class OpeningPublishFailureTests(OpeningApp app) : IClassFixture<OpeningApp>
{
    private readonly OpeningApi _api = new(app);

    private Task Deliver(string publishId, int dequeueCount) =>
        app.Triggers.InvokeQueueAsync("OpenPublish", JsonSerializer.Serialize(new { type = "transform", jurisdiction = "350800", publishId }), dequeueCount: dequeueCount);

    [Fact]
    public async Task A_transform_failing_on_every_delivery_is_recorded_on_the_last_and_frees_the_dataset()
    {
        var entryId = await _api.EntryAsync();
        await _api.WriteCuratedAsync(entryId, 1, OpeningSamples.Csv(OpeningSamples.Rows));
        await (await _api.ConfigureAsync(entryId, OpeningSamples.Plan())).ShouldBe(HttpStatusCode.OK);
        var publishId = await _api.RequestPublishAsync(entryId, 1);

        // A lease someone else holds on the staging blob makes every write of the job fail (412 lease id missing).
        var staged = _api.Container("reports").GetBlobClient(OpenDatasetRules.StagingBlob("350800", entryId, publishId, "csv"));
        await staged.UploadAsync(BinaryData.FromString("held"));
        var lease = staged.GetBlobLeaseClient();
        await lease.AcquireAsync(TimeSpan.FromSeconds(-1));
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Deliver(publishId, 1));
            Assert.Equal("Requested", (await _api.PublishAsync(publishId)).GetProperty("state").GetString());
            // While it is being retried, the dataset takes no second publish.
            await (await _api.Steward.PostAsync($"/api/opening/datasets/{entryId}/publishes",
                System.Net.Http.Json.JsonContent.Create(new { curatedVersion = 1 }))).ShouldBeProblem(HttpStatusCode.Conflict);

            await Deliver(publishId, 5);
            var failed = await _api.PublishAsync(publishId);
            Assert.Equal("Invalid", failed.GetProperty("state").GetString());
            Assert.Contains("failed 5 times", failed.GetRawText(), StringComparison.Ordinal);
        }
        finally
        {
            await lease.ReleaseAsync();
        }
        // Nothing reached the public container, and the department can publish again.
        Assert.Empty(await _api.BlobsAsync("open", $"350800/{entryId}/"));
        var again = await _api.RequestPublishAsync(entryId, 1);
        Assert.NotEqual(publishId, again);
    }
}
