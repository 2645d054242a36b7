using System.Diagnostics;
using System.Text.Json;

namespace GovData.Bench.Audit;

/// <summary>The emulators of one benchmark run: read from the JSON that tools/emulators/start.mjs prints, or started here.</summary>
internal sealed class BenchEmulators : IAsyncDisposable
{
    /// <summary>Azurite's well-known development key (public, emulator only).</summary>
    public const string StorageKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process? _process;

    private BenchEmulators(JsonElement endpoints, Process? process)
    {
        Blob = new Uri(endpoints.GetProperty("blob").GetString()!);
        Queue = new Uri(endpoints.GetProperty("queue").GetString()!);
        Table = new Uri(endpoints.GetProperty("table").GetString()!);
        Cosmos = new Uri(endpoints.GetProperty("cosmos").GetString()!);
        _process = process;
    }

    public Uri Blob { get; }
    public Uri Queue { get; }
    public Uri Table { get; }
    public Uri Cosmos { get; }

    /// <summary>Reads <paramref name="file"/> (the JSON line start.mjs printed), or starts the pinned emulators when it is empty.</summary>
    public static async Task<BenchEmulators> StartOrReadAsync(string file, CancellationToken ct)
    {
        if (file.Length > 0) return new BenchEmulators(JsonDocument.Parse(await File.ReadAllTextAsync(file, ct)).RootElement.Clone(), null);
        var root = RepoRoot();
        var data = Path.Combine(Path.GetTempPath(), "govdata-bench-emulators", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("node", $"start.mjs --data \"{data}\" --exit-on-stdin-close")
        {
            WorkingDirectory = Path.Combine(root, "tools", "emulators"),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        // A seeded day's index (1,000,000 rows) is more than Azurite can save to disk (V8 fails in JSON.stringify) and more
        // than node's default heap: the bench's Azurite keeps its data in memory, with room for it.
        start.Environment["AZURITE_IN_MEMORY"] = "1";
        start.Environment["NODE_OPTIONS"] = "--max-old-space-size=12288";
        var process = Process.Start(start)!;
        var line = await process.StandardOutput.ReadLineAsync(ct) ?? throw new InvalidOperationException("the emulators did not start");
        _ = Task.Run(async () => { while (await process.StandardOutput.ReadLineAsync() is not null) { } }, CancellationToken.None);
        return new BenchEmulators(JsonDocument.Parse(line).RootElement.Clone(), process);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GovData.Functions.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        _process.StandardInput.Close();
        await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        if (!_process.HasExited) _process.Kill(true);
        _process.Dispose();
    }
}
