using System.Net;
using System.Text.Json;

namespace GovData.Functions.Tests.Infrastructure;

/// <summary>Assertions on HTTP answers: status, problem+json shape, named fields.</summary>
public static class HttpAssertions
{
    /// <summary>Asserts the status and returns the body as JSON.</summary>
    public static async Task<JsonElement> ShouldBe(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {status}, got {(int)response.StatusCode} {response.StatusCode}: {text}");
        if (string.IsNullOrWhiteSpace(text)) return default;
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts a problem+json answer with this status, and returns it.</summary>
    public static async Task<JsonElement> ShouldBeProblem(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.ShouldBe(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("title").GetString()));
        var text = body.GetRawText();
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception", text);
        return body;
    }

    /// <summary>Asserts a 400 problem that names <paramref name="field"/>, and returns its reason.</summary>
    public static async Task<string> ShouldNameField(this HttpResponseMessage response, string field)
    {
        var body = await response.ShouldBeProblem(HttpStatusCode.BadRequest);
        var errors = body.GetProperty("errors").EnumerateArray().ToList();
        var match = errors.FirstOrDefault(e => e.GetProperty("field").GetString()!.Split(", ").Contains(field));
        Assert.True(match.ValueKind != JsonValueKind.Undefined, $"no error names '{field}': {body}");
        var reason = match.GetProperty("reason").GetString();
        Assert.False(string.IsNullOrWhiteSpace(reason));
        return reason!;
    }
}
