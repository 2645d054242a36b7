using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace GovData.Functions.Tests.Infra;

/// <summary>
/// Runs the bicep binary from the Azure.Bicep.CommandLine.linux-x64 NuGet package (its folder is
/// embedded in this assembly as the "BicepPackagePath" metadata), offline.
/// </summary>
internal static class BicepCli
{
    /// <summary>Generous: the first run of the (large, single-file) binary can be slow.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private static readonly Lazy<string> Binary = new(LocateBinary);
    private static readonly Lazy<string> Root = new(LocateRepoRoot);

    /// <summary>The repository root: the nearest folder above the test output holding GovData.Functions.sln.</summary>
    public static string RepoRoot => Root.Value;

    public static string InfraPath(string relative) => Path.Combine(RepoRoot, "infra", relative);

    public static async Task<BicepResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Binary.Value)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // No telemetry, no phoning home: the build machines reach only package registries.
        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Binary.Value}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', args)} did not finish within {Timeout.TotalSeconds:0} s.");
        }

        return new BicepResult(process.ExitCode, await stdout, await stderr);
    }

    private static string LocateBinary()
    {
        var packagePath = typeof(BicepCli).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPackagePath")?.Value;
        if (string.IsNullOrWhiteSpace(packagePath))
        {
            throw new InvalidOperationException(
                "The test assembly has no BicepPackagePath metadata; is Azure.Bicep.CommandLine.linux-x64 referenced with GeneratePathProperty?");
        }

        var binary = Path.Combine(packagePath, "tools", "bicep");
        if (!File.Exists(binary))
        {
            throw new FileNotFoundException($"The bicep binary is not where the package should have put it: {binary}", binary);
        }

        // NuGet extracts package files without guaranteeing the executable bit.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(binary);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(binary, mode | execute);
            }
        }

        return binary;
    }

    private static string LocateRepoRoot() => LocateRepoRootFrom();

    // Walks up from the test output folder first (as the repo layout intends). When the build
    // puts its output outside the repository (dotnet test --artifacts-path /tmp/...), falls back
    // to the working directory and then to this source file's compile-time location.
    private static string LocateRepoRootFrom([CallerFilePath] string sourceFile = "")
    {
        var starts = new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), Path.GetDirectoryName(sourceFile) ?? "" };
        foreach (var start in starts.Where(s => s.Length > 0 && Directory.Exists(s)))
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GovData.Functions.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"No folder above {string.Join(", ", starts)} contains GovData.Functions.sln.");
    }
}

internal sealed record BicepResult(int ExitCode, string StdOut, string StdErr)
{
    public string AllOutput => StdOut + StdErr;

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}
