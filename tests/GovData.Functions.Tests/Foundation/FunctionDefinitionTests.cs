using System.Reflection;
using System.Text.Json;
using GovData.Functions.Hosting;
using GovData.Functions.Hosting.Http;
using GovData.Functions.Identity;
using GovData.Functions.Storage;
using GovData.Functions.Tests.Infrastructure;
using GovData.LocalHost;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Foundation;

/// <summary>
/// The app is a valid isolated-worker Function App: the SDK-generated functions.metadata names every function the code declares
/// and nothing else, each with one well-formed trigger, and every API route is reachable through an HTTP function.
/// </summary>
public sealed class FunctionDefinitionTests : IClassFixture<GovDataApp>
{
    private readonly GovDataApp _app;
    private readonly FunctionCatalog _catalog = FunctionCatalog.Load();

    public FunctionDefinitionTests(GovDataApp app) => _app = app;

    private IReadOnlyList<RouteEndpoint> ApiEndpoints() =>
        _app.Services.GetRequiredService<ApiPipeline>().Endpoints.ToList();

    private static string Prefix(string route) => ("/api/" + route.Split("{*")[0]).TrimEnd('/');

    private static IEnumerable<string> MethodsOf(RouteEndpoint e) => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];

    private static bool Covers(FunctionEntry f, RouteEndpoint e, string method)
    {
        var raw = "/" + e.RoutePattern.RawText!.TrimStart('/');
        var t = f.Trigger;
        var prefix = Prefix(t.Route!);
        var routeMatches = t.Route!.Contains("{*") ? raw == prefix || raw.StartsWith(prefix + "/", StringComparison.Ordinal) : raw == prefix;
        return routeMatches && t.Methods!.Contains(method.ToLowerInvariant());
    }

    [Fact]
    public void Host_json_configures_the_http_prefix_and_queue_retries_and_no_custom_handler()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));
        var root = doc.RootElement;
        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.False(root.TryGetProperty("customHandler", out _));
        // An isolated app carries its extensions itself (.azurefunctions); an extension bundle would be ignored at best.
        Assert.False(root.TryGetProperty("extensionBundle", out _));
        Assert.Equal("api", _catalog.RoutePrefix);
        Assert.Equal(5, _catalog.MaxDequeueCount);
    }

    [Fact]
    public void The_metadata_names_exactly_the_functions_the_code_declares()
    {
        var declared = typeof(ApiFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(x => x.Function is not null)
            .Select(x => $"{x.Function!.Name} = {x.Method.DeclaringType!.FullName}.{x.Method.Name}")
            .Order().ToList();
        var metadata = _catalog.Functions.Select(f => $"{f.Name} = {f.EntryPoint}").Order().ToList();
        Assert.NotEmpty(declared);
        Assert.Equal(declared, metadata);
        foreach (var f in _catalog.Functions)
            Assert.Single(f.Bindings, b => b.IsTrigger);
    }

    [Fact]
    public void Every_api_endpoint_is_reachable_through_an_http_function()
    {
        var http = _catalog.Functions.Where(f => f.Trigger.Type == "httpTrigger").ToList();
        var uncovered = ApiEndpoints()
            .SelectMany(e => MethodsOf(e).Select(m => (e, m)))
            .Where(x => !http.Any(f => Covers(f, x.e, x.m)))
            .Select(x => $"{x.m} {x.e.RoutePattern.RawText}")
            .ToList();
        Assert.True(uncovered.Count == 0, "endpoints without an HTTP function: " + string.Join(", ", uncovered));
    }

    [Fact]
    public void Every_http_function_leads_to_at_least_one_endpoint_and_leaves_authentication_to_the_app()
    {
        var endpoints = ApiEndpoints();
        var http = _catalog.Functions.Where(f => f.Trigger.Type == "httpTrigger").ToList();
        // The feature functions hand their requests to ApiPipeline; each must lead to a route there.
        var dangling = http.Where(f => f.Name != "DevTokens" && f.Method.DeclaringType!.GetCustomAttribute<ServedByApiPipelineAttribute>() is not null)
            .Where(f => !endpoints.Any(e => MethodsOf(e).Any(m => Covers(f, e, m))))
            .Select(f => f.Name).ToList();
        Assert.True(dangling.Count == 0, "HTTP functions with no endpoint: " + string.Join(", ", dangling));
        foreach (var f in http)
        {
            // The app checks bearer tokens itself on every call; function keys would only stand in the way.
            Assert.Equal("Anonymous", f.Trigger.AuthLevel);
            Assert.Contains(f.Bindings, b => b.Type == "http" && b.Direction == "Out");
        }
    }

    [Fact]
    public void Every_trigger_function_names_a_queue_the_app_provisions_a_schedule_a_blob_path_or_is_durable()
    {
        foreach (var f in _catalog.Functions.Where(f => f.Trigger.Type != "httpTrigger"))
        {
            var t = f.Trigger;
            switch (t.Type)
            {
                case "queueTrigger": Assert.Contains(t.QueueName, StorageNames.Queues.All); break;
                case "timerTrigger": Assert.NotNull(Cronos.CronExpression.Parse(t.Schedule!, Cronos.CronFormat.IncludeSeconds)); break;
                case "blobTrigger": Assert.Contains(t.Path!.Split('/')[0], StorageNames.Blobs.All); break;
                // Durable work items: the task hub's own queues carry them.
                case "orchestrationTrigger" or "activityTrigger": break;
                default: Assert.Fail($"{f.Name}: unsupported trigger {t.Type}"); break;
            }
        }
    }

    [Fact]
    public async Task Every_timer_function_runs_through_the_local_host()
    {
        foreach (var f in _catalog.Functions.Where(f => f.Trigger.Type == "timerTrigger"))
            await _app.Triggers.InvokeTimerAsync(f.Name);
    }

    [Fact]
    public async Task Every_http_operation_is_in_the_OpenAPI_document_with_its_body_and_answers()
    {
        var doc = await (await _app.CreateClient().GetAsync("/api/openapi/v1.json")).ShouldBe(System.Net.HttpStatusCode.OK);
        var paths = doc.GetProperty("paths");
        Assert.NotEmpty(FunctionOperation.All);
        foreach (var op in FunctionOperation.All)
        {
            Assert.True(paths.TryGetProperty(op.Path, out var item), $"{op.Name}: {op.Path} is not in the OpenAPI document");
            foreach (var method in op.Methods)
            {
                Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{op.Name}: {method} {op.Path} is not in the OpenAPI document");
                Assert.Equal(op.Name, operation.GetProperty("operationId").GetString());
                var responses = operation.GetProperty("responses");
                foreach (var returns in op.Method.GetCustomAttributes<ReturnsAttribute>())
                {
                    var response = responses.GetProperty(returns.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (returns.Body is not null) Assert.True(response.GetProperty("content").GetProperty("application/json").TryGetProperty("schema", out _), $"{op.Name}: {returns.Status} has no schema");
                }
                if (op.Method.GetCustomAttribute<AcceptsAttribute>() is not null)
                    Assert.True(operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").TryGetProperty("schema", out _), $"{op.Name}: no request body schema");
            }
        }
        foreach (var e in ApiEndpoints().Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true }))
            Assert.True(paths.TryGetProperty("/" + System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!.Trim('/'), @"\{([A-Za-z0-9_]+):[^}]*\}", "{$1}"), out _),
                $"{e.RoutePattern.RawText} is not in the OpenAPI document");
    }
}
