using GovData.LocalHost;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace GovData.Functions.Tests.Foundation;

/// <summary>
/// The Functions host does not rank HTTP routes as ASP.NET Core does (literal segments before parameters): it tries them in
/// the order it registered the functions, by name, and the first whose template and methods match takes the request
/// (azure-functions-host#9876). The local host ranks them as ASP.NET Core does, so a route that only works there would pass
/// every end-to-end test and fail in Azure. These tests try each operation's own path in the Functions host's order.
/// </summary>
public sealed class RouteOrderTests
{
    private readonly FunctionCatalog _catalog = FunctionCatalog.Load();

    [Theory]
    [InlineData("catalog/")]
    [InlineData("open-catalog/")]
    public void Each_operation_is_the_first_function_in_the_hosts_order_to_take_its_own_path(string area)
    {
        var http = _catalog.Functions.Where(f => f.Trigger.Type == "httpTrigger")
            .OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
            .Select(f => (f.Name, Matcher: new TemplateMatcher(TemplateParser.Parse(f.Trigger.Route!), new RouteValueDictionary()),
                Methods: f.Trigger.Methods ?? ["get", "post", "put", "patch", "delete", "head", "options"]))
            .ToList();
        var mine = _catalog.Functions.Where(f => f.Trigger.Type == "httpTrigger" && f.Trigger.Route!.StartsWith(area, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(mine);
        var wrong = new List<string>();
        foreach (var f in mine)
        {
            var path = "/" + string.Join('/', f.Trigger.Route!.Split('/').Select(Sample));
            foreach (var method in f.Trigger.Methods!)
            {
                var first = http.First(h => h.Methods.Contains(method, StringComparer.OrdinalIgnoreCase) && h.Matcher.TryMatch(new PathString(path), new RouteValueDictionary()));
                if (first.Name != f.Name) wrong.Add($"{method.ToUpperInvariant()} {path}: {first.Name} takes it before {f.Name}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    // A plausible value for a route segment: the segment itself when literal.
    private static string Sample(string segment) => segment switch
    {
        _ when !segment.StartsWith('{') => segment,
        _ when segment.StartsWith("{jurisdiction", StringComparison.Ordinal) => "350800",
        _ when segment.StartsWith("{year", StringComparison.Ordinal) => "2026",
        _ => "x" + Guid.NewGuid().ToString("N")[..8],
    };
}
