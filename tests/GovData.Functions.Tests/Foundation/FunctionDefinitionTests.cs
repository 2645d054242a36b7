using System.Text.Json;
using GovData.Functions.Identity;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GovData.Functions.Tests.Foundation;

/// <summary>The app is a valid custom-handler Function App: every definition has a handler and every handler a definition.</summary>
public sealed class FunctionDefinitionTests : IClassFixture<GovDataApp>
{
    private readonly GovDataApp _app;
    private readonly IReadOnlyList<FunctionDefinition> _definitions;

    public FunctionDefinitionTests(GovDataApp app)
    {
        _app = app;
        _definitions = FunctionDefinitions.Load(AppContext.BaseDirectory);
    }

    private IReadOnlyList<RouteEndpoint> ApiEndpoints()
    {
        _app.CreateClient().Dispose();
        return _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<DevelopmentOnlyAttribute>() is null && e.Metadata.GetMetadata<TriggerInvocationEndpoint>() is null)
            .ToList();
    }

    private static string Prefix(string route) => "/api/" + route.Split("{*")[0].TrimEnd('/');

    private static IEnumerable<string> MethodsOf(RouteEndpoint e) =>
        e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];

    private static bool Covers(FunctionDefinition f, RouteEndpoint e, string method)
    {
        var raw = "/" + e.RoutePattern.RawText!.TrimStart('/');
        var t = f.Trigger;
        var prefix = Prefix(t.Route!);
        var routeMatches = t.Route!.Contains("{*") ? raw == prefix || raw.StartsWith(prefix + "/", StringComparison.Ordinal) : raw == prefix;
        return routeMatches && t.Methods!.Contains(method.ToLowerInvariant());
    }

    [Fact]
    public void Host_json_declares_a_custom_handler_that_forwards_http_and_the_extension_bundle()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));
        var root = doc.RootElement;
        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", root.GetProperty("extensionBundle").GetProperty("id").GetString());
        var handler = root.GetProperty("customHandler");
        Assert.Equal("GovData.Functions", handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal(5, FunctionDefinitions.MaxDequeueCount(AppContext.BaseDirectory));
    }

    [Fact]
    public void There_are_definitions_and_each_has_exactly_one_trigger()
    {
        Assert.NotEmpty(_definitions);
        foreach (var f in _definitions)
            Assert.Single(f.Bindings, b => b.Type.EndsWith("Trigger", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_api_endpoint_is_reachable_through_an_http_function()
    {
        var http = _definitions.Where(d => d.IsHttp).ToList();
        var uncovered = ApiEndpoints()
            .SelectMany(e => MethodsOf(e).Select(m => (e, m)))
            .Where(x => !http.Any(f => Covers(f, x.e, x.m)))
            .Select(x => $"{x.m} {x.e.RoutePattern.RawText}")
            .ToList();
        Assert.True(uncovered.Count == 0, "endpoints without a function definition: " + string.Join(", ", uncovered));
    }

    [Fact]
    public void Every_http_function_leads_to_at_least_one_endpoint()
    {
        var endpoints = ApiEndpoints();
        var dangling = _definitions.Where(d => d.IsHttp)
            .Where(f => !endpoints.Any(e => MethodsOf(e).Any(m => Covers(f, e, m))))
            .Select(f => f.Name).ToList();
        Assert.True(dangling.Count == 0, "http functions with no endpoint: " + string.Join(", ", dangling));
        foreach (var f in _definitions.Where(d => d.IsHttp))
        {
            Assert.Equal("anonymous", f.Trigger.AuthLevel);
            Assert.Contains(f.Bindings, b => b.Type == "http" && b.Direction == "out");
        }
    }

    [Fact]
    public void Every_trigger_definition_has_a_handler_and_every_handler_a_definition()
    {
        _app.CreateClient().Dispose();
        var dispatcher = _app.Services.GetRequiredService<TriggerDispatcher>();
        var triggers = _definitions.Where(d => !d.IsHttp).Select(d => d.Name).ToHashSet();
        Assert.Empty(triggers.Except(dispatcher.FunctionNames));
        Assert.Empty(dispatcher.FunctionNames.Except(triggers));
        foreach (var d in _definitions.Where(d => !d.IsHttp))
        {
            var t = d.Trigger;
            switch (t.Type)
            {
                case "queueTrigger": Assert.False(string.IsNullOrEmpty(t.QueueName)); break;
                case "timerTrigger": Assert.NotNull(Cronos.CronExpression.Parse(t.Schedule!, Cronos.CronFormat.IncludeSeconds)); break;
                case "blobTrigger": Assert.False(string.IsNullOrEmpty(t.Path)); break;
                default: Assert.Fail($"{d.Name}: unsupported trigger {t.Type}"); break;
            }
        }
    }
}
