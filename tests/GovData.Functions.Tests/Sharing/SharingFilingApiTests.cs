using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using GovData.Domain.Identifiers;
using GovData.Domain.Identity;
using GovData.Functions.Tests.Catalog;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Sharing;

/// <summary>Shijiazhuang (130100): Unconditional (共享類) data is used directly only after a filing (备案, 003 第八条).</summary>
public sealed class SharingFilingApiTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private const string Jur = "130100";

    private static string Code(string unit)
    {
        var first17 = "11130100MB000100" + unit;
        return first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
    }

    private HttpClient Client(string unit, Role role)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.TokenFor($"sjz-{unit}-{role}", Code(unit), Jur, role));
        return client;
    }

    [Fact]
    public async Task Direct_use_needs_a_filing_first_and_the_filing_is_recorded_once()
    {
        var steward = Client("3", Role.DataSteward);
        var body = SharingApi.EntryBody("Unconditional");
        var id = (await (await steward.PostAsJsonAsync("/api/catalog/entries", body)).ShouldBe(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await (await steward.PostAsync($"/api/catalog/entries/{id}/submit", null)).ShouldBe(HttpStatusCode.OK);
        await (await Client("3", Role.CatalogReviewer).PostAsJsonAsync($"/api/catalog/entries/{id}/review", new { decision = "Approve" })).ShouldBe(HttpStatusCode.OK);
        var published = await (await Client("1", Role.DataAuthority).PostAsJsonAsync($"/api/catalog/entries/{id}/review", new { decision = "Approve" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Published", published.GetProperty("state").GetString());

        var user = Client("4", Role.DataSteward);
        var use = new { items = new[] { "户籍地区划" }, method = "Api", purpose = "核验户籍" };
        var needsFiling = await (await user.PostAsJsonAsync($"/api/sharing/entries/{id}/access-check", use)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("sharing.unconditional", needsFiling.GetProperty("rule").GetString());
        Assert.Contains("第八条", needsFiling.GetProperty("detail").GetString());

        await (await user.PostAsJsonAsync("/api/sharing/filings", new { entryId = id, purpose = " " })).ShouldNameField("purpose");
        await (await user.PostAsJsonAsync("/api/sharing/filings", new { entryId = "nope", purpose = "核验户籍" })).ShouldNameField("entryId");
        var filed = await (await user.PostAsJsonAsync("/api/sharing/filings", new { entryId = id, purpose = "核验户籍" })).ShouldBe(HttpStatusCode.Created);
        Assert.Contains("sharing.unconditional", filed.GetProperty("rule").GetString());
        await (await user.PostAsJsonAsync("/api/sharing/filings", new { entryId = id, purpose = "核验户籍" })).ShouldBe(HttpStatusCode.OK);

        var ok = await (await user.PostAsJsonAsync($"/api/sharing/entries/{id}/access-check", use)).ShouldBe(HttpStatusCode.OK);
        Assert.True(ok.GetProperty("filed").GetBoolean());
        // Another department has not filed: still refused.
        await (await Client("5", Role.DataSteward).PostAsJsonAsync($"/api/sharing/entries/{id}/access-check", use)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
        // Unconditional data is never requested.
        await (await user.PostAsJsonAsync("/api/sharing/requests", SharingApi.RequestBody(id, items: ["户籍地区划"]))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity);
    }
}
