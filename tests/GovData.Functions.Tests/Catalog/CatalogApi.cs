using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Catalog;

/// <summary>Helpers for driving the catalog over HTTP as its users do.</summary>
internal sealed class CatalogApi(GovDataApp app)
{
    public HttpClient Steward { get; } = app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward);
    public HttpClient Reviewer { get; } = app.ClientFor(DemoJurisdiction.PublicSecurity, Role.CatalogReviewer);
    public HttpClient Authority { get; } = app.DataAuthority();
    public HttpClient OtherSteward { get; } = app.ClientFor(DemoJurisdiction.MarketRegulation, Role.DataSteward);

    public static string NewCode(string prefix = "GA") => $"350800-{prefix}-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";

    public static object Body(string code, string name = "人口基本信息", string sharingType = "Conditional", string openType = "NotOpen",
        string updateCycle = "Daily", string[]? items = null, string summary = "常住人口的基本信息") => new
    {
        name,
        code,
        summary,
        dataItems = (items ?? ["姓名", "公民身份号码"]).Select(i => new { name = i, type = "String", required = true }).ToArray(),
        format = "数据库",
        sharingType,
        sharingConditions = sharingType == "Conditional" ? "仅用于政务服务" : null,
        legalBasis = sharingType == "Unconditional" ? null : "《居民身份证法》第十九条",
        sharingMethods = new[] { "Api" },
        openType,
        openConditions = openType == "OnApplication" ? "高校科研" : null,
        updateCycle,
    };

    public async Task<JsonElement> CreateAsync(object body, HttpClient? client = null) =>
        await (await (client ?? Steward).PostAsJsonAsync("/api/catalog/entries", body)).ShouldBe(HttpStatusCode.Created);

    /// <summary>Creates, submits, and approves through the department and the DataAuthority (Longyan's route).</summary>
    public async Task<string> PublishAsync(object body)
    {
        var id = (await CreateAsync(body)).GetProperty("id").GetString()!;
        await (await Steward.PostAsync($"/api/catalog/entries/{id}/submit", null)).ShouldBe(HttpStatusCode.OK);
        await Approve(Reviewer, id);
        var published = await Approve(Authority, id);
        Assert.Equal("Published", published.GetProperty("state").GetString());
        return id;
    }

    public async Task<JsonElement> Approve(HttpClient client, string id) =>
        await (await client.PostAsJsonAsync($"/api/catalog/entries/{id}/review", new { decision = "Approve" })).ShouldBe(HttpStatusCode.OK);
}
