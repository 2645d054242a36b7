using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GovData.Functions.Tests.Security;

/// <summary>
/// Thousands of malformed requests across every endpoint (random JSON, wrong types, huge strings, control characters,
/// invalid UTF-8, hostile ids and query values): never a 500, every error a problem+json.
/// </summary>
public sealed class FuzzTests : IClassFixture<GovDataApp>
{
    // Several thousand requests in all, however many endpoints there are.
    private const int TotalRequests = 3000;
    private const int MinimumPerEndpoint = 48;
    private readonly GovDataApp _app;
    private readonly ITestOutputHelper _output;

    public FuzzTests(GovDataApp app, ITestOutputHelper output)
    {
        _app = app;
        _output = output;
    }

    private static readonly string[] HostileSegments =
    [
        // (An encoded NUL is refused by Kestrel before the app sees it; the in-memory test server throws on it instead, so it is not sent here.)
        "..%2F..%2Fetc%2Fpasswd", "'%20OR%201=1--", "\" OR c.jurisdiction != \"", "%E0%A4%A", new string('a', 2000), "-1", "99999999999999999999",
        "%F0%9F%92%A9", "x%0D%0ASet-Cookie:%20a=b", "SELECT%20*%20FROM%20c", "%7B%7D", "..", "NaN", "1e309",
    ];

    private static string RandomJson(Random r, int depth = 0)
    {
        switch (r.Next(depth > 3 ? 6 : 9))
        {
            case 0: return "null";
            case 1: return r.Next(2) == 0 ? "true" : "false";
            case 2: return r.Next(3) switch { 0 => "-0", 1 => "1e400", _ => r.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) };
            case 3: return "\"" + RandomString(r) + "\"";
            case 4: return "\"" + new string('字', r.Next(1, 5000)) + "\"";
            case 5: return "\"2026-02-30\"";
            case 6: return "[" + string.Join(",", Enumerable.Range(0, r.Next(4)).Select(_ => RandomJson(r, depth + 1))) + "]";
            default:
                var keys = new[] { "name", "code", "status", "department", "jurisdiction", "version", "id", "purpose", "dataItems", "roles", "userId", "year", "basedOnVersion", "rules", "__proto__", "", "_etag" };
                return "{" + string.Join(",", Enumerable.Range(0, r.Next(5)).Select(_ => $"\"{keys[r.Next(keys.Length)]}\":{RandomJson(r, depth + 1)}")) + "}";
        }
    }

    private static string RandomString(Random r)
    {
        var chars = Enumerable.Range(0, r.Next(0, 40)).Select(_ => r.Next(6) switch
        {
            0 => (char)r.Next(0, 32),
            1 => '\\',
            2 => (char)r.Next(0x4E00, 0x9FA5),
            _ => (char)r.Next(32, 127),
        });
        return string.Concat(chars).Replace("\\", "\\\\").Replace("\"", "\\\"") switch { var s => string.Concat(s.Select(c => c < 32 ? $"\\u{(int)c:x4}" : c.ToString())) };
    }

    private static HttpContent Body(Random r)
    {
        switch (r.Next(8))
        {
            case 0: return new ByteArrayContent([0xC3, 0x28, 0xA0, 0xA1, 0xFF, 0xFE]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            case 1: return new StringContent("{\"a\":" + new string('[', 200), Encoding.UTF8, "application/json");
            case 2: return new StringContent(RandomJson(r), Encoding.UTF8, "text/plain");
            case 3 when r.Next(4) == 0: return new StringContent("{\"name\":\"" + new string('x', 300_000) + "\"}", Encoding.UTF8, "application/json");
            case 4: return new StringContent("", Encoding.UTF8, "application/json");
            case 5: return new ByteArrayContent(Encoding.GetEncoding("utf-16").GetBytes("{\"name\":\"数据\"}")) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            default: return new StringContent(RandomJson(r), Encoding.UTF8, "application/json");
        }
    }

    [Fact]
    public async Task Malformed_requests_to_every_endpoint_never_get_a_500_and_every_error_is_problem_json()
    {
        _app.CreateClient().Dispose();
        var endpoints = EndpointCatalog.All(_app.Services).Where(e => e.Template != "/api/docs" && !e.Template.StartsWith("/api/docs/", StringComparison.Ordinal)).ToList();
        var token = _app.TokenFor(DemoJurisdiction.DataAuthority, Enum.GetValues<Role>());
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var r = new Random(20261124);
        var failures = new List<string>();
        var sent = 0;
        var perEndpoint = Math.Max(MinimumPerEndpoint, TotalRequests / endpoints.Count);
        foreach (var e in endpoints)
        {
            for (var i = 0; i < perEndpoint; i++)
            {
                var path = e.Path;
                if (i % 3 == 1)
                {
                    // Replace the last segment with a hostile value, or add a hostile query string.
                    var cut = path.LastIndexOf('/');
                    path = cut > 4 && i % 2 == 0 ? path[..(cut + 1)] + HostileSegments[r.Next(HostileSegments.Length)] : path;
                }
                if (i % 4 == 2) path += "?from=" + HostileSegments[r.Next(HostileSegments.Length)] + "&to=" + Uri.EscapeDataString(RandomString(r)) + "&on=2026-13-45&version=-3&workingDays=9999999999&receivedAt=yesterday&keyword=" + Uri.EscapeDataString(RandomString(r));
                var request = new HttpRequestMessage(new HttpMethod(e.Method), path);
                if (e.Method is "POST" or "PUT" or "PATCH") request.Content = Body(r);
                HttpResponseMessage response;
                try { response = await client.SendAsync(request); }
                catch (Exception ex) { failures.Add($"{e.Method} {path}: threw {ex.GetType().Name}"); continue; }
                sent++;
                var status = (int)response.StatusCode;
                var type = response.Content.Headers.ContentType?.MediaType;
                if (status >= 500) failures.Add($"{e.Method} {path} -> {status}: {Truncate(await response.Content.ReadAsStringAsync())}");
                else if (status >= 400 && type != "application/problem+json") failures.Add($"{e.Method} {path} -> {status} as {type}");
            }
        }
        _output.WriteLine($"fuzz: {sent} requests to {endpoints.Count} endpoints, {failures.Count} failures");
        Assert.True(sent >= endpoints.Count * perEndpoint * 9 / 10);
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests failed:\n" + string.Join("\n", failures.Take(40)) + "\n" + string.Join("\n", _app.Logs.Entries.Take(5)));
    }

    private static string Truncate(string s) => s.Length > 300 ? s[..300] : s;
}
