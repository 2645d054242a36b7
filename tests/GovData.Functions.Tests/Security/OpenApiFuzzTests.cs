using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GovData.Domain.Identity;
using GovData.Domain.Jurisdictions;
using GovData.Functions.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GovData.Functions.Tests.Security;

/// <summary>
/// Requests generated from the app's own OpenAPI document (<c>/api/openapi/v1.json</c>), over real Kestrel: every operation
/// gets its parameters at and past their types and stated bounds (dates at the edges of the calendar, numbers past int
/// range), bodies built from its schema and then broken (wrong types, huge and deeply nested, invalid UTF-8, charsets the
/// API does not read), hostile path segments and odd header values. No answer may be a 5xx, and none may take longer than
/// the client's patience. The status histogram is written to the test output.
/// </summary>
public sealed class OpenApiFuzzTests : IClassFixture<GovDataApp>
{
    // About 25 requests an operation: ~3,500 in all, a minute or two on two cores.
    private const int PerOperation = 25;
    private readonly GovDataApp _app;
    private readonly ITestOutputHelper _output;

    public OpenApiFuzzTests(GovDataApp app, ITestOutputHelper output)
    {
        _app = app;
        _output = output;
        // The audit trail is shared by every app of the test run (it is keyed by jurisdiction, not by database): the thousands of
        // audited calls made here (hundreds of them audit exports and reads) are dated weeks after the other tests' clocks, so no
        // other test's query window sees them.
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 12, 21, 10, 0, 0, TimeSpan.FromHours(8)));
    }

    private sealed record Operation(string Method, string Path, JsonObject Node);

    private static readonly string[] HostileSegments =
    [
        "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%E0%A4%A", "%C3%28", "%F0%9F%92%A9", new string('a', 3000), "-1", "99999999999999999999",
        "x%0D%0ASet-Cookie:%20a=b", "'%20OR%201=1--", "%22%20OR%20c.jurisdiction%20!=%20%22", "%25", "%2F", "%5C..%5C", "NaN", "%7B%7D", "%20",
    ];

    private static readonly string[] Charsets = ["nonsense", "\"\"", "gbk", "utf-16", "UTF-8", "utf8", "latin1", "x-unknown", "utf-32", "us-ascii"];

    [Fact]
    public async Task Requests_generated_from_the_OpenAPI_document_never_get_a_5xx()
    {
        var anonymous = _app.CreateClient();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/api/openapi/v1.json"))!.AsObject();
        var schemas = document["components"]?["schemas"]?.AsObject();
        var operations = new List<Operation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var (method, node) in item!.AsObject())
                if (method is "get" or "post" or "put" or "patch" or "delete" && !path.StartsWith("/api/docs", StringComparison.Ordinal))
                    operations.Add(new Operation(method.ToUpperInvariant(), path, node!.AsObject()));
        Assert.True(operations.Count > 100, $"the OpenAPI document lists only {operations.Count} operations");

        var token = _app.TokenFor(DemoJurisdiction.DataAuthority, Enum.GetValues<Role>());
        using var client = new HttpClient { BaseAddress = _app.Address, Timeout = TimeSpan.FromSeconds(30) };
        var histogram = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentBag<string>();
        var sent = 0;
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(operations.Select((o, i) => (o, i)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (x, _) =>
        {
            var (op, index) = x;
            var r = new Random(20261203 + index);
            for (var i = 0; i < PerOperation; i++)
            {
                using var request = Build(op, schemas, r, i, token);
                var shown = $"{request.Method} {request.RequestUri}";
                if (shown.Length > 300) shown = shown[..300] + "…";
                if (request.Content?.Headers.ContentType is { } type) shown += $" [{type}]";
                try
                {
                    using var response = await client.SendAsync(request);
                    Interlocked.Increment(ref sent);
                    var status = (int)response.StatusCode;
                    histogram.AddOrUpdate(status, 1, (_, n) => n + 1);
                    if (status >= 500) failures.Add($"{shown} -> {status}: {Truncate(await response.Content.ReadAsStringAsync())}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref sent);
                    histogram.AddOrUpdate(0, 1, (_, n) => n + 1);
                    failures.Add($"{shown} -> no answer ({e.GetType().Name}: {e.Message})");
                }
            }
        });
        _output.WriteLine($"openapi fuzz: {sent} requests to {operations.Count} operations in {started.Elapsed.TotalSeconds:0} s");
        _output.WriteLine("status histogram: " + string.Join(", ", histogram.OrderBy(h => h.Key).Select(h => $"{(h.Key == 0 ? "no answer" : h.Key.ToString(CultureInfo.InvariantCulture))} × {h.Value}")));
        _output.WriteLine($"5xx or no answer: {failures.Count}");
        foreach (var f in failures.Take(60)) _output.WriteLine("  " + f);
        var report = Path.Combine(Emulators.RepoRoot, "TestResults", "openapi-fuzz.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(report)!);
        await File.WriteAllLinesAsync(report, [$"{sent} requests, {operations.Count} operations", .. histogram.OrderBy(h => h.Key).Select(h => $"{h.Key} x {h.Value}"), .. failures]);
        Assert.True(failures.IsEmpty, $"{failures.Count} of {sent} requests got a 5xx or no answer:\n" + string.Join("\n", failures.Take(40)));
    }

    private static HttpRequestMessage Build(Operation op, JsonObject? schemas, Random r, int i, string token)
    {
        var parameters = op.Node["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
        // Case i picks what is stressed this time; the rest of the request stays plausible, so the stress reaches the code behind it.
        var stress = i % 6;
        var path = op.Path;
        var query = new List<string>();
        foreach (var p in parameters)
        {
            var name = p["name"]!.GetValue<string>();
            var location = p["in"]!.GetValue<string>();
            var schema = Resolve(p["schema"], schemas);
            if (location == "path")
            {
                var value = stress == 1 && r.Next(2) == 0 ? HostileSegments[r.Next(HostileSegments.Length)] : Uri.EscapeDataString(PathValue(name, schema, r));
                path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
            }
            else if (location == "query")
            {
                if (stress != 2 && r.Next(3) == 0) continue;
                var value = stress == 2 ? Hostile(schema, r) : Plausible(name, schema, r);
                query.Add(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value));
            }
        }
        if (stress == 2 && r.Next(3) == 0) query.Add("from=0001-01-01&to=9999-12-31T23:59:59Z&on=0001-01-01&year=-1&period=9999-99");
        var request = new HttpRequestMessage(new HttpMethod(op.Method), path + (query.Count > 0 ? "?" + string.Join("&", query) : ""));
        if (i % 10 != 9) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (stress == 3) AddOddHeaders(request, r);

        var body = op.Node["requestBody"]?["content"]?.AsObject();
        if (op.Method is "POST" or "PUT" or "PATCH")
        {
            var bodySchema = body?.FirstOrDefault().Value?["schema"] is { } s ? Resolve(s, schemas) : null;
            var json = (Value(bodySchema, schemas, r, 0, stress == 4 ? 0.3 : 0.05) ?? new JsonObject()).ToJsonString();
            request.Content = (stress, r.Next(7)) switch
            {
                (5, 0) => Json(Encoding.UTF8.GetBytes(json), "application/json; charset=" + Charsets[r.Next(Charsets.Length)]),
                (5, 1) => Json([0xC3, 0x28, 0xA0, 0xA1, 0xFF, 0xFE, 0x7B], "application/json"),
                (5, 2) => Json(Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)), "application/json"),
                (5, 3) => Json(Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', 3 * 1024 * 1024) + "\"}"), "application/json"),
                (5, 4) => Json(Encoding.UTF8.GetBytes(Deep(r.Next(60, 300))), "application/json"),
                (5, 5) => Json(Encoding.Unicode.GetBytes(json), "application/json; charset=utf-16"),
                (5, _) => Json(Encoding.UTF8.GetBytes(json), r.Next(3) switch { 0 => "text/plain", 1 => "application/json;charset=", _ => "application/xml" }),
                _ when i % 7 == 0 => Json(Encoding.UTF8.GetBytes(json), "application/json; charset=" + Charsets[r.Next(Charsets.Length)]),
                _ => Json(Encoding.UTF8.GetBytes(json), "application/json"),
            };
        }
        return request;
    }

    private static ByteArrayContent Json(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static string Deep(int depth)
    {
        var sb = new StringBuilder();
        for (var d = 0; d < depth; d++) sb.Append("{\"a\":");
        sb.Append("1");
        sb.Append('}', depth);
        return sb.ToString();
    }

    private static void AddOddHeaders(HttpRequestMessage request, Random r)
    {
        switch (r.Next(8))
        {
            case 0: request.Headers.TryAddWithoutValidation("If-Match", r.Next(2) == 0 ? "\"" + new string('x', 4000) + "\"" : "W/\"\", *, \"a"); break;
            case 1: request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJub25lIn0." + Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"sub\":\"x\"}")) + "."); break;
            case 2: request.Headers.TryAddWithoutValidation("X-Forwarded-For", r.Next(2) == 0 ? "not-an-address, ::ffff:999.1.1.1, " : string.Join(",", Enumerable.Repeat("10.0.0.1", 200))); break;
            case 3: request.Headers.TryAddWithoutValidation("Accept", "application/json;q=abc, */*;q=-1"); break;
            case 4: request.Headers.TryAddWithoutValidation("Accept-Language", new string('z', 6000)); break;
            case 5: request.Headers.TryAddWithoutValidation("If-None-Match", "*"); request.Headers.TryAddWithoutValidation("Range", "bytes=9999999999-1"); break;
            case 6: request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + new string('A', 9000)); break;
            default: request.Headers.TryAddWithoutValidation("Origin", "null"); request.Headers.TryAddWithoutValidation("Cookie", "a=" + new string('b', 3000)); break;
        }
    }

    private static JsonObject? Resolve(JsonNode? schema, JsonObject? schemas)
    {
        for (var hops = 0; hops < 10 && schema?["$ref"] is { } reference; hops++)
            schema = schemas?[reference.GetValue<string>().Split('/').Last()];
        return schema as JsonObject;
    }

    private static string[] Types(JsonObject? schema) => schema?["type"] switch
    {
        JsonArray a => a.Select(t => t!.GetValue<string>()).ToArray(),
        JsonValue v => [v.GetValue<string>()],
        _ => schema?["oneOf"] is JsonArray || schema?["anyOf"] is JsonArray ? ["object"] : [],
    };

    private static string? Format(JsonObject? schema) => schema?["format"]?.GetValue<string>();

    private static string PathValue(string name, JsonObject? schema, Random r) => name.ToLowerInvariant() switch
    {
        "code" or "jurisdiction" => r.Next(4) == 0 ? "310000" : "350800",
        "department" => r.Next(3) == 0 ? "91310000MA1FL0000X" : DemoJurisdiction.PublicSecurity.Code,
        "year" => r.Next(3) switch { 0 => "2026", 1 => "1", _ => "99999" },
        "period" => r.Next(3) switch { 0 => "2026-11", 1 => "2026-Q4", _ => "0000-00" },
        "documentname" => "v1",
        _ => Plausible(name, schema, r),
    };

    private static string Plausible(string name, JsonObject? schema, Random r)
    {
        var types = Types(schema);
        var format = Format(schema);
        if (schema?["enum"] is JsonArray values && values.Count > 0) return values[r.Next(values.Count)]?.ToString() ?? "";
        if (format is "date") return r.Next(3) switch { 0 => "2026-11-24", 1 => "2026-01-01", _ => "2025-12-31" };
        if (format is "date-time") return r.Next(2) == 0 ? "2026-11-24T10:00:00+08:00" : "2026-11-01T00:00:00Z";
        if (types.Contains("integer")) return r.Next(0, 5).ToString(CultureInfo.InvariantCulture);
        if (types.Contains("number")) return "1.5";
        if (types.Contains("boolean")) return r.Next(2) == 0 ? "true" : "false";
        return name.ToLowerInvariant() switch
        {
            "format" => r.Next(3) switch { 0 => "csv", 1 => "jsonl", _ => "json" },
            "period" => "2026-11",
            "year" => "2026",
            "department" or "owner" => DemoJurisdiction.PublicSecurity.Code,
            _ => "x" + r.Next(1000).ToString(CultureInfo.InvariantCulture),
        };
    }

    private static string Hostile(JsonObject? schema, Random r)
    {
        var format = Format(schema);
        var types = Types(schema);
        if (format is "date" or "date-time")
            return r.Next(9) switch
            {
                0 => "0001-01-01", 1 => "9999-12-31", 2 => "9999-12-31T23:59:59Z", 3 => "0001-01-01T00:00:00+14:00", 4 => "2026-02-30",
                5 => "", 6 => "-0001-01-01", 7 => "9999-12-31T23:59:59.9999999-14:00", _ => "1970-01-01T00:00:00Z",
            };
        if (types.Contains("integer") || types.Contains("number"))
            return r.Next(8) switch { 0 => "-1", 1 => "2147483648", 2 => "-2147483649", 3 => "1e309", 4 => "NaN", 5 => "0x10", 6 => "", _ => "9223372036854775808" };
        if (types.Contains("boolean")) return r.Next(2) == 0 ? "maybe" : "";
        return r.Next(6) switch
        {
            0 => new string('字', 5000), 1 => "\u0000\u0001\u001f", 2 => "%", 3 => "' OR 1=1 --", 4 => "\" OR c.jurisdiction != \"", _ => "../../etc/passwd",
        };
    }

    /// <summary>A JSON value for <paramref name="schema"/>; with probability <paramref name="wrong"/> a value of another kind or past its bounds.</summary>
    private static JsonNode? Value(JsonObject? schema, JsonObject? schemas, Random r, int depth, double wrong)
    {
        if (depth > 6) return null;
        if (r.NextDouble() < wrong) return Wrong(r);
        if (schema?["enum"] is JsonArray values && values.Count > 0) return values[r.Next(values.Count)]?.DeepClone();
        var types = Types(schema);
        var format = Format(schema);
        if (format is "date") return r.Next(4) == 0 ? "9999-12-31" : "2026-11-24";
        if (format is "date-time") return r.Next(4) == 0 ? "0001-01-01T00:00:00Z" : "2026-11-24T10:00:00+08:00";
        if (types.Contains("object") || schema?["properties"] is JsonObject)
        {
            var o = new JsonObject();
            if (schema?["properties"] is JsonObject properties)
                foreach (var (name, property) in properties)
                    if (r.Next(5) != 0) o[name] = Value(Resolve(property, schemas), schemas, r, depth + 1, wrong);
            return o;
        }
        if (types.Contains("array"))
        {
            var a = new JsonArray();
            for (var n = r.Next(4); n > 0; n--) a.Add(Value(Resolve(schema?["items"], schemas), schemas, r, depth + 1, wrong));
            return a;
        }
        if (types.Contains("integer")) return r.Next(3) == 0 ? JsonValue.Create(r.Next(-5, 100)) : JsonValue.Create(r.Next(1, 5));
        if (types.Contains("number")) return JsonValue.Create(r.NextDouble() * 100);
        if (types.Contains("boolean")) return JsonValue.Create(r.Next(2) == 0);
        return JsonValue.Create(r.Next(5) switch { 0 => "350800", 1 => DemoJurisdiction.PublicSecurity.Code, 2 => "数据" + r.Next(100), 3 => "", _ => "x" });
    }

    private static JsonNode? Wrong(Random r) => r.Next(9) switch
    {
        0 => null,
        1 => JsonValue.Create(long.MaxValue),
        2 => JsonValue.Create(-1),
        3 => JsonValue.Create(new string('字', r.Next(1000, 20000))),
        4 => new JsonArray(JsonValue.Create(1), JsonValue.Create("a"), new JsonObject()),
        5 => new JsonObject { ["__proto__"] = new JsonObject(), ["_etag"] = "*", ["id"] = "../x" },
        6 => JsonValue.Create(1e300),
        7 => JsonValue.Create("\u0000\ud800"),
        _ => JsonValue.Create(true),
    };

    private static string Truncate(string s) => s.Length > 300 ? s[..300] : s;
}
