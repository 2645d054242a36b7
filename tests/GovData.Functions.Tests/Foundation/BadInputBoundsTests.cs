using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Foundation;

/// <summary>Issue 17: a JSON body in a charset the API does not read is 415 naming the accepted one; a date parameter outside its stated range is 400.</summary>
public sealed class BadInputBoundsTests(GovDataApp app) : IClassFixture<GovDataApp>
{
    private static ByteArrayContent Json(string json, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    [Theory]
    [InlineData("application/json; charset=nonsense")]
    [InlineData("application/json; charset=\"\"")]
    [InlineData("application/json; charset=gbk")]
    [InlineData("application/json; charset=utf8")]
    [InlineData("application/json;charset=")]
    public async Task A_json_body_in_another_charset_is_415_naming_utf8_on_every_kind_of_endpoint(string contentType)
    {
        var body = "{\"title\":\"需求\",\"description\":\"x\",\"contact\":\"a@b.cn\"}";
        // The anonymous portal and a token holder's operation (HTTP functions of their own), and a token holder's pipeline endpoint.
        var calls = new (HttpClient Client, string Path)[]
        {
            (app.CreateClient(), "/api/open/350800/demands"),
            (app.DataAuthority(), "/api/jurisdictions/350800/departments"),
            (app.ClientFor(DemoJurisdiction.PublicSecurity, Role.DataSteward), "/api/sharing/requests"),
        };
        foreach (var (client, path) in calls)
            for (var run = 0; run < 2; run++)
            {
                var problem = await (await client.PostAsync(path, Json(body, contentType))).ShouldBeProblem(HttpStatusCode.UnsupportedMediaType);
                Assert.Equal(["utf-8"], problem.GetProperty("acceptedCharsets").EnumerateArray().Select(e => e.GetString()));
                Assert.Equal("Content-Type", problem.GetProperty("errors")[0].GetProperty("field").GetString());
            }
        // UTF-8, named in any case, or no charset at all, is read.
        await (await app.DataAuthority().PostAsync("/api/jurisdictions/350800/departments", Json("{\"code\":\"x\"}", "application/json; charset=UTF-8"))).ShouldNameField("name");
        await (await app.DataAuthority().PostAsync("/api/jurisdictions/350800/departments", Json("{\"code\":\"x\"}", "application/json"))).ShouldNameField("name");
    }

    [Theory]
    [InlineData("/api/audit/records?to=0001-01-01", "to")]
    [InlineData("/api/audit/records?to=9999-12-31T23:59:59Z", "to")]
    [InlineData("/api/audit/records?from=1999-12-31T15:59:59Z", "from")]
    [InlineData("/api/audit/usage?to=0001-01-01", "to")]
    [InlineData("/api/audit/export?format=csv&to=0001-01-01", "to")]
    [InlineData("/api/audit/export?format=csv&from=9999-12-30&to=9999-12-31", "from")]
    [InlineData("/api/audit/verify?from=9999-12-31", "from")]
    [InlineData("/api/audit/verify?from=2026-01-01&to=9999-12-31", "to")]
    [InlineData("/api/audit/trail?from=9999-12-31", "from")]
    [InlineData("/api/audit/trail?from=2026-01-01&to=9999-12-31", "to")]
    [InlineData("/api/calendar/deadline?receivedAt=9999-12-31T23:59:59Z&workingDays=5", "receivedAt")]
    [InlineData("/api/jurisdictions/350800/rules?on=0001-01-01", "on")]
    public async Task A_date_outside_its_stated_range_is_400_naming_the_parameter(string path, string field)
    {
        var client = app.ClientFor(DemoJurisdiction.DataAuthority, Role.DataAuthority, Role.Auditor, Role.DataSteward);
        var reason = await (await client.GetAsync(path)).ShouldNameField(field);
        Assert.Contains("2000-01-01", reason);
    }

    [Theory]
    [InlineData("/api/audit/records?from=yesterday", "from")]
    [InlineData("/api/audit/records?to=2026-13-45T00:00:00Z", "to")]
    [InlineData("/api/audit/usage?from=not-a-time", "from")]
    [InlineData("/api/audit/usage?format=xml", "format")]
    [InlineData("/api/audit/export?format=csv&to=soon", "to")]
    [InlineData("/api/audit/export?format=xlsx", "format")]
    [InlineData("/api/audit/verify", "from")]
    [InlineData("/api/audit/verify?from=2026-02-30", "from")]
    [InlineData("/api/audit/verify?from=2026-01-01&to=later", "to")]
    [InlineData("/api/audit/trail?from=x", "from")]
    [InlineData("/api/audit/trail?from=2026-01-01&to=2026-01-01T99", "to")]
    [InlineData("/api/audit/usage/reports/2026-W99", "period")]
    public async Task A_query_value_that_does_not_parse_is_400_naming_the_parameter(string path, string field)
    {
        var client = app.ClientFor(DemoJurisdiction.DataAuthority, Role.DataAuthority, Role.Auditor, Role.DataSteward);
        await (await client.GetAsync(path)).ShouldNameField(field);
    }

    [Fact]
    public async Task Dates_at_the_edges_of_the_range_are_accepted_and_the_OpenAPI_document_states_the_range()
    {
        var client = app.ClientFor(DemoJurisdiction.DataAuthority, Role.DataAuthority, Role.Auditor);
        await (await client.GetAsync("/api/audit/records?from=2000-01-01T00:00:00%2B08:00&to=2000-01-02T00:00:00%2B08:00")).ShouldBe(HttpStatusCode.OK);
        await (await client.GetAsync("/api/audit/verify?from=2099-12-31")).ShouldBe(HttpStatusCode.OK);

        using var doc = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/openapi/v1.json"));
        var dated = doc.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Value.TryGetProperty("parameters", out _)).SelectMany(o => o.Value.GetProperty("parameters").EnumerateArray()))
            .Where(p => p.TryGetProperty("schema", out var s) && s.TryGetProperty("format", out var f) && f.GetString() is "date" or "date-time")
            .ToList();
        Assert.True(dated.Count >= 9, $"only {dated.Count} date parameters in the document");
        Assert.All(dated, p =>
        {
            Assert.StartsWith("2000-01-01", p.GetProperty("schema").GetProperty("x-minimum").GetString());
            Assert.StartsWith("2099-12-31", p.GetProperty("schema").GetProperty("x-maximum").GetString());
            Assert.Contains("outside that range the answer is 400", p.GetProperty("description").GetString());
        });
    }
}
