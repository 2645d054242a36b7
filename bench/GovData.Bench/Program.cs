using System.Reflection;
using GovData.Bench;

// Runs one benchmark by name (or all with "all") and prints its figures; see docs/benchmarks.md.
var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0)
{
    Console.WriteLine("usage: dotnet run -c Release --project bench/GovData.Bench -- <name|all> [options]");
    foreach (var b in benchmarks) Console.WriteLine($"  {b.Name,-20} {b.Description}");
    return 1;
}

var selected = args[0] == "all" ? benchmarks : benchmarks.Where(b => b.Name == args[0]).ToList();
if (selected.Count == 0)
{
    Console.Error.WriteLine($"unknown benchmark '{args[0]}'");
    return 2;
}
foreach (var b in selected)
{
    Console.WriteLine($"== {b.Name}: {b.Description}");
    await b.RunAsync(args.Skip(1).ToArray(), CancellationToken.None);
}
return 0;

namespace GovData.Bench
{
    /// <summary>A benchmark that measures one thing and prints its figures to standard output.</summary>
    public interface IBenchmark
    {
        string Name { get; }
        string Description { get; }
        Task RunAsync(string[] args, CancellationToken cancellationToken);
    }
}
