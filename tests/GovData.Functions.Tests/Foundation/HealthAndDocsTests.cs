using System.Net;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Foundation;

/// <summary>Health, the OpenAPI document and the API reference page.</summary>
public sealed class HealthAndDocsTests : IClassFixture<GovDataApp>
{
    private readonly GovDataApp _app;

    public HealthAndDocsTests(GovDataApp app) => _app = app;

    [Fact]
    public async Task Health_reports_blob_queue_and_cosmos_healthy()
    {
        var body = await (await _app.CreateClient().GetAsync("/api/health")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        foreach (var check in new[] { "blob", "queue", "cosmos" })
            Assert.Equal("Healthy", body.GetProperty("checks").GetProperty(check).GetString());
    }

    [Fact]
    public async Task Every_refusal_in_the_OpenAPI_document_is_described_as_problem_json_with_its_Chinese_beside_the_English()
    {
        var body = await (await _app.CreateClient().GetAsync("/api/openapi/v1.json")).ShouldBe(HttpStatusCode.OK);
        var refusals = 0;
        foreach (var path in body.GetProperty("paths").EnumerateObject())
        foreach (var operation in path.Value.EnumerateObject())
        foreach (var response in operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4'))
        {
            if (!response.Value.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out var problem)) continue;
            refusals++;
            Assert.True(problem.GetProperty("schema").GetProperty("$ref").GetString() == "#/components/schemas/ProblemDocument", $"{operation.Name} {path.Name} {response.Name}");
        }
        Assert.True(refusals > 100, $"{refusals} refusals described");
        var schema = body.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDocument").GetProperty("properties");
        foreach (var member in new[] { "type", "title", "status", "detail", "detailZh", "errors", "rule", "traceId" })
            Assert.True(schema.TryGetProperty(member, out _), member);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_endpoints_and_the_bearer_scheme()
    {
        var body = await (await _app.CreateClient().GetAsync("/api/openapi/v1.json")).ShouldBe(HttpStatusCode.OK);
        Assert.True(body.GetProperty("paths").TryGetProperty("/api/jurisdictions/{code}", out _));
        Assert.True(body.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
    }

    [Fact]
    public async Task The_API_reference_page_is_served()
    {
        var response = await _app.CreateClient().GetAsync("/api/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
