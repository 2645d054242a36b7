using System.Net;
using System.Net.Http.Json;
using System.Text;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Infrastructure;

namespace GovData.Functions.Tests.Foundation;

/// <summary>Every error is problem+json naming the field and the reason, and nothing is changed.</summary>
public sealed class ErrorHandlingTests : IClassFixture<GovDataApp>
{
    private readonly GovDataApp _app;
    private readonly HttpClient _authority;

    public ErrorHandlingTests(GovDataApp app)
    {
        _app = app;
        _authority = app.DataAuthority();
    }

    private Task<HttpResponseMessage> PostRaw(string json, string path = "/api/jurisdictions/350800/departments") =>
        _authority.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task An_unknown_route_is_404_problem_json()
    {
        await (await _authority.GetAsync("/api/no-such-thing")).ShouldBeProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_method_is_405_problem_json()
    {
        var health = await _authority.DeleteAsync("/api/health");
        Assert.Equal(["GET"], health.Content.Headers.Allow);
        await health.ShouldBeProblem(HttpStatusCode.MethodNotAllowed);
        // A parameter route too: the path fits share requests' events, which take only POST.
        var events = await _authority.GetAsync("/api/sharing/requests/some-id/events/approve");
        Assert.Contains("POST", events.Content.Headers.Allow);
        await events.ShouldBeProblem(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Malformed_json_is_400_naming_the_body()
    {
        var reason = await (await PostRaw("{\"code\": \"11350800MB0001006W\", \"name\": ")).ShouldNameField("body");
        Assert.Contains("not valid JSON", reason);
    }

    [Fact]
    public async Task A_wrong_type_names_the_field()
    {
        var reason = await (await PostRaw("{\"code\": 42, \"name\": \"x\"}")).ShouldNameField("code");
        Assert.Contains("string", reason);
    }

    [Fact]
    public async Task An_unknown_enum_value_lists_the_allowed_ones()
    {
        var reason = await (await PostRaw("{\"code\": \"11350800MB0001006W\", \"name\": \"x\", \"kind\": \"Ministry\"}")).ShouldNameField("kind");
        Assert.Contains("DataAuthority", reason);
    }

    [Fact]
    public async Task An_enum_given_as_a_number_is_refused()
    {
        await (await PostRaw("{\"code\": \"11350800MB0001006W\", \"name\": \"x\", \"kind\": 1}")).ShouldNameField("kind");
    }

    [Fact]
    public async Task A_field_the_caller_may_not_set_is_refused_and_nothing_changes()
    {
        var reason = await (await PostRaw("{\"code\": \"11350800MB0001006W\", \"name\": \"x\", \"jurisdiction\": \"110000\"}")).ShouldNameField("jurisdiction");
        Assert.Contains("cannot be set", reason.Replace("is not a field that can be set", "cannot be set"));
        var j = await (await _authority.GetAsync("/api/jurisdictions/350800")).ShouldBe(HttpStatusCode.OK);
        Assert.DoesNotContain(j.GetProperty("units").EnumerateArray(), u => u.GetProperty("code").GetString() == "11350800MB0001006W");
    }

    [Fact]
    public async Task A_refused_field_carries_its_reason_in_Chinese_beside_the_English()
    {
        var missing = await (await PostRaw("{\"kind\": \"Department\"}")).ShouldBeProblem(HttpStatusCode.BadRequest);
        var error = missing.GetProperty("errors").EnumerateArray().First(e => e.GetProperty("field").GetString()!.Split(", ").Contains("code"));
        Assert.Equal("is required", error.GetProperty("reason").GetString());
        Assert.Equal("必填", error.GetProperty("reasonZh").GetString());

        var kind = (await (await PostRaw("{\"code\": \"11350800MB0001006W\", \"name\": \"x\", \"kind\": \"Ministry\"}")).ShouldBeProblem(HttpStatusCode.BadRequest))
            .GetProperty("errors")[0];
        Assert.StartsWith("应为以下之一：", kind.GetProperty("reasonZh").GetString());
        Assert.Contains("DataAuthority", kind.GetProperty("reasonZh").GetString());
    }

    [Fact]
    public async Task Missing_required_fields_are_named()
    {
        await (await PostRaw("{\"kind\": \"Department\"}")).ShouldNameField("code");
    }

    [Fact]
    public async Task Null_for_a_required_string_is_named()
    {
        await (await PostRaw("{\"code\": null, \"name\": \"x\"}")).ShouldNameField("code");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_problem_json()
    {
        var huge = "{\"code\": \"11350800MB0001006W\", \"name\": \"" + new string('x', 300_000) + "\"}";
        await (await PostRaw(huge)).ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_413_too()
    {
        var huge = "{\"code\": \"11350800MB0001006W\", \"name\": \"" + new string('x', 300_000) + "\"}";
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/jurisdictions/350800/departments") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        await (await _authority.SendAsync(request)).ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_wrong_content_type_is_415_problem_json()
    {
        var response = await _authority.PostAsync("/api/jurisdictions/350800/departments", new StringContent("code=1", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await response.ShouldBeProblem(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Domain_validation_names_every_bad_field()
    {
        var response = await _authority.PostAsJsonAsync("/api/jurisdictions/350800/departments", new { code = "11350800MB0001006X", name = "" });
        var body = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        var fields = body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains("code", fields);
        Assert.Contains("name", fields);
    }

    [Fact]
    public async Task Another_jurisdictions_authority_cannot_register_units_here()
    {
        var code = "11310000MB0001001";
        code += Domain.Identifiers.UnifiedSocialCreditCode.ComputeCheckCharacter(code);
        var other = _app.ClientFor(new Department(code, "上海市大数据中心", "310000", UnitKind.DataAuthority), Role.DataAuthority);
        var response = await other.PostAsJsonAsync("/api/jurisdictions/350800/departments", new { code = "11350800MB0001006W", name = "y" });
        await response.ShouldBeProblem(HttpStatusCode.Forbidden);
    }
}
