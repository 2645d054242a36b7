using GovData.LocalHost;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace GovData.Functions.Tests.Foundation;

/// <summary>
/// The Functions host does not rank HTTP routes as ASP.NET Core does (literal segments before parameters, catch-alls last):
/// it tries them in the order it registered the functions, alphabetical by name, and the first whose template and methods
/// match takes the request (azure-functions-host#9876, azure-functions-dotnet-worker#1855). The local host ranks them as
/// ASP.NET Core does, so a route that only works there would pass every end-to-end test and fail in Azure. These tests try
/// every HTTP function's own path (the feature catch-alls and the fallback too) in the Functions host's order.
/// </summary>
public sealed class RouteOrderTests
{
    private static readonly string[] EveryMethod = ["get", "post", "put", "patch", "delete", "head", "options"];
    private readonly FunctionCatalog _catalog = FunctionCatalog.Load();

    // The host's documentation says "alphabetical" without naming a comparison: the test holds under both the ordinal and the
    // case-insensitive order, so neither reading can hide a shadowed route.
    public static TheoryData<string> Orders => new() { "ordinal", "ignore-case" };

    [Theory]
    [MemberData(nameof(Orders))]
    public void Every_http_function_is_the_first_in_the_hosts_order_to_take_its_own_path(string order)
    {
        var comparer = order == "ordinal" ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
        var http = Http().OrderBy(f => f.Name, comparer).ToList();
        Assert.True(http.Count > 40, $"only {http.Count} HTTP functions found");
        var wrong = new List<string>();
        foreach (var f in http)
        {
            var path = SamplePath(f.Route);
            foreach (var method in f.Methods)
            {
                var first = http.First(h => h.Methods.Contains(method, StringComparer.OrdinalIgnoreCase) && h.Matcher.TryMatch(new PathString(path), new RouteValueDictionary()));
                if (first.Name != f.Name) wrong.Add($"{method.ToUpperInvariant()} /api{path}: {first.Name} ({first.Route}) takes it before {f.Name} ({f.Route})");
            }
        }
        Assert.True(wrong.Count == 0, "Shadowed in Azure's route order (rename the function that takes it, or its route):\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void The_fallback_takes_what_no_other_function_takes()
    {
        // A path no feature has, with every method: the fallback answers it (problem+json 404), whichever order applies.
        var path = "/no-such-area/" + Guid.NewGuid().ToString("N");
        foreach (var comparer in new[] { StringComparer.Ordinal, StringComparer.OrdinalIgnoreCase })
        {
            var http = Http().OrderBy(f => f.Name, comparer).ToList();
            Assert.Equal(http[^1].Name, http.First(h => h.Matcher.TryMatch(new PathString(path), new RouteValueDictionary())).Name);
            Assert.Equal("{*path}", http[^1].Route);
        }
    }

    private IEnumerable<(string Name, string Route, string[] Methods, TemplateMatcher Matcher)> Http() =>
        _catalog.Functions.Where(f => f.Trigger.Type == "httpTrigger").Select(f => (f.Name, f.Trigger.Route!,
            f.Trigger.Methods is { Count: > 0 } m ? m.ToArray() : EveryMethod,
            new TemplateMatcher(TemplateParser.Parse(f.Trigger.Route!), new RouteValueDictionary())));

    // A path the route itself stands for: literal segments as they are, a plausible value for each parameter, one made-up
    // segment for a catch-all (what a feature's catch-all exists to take).
    private static string SamplePath(string route) => "/" + string.Join('/', route.Split('/').Select(Sample));

    private static string Sample(string segment) => segment switch
    {
        _ when !segment.StartsWith('{') => segment,
        _ when segment.StartsWith("{jurisdiction", StringComparison.Ordinal) => "350800",
        _ when segment.StartsWith("{year", StringComparison.Ordinal) => "2026",
        _ => "x" + Guid.NewGuid().ToString("N")[..8],
    };
}
