using System.Net;
using System.Text;
using System.Text.Json;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Opening;

/// <summary>The public portal without a token: list and search, metadata, DCAT, downloads with the source statement, counts.</summary>
public sealed class OpenPortalApiTests(OpeningApp app) : IClassFixture<OpeningApp>
{
    private readonly OpeningApi _api = new(app);

    [Fact]
    public async Task Anyone_lists_searches_reads_and_downloads_a_published_dataset_with_its_source_and_date()
    {
        var entryId = await _api.PublishedAsync();
        var list = await (await _api.Public.GetAsync("/api/open/350800/datasets")).ShouldBe(HttpStatusCode.OK);
        var item = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == entryId);
        Assert.Equal(1, item.GetProperty("versions").GetArrayLength());
        Assert.Equal("龙岩市公安局", item.GetProperty("departmentName").GetString());
        var name = item.GetProperty("name").GetString()!;
        var found = await (await _api.Public.GetAsync("/api/open/350800/datasets?keyword=" + Uri.EscapeDataString(name))).ShouldBe(HttpStatusCode.OK);
        Assert.Single(found.GetProperty("items").EnumerateArray());
        var none = await (await _api.Public.GetAsync("/api/open/350800/datasets?keyword=nothing-like-this")).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(none.GetProperty("items").EnumerateArray());

        var meta = await (await _api.Public.GetAsync($"/api/open/350800/datasets/{entryId}")).ShouldBe(HttpStatusCode.OK);
        Assert.Contains("数据来源：龙岩市公安局", meta.GetProperty("source").GetString());
        Assert.Equal("2026-11-20", meta.GetProperty("versions")[0].GetProperty("dateObtained").GetString());
        Assert.False(meta.TryGetProperty("configuration", out _));

        var dcatResponse = await _api.Public.GetAsync($"/api/open/350800/datasets/{entryId}/dcat");
        Assert.Equal("application/ld+json", dcatResponse.Content.Headers.ContentType?.MediaType);
        var dcat = await dcatResponse.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("dcat:Dataset", dcat.GetProperty("@type").GetString());
        Assert.Equal(2, dcat.GetProperty("dcat:distribution").GetArrayLength());
        Assert.EndsWith($"/api/open/350800/datasets/{entryId}/versions/1/data.csv", dcat.GetProperty("dcat:distribution")[0].GetProperty("dcat:downloadURL").GetProperty("@id").GetString());
        Assert.Equal("http://publications.europa.eu/resource/authority/access-right/PUBLIC", dcat.GetProperty("dct:accessRights").GetProperty("@id").GetString());

        var csv = await _api.Public.GetAsync($"/api/open/350800/datasets/{entryId}/versions/1/data.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var source = csv.Headers.GetValues("X-GovData-Source").Single();
        Assert.Contains("department=11350800MB0001003K", source);
        Assert.Contains("date-obtained=2026-11-20", source);
        Assert.Contains("数据来源：龙岩市公安局", Uri.UnescapeDataString(csv.Headers.GetValues("X-GovData-Source-Statement").Single()["UTF-8''".Length..]));
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.Contains("138****5678", text);
        Assert.DoesNotContain("13812345678", text);

        var jsonl = await _api.Public.GetAsync($"/api/open/350800/datasets/{entryId}/versions/1/data.jsonl");
        Assert.Equal(HttpStatusCode.OK, jsonl.StatusCode);
        var lines = (await jsonl.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal("张*", JsonDocument.Parse(lines[0]).RootElement.GetProperty("姓名").GetString());
        Assert.False(jsonl.Headers.Contains("X-GovData-Use-Restriction"));

        var counted = await (await _api.Public.GetAsync($"/api/open/350800/datasets/{entryId}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(2, counted.GetProperty("downloads").GetInt64());
    }

    [Fact]
    public async Task Concurrent_downloads_are_all_counted()
    {
        var entryId = await _api.PublishedAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => _api.Public.GetAsync($"/api/open/350800/datasets/{entryId}/versions/1/data.csv")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var meta = await (await _api.Public.GetAsync($"/api/open/350800/datasets/{entryId}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(12, meta.GetProperty("downloads").GetInt64());
    }

    [Fact]
    public async Task Unpublished_versions_bad_ids_and_anything_outside_open_are_unreachable()
    {
        var entryId = await _api.PublishedAsync();
        // Version 2 exists in curated and even in staging, awaiting review: still 404.
        await _api.WriteCuratedAsync(entryId, 2, OpeningSamples.Csv(OpeningSamples.Rows));
        var publishId = await _api.RequestPublishAsync(entryId, 2);
        await _api.RunJobAsync("transform", publishId);
        Assert.Equal(2, (await _api.PublishAsync(publishId)).GetProperty("version").GetInt32());
        await (await _api.Public.GetAsync($"/api/open/350800/datasets/{entryId}/versions/2/data.csv")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _api.Public.GetAsync($"/api/open/350800/datasets/{entryId}/versions/0/data.csv")).ShouldBeProblem(HttpStatusCode.NotFound);

        await (await _api.Public.GetAsync("/api/open/350800/datasets/..%2F..%2Fcurated%2F350800/versions/1/data.csv")).ShouldNameField("id");
        await (await _api.Public.GetAsync("/api/open/350800/datasets/a.b/versions/1/data.csv")).ShouldNameField("id");
        await (await _api.Public.GetAsync("/api/open/35080X/datasets")).ShouldNameField("jurisdiction");
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Public.GetAsync($"/api/open/350800/datasets/{entryId}/versions/1/data.xlsx")).StatusCode);
        // An entry that exists in the catalog but was never published as open data.
        var unpublished = await _api.EntryAsync();
        await (await _api.Public.GetAsync($"/api/open/350800/datasets/{unpublished}")).ShouldBeProblem(HttpStatusCode.NotFound);
        await (await _api.Public.GetAsync($"/api/open/350800/datasets/{unpublished}/dcat")).ShouldBeProblem(HttpStatusCode.NotFound);
    }
}
