using System.Net;
using System.Text.Json;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Catalog;

/// <summary>Accepting Chinese labels must not cost the OpenAPI document its enumerations: clients still see the names.</summary>
public sealed class ChineseLabelOpenApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    [Fact]
    public async Task The_OpenAPI_document_still_lists_the_enum_names()
    {
        var doc = await (await app.CreateClient().GetAsync("/api/openapi/v1.json")).ShouldBe(HttpStatusCode.OK);
        var text = doc.GetRawText();
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        var sharingType = schemas.EnumerateObject().FirstOrDefault(s => s.Name == "SharingType");
        Assert.True(sharingType.Value.ValueKind == JsonValueKind.Object, "no SharingType schema in: " + string.Join(", ", schemas.EnumerateObject().Select(s => s.Name).Take(40)));
        Assert.Equal(["Unconditional", "Conditional", "NotShared"], sharingType.Value.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("无条件共享", text, StringComparison.Ordinal);
    }
}
