using System.Diagnostics;
using System.Text.Json;

namespace GovData.Functions.Tests.Infrastructure;

/// <summary>
/// The local emulators (Azurite and cosmosdb-server) for this test run, started once per test process
/// on free ports from the repo's pinned npm packages, and stopped when the process exits.
/// </summary>
public sealed class Emulators : IDisposable
{
    private static readonly Lazy<Emulators> Shared = new(() => Start(shared: true), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Process _process;
    private readonly string _data;

    private Emulators(Process process, Endpoints endpoints, string data)
    {
        _process = process;
        _data = data;
        Blob = endpoints.Blob;
        Queue = endpoints.Queue;
        Table = endpoints.Table;
        Cosmos = endpoints.Cosmos;
        CosmosPid = endpoints.Pid;
        AzuritePid = endpoints.AzuritePid;
    }

    /// <summary>The emulators of this test process.</summary>
    public static Emulators Instance => Shared.Value;

    /// <summary>
    /// A set of emulators of the caller's own, for a test that pauses or stops them (the shared ones serve every other test);
    /// disposing it stops them.
    /// </summary>
    public static Emulators StartPrivate() => Start(shared: false);

    /// <summary>The process that serves cosmosdb-server (the emulators' node process).</summary>
    public int CosmosPid { get; }

    /// <summary>Azurite's process (a child of the emulators' node process).</summary>
    public int AzuritePid { get; }

    /// <summary>Freezes a process with SIGSTOP, as a store that stops answering without closing its connections.</summary>
    public static void Pause(int pid) => Signal(pid, 19);

    /// <summary>Lets a paused process run again (SIGCONT).</summary>
    public static void Resume(int pid) => Signal(pid, 18);

    private static void Signal(int pid, int signal)
    {
        if (kill(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    /// <summary>Stops a private set of emulators (the shared ones stop with the test process).</summary>
    public void Dispose()
    {
        if (ReferenceEquals(this, Shared.IsValueCreated ? Shared.Value : null)) return;
        try { Resume(CosmosPid); Resume(AzuritePid); } catch (InvalidOperationException) { }
        try { _process.StandardInput.Close(); _process.WaitForExit(2000); if (!_process.HasExited) _process.Kill(true); }
        catch (InvalidOperationException) { }
        try { Directory.Delete(_data, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Azurite's well-known development account key (public, emulator only).</summary>
    public const string StorageKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    /// <summary>Any base64 key is accepted by cosmosdb-server.</summary>
    public const string CosmosKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    /// <summary>Blob endpoint.</summary>
    public Uri Blob { get; }
    /// <summary>Queue endpoint.</summary>
    public Uri Queue { get; }
    /// <summary>Table endpoint.</summary>
    public Uri Table { get; }
    /// <summary>Cosmos endpoint.</summary>
    public Uri Cosmos { get; }

    /// <summary>The repository root (the folder holding GovData.Functions.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    private sealed record Endpoints(Uri Blob, Uri Queue, Uri Table, Uri Cosmos, int Pid, int AzuritePid);

    private static Emulators Start(bool shared)
    {
        var tools = Path.Combine(RepoRoot, "tools", "emulators");
        if (!Directory.Exists(Path.Combine(tools, "node_modules", "azurite")))
            Run("npm", "ci --no-audit --no-fund", tools);
        var data = Path.Combine(Path.GetTempPath(), "govdata-test-emulators", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("node", $"start.mjs --data \"{data}\" --exit-on-stdin-close")
        {
            WorkingDirectory = tools,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // tools/emulators/azurite-at-scale.cjs keeps Azurite's indices up to date itself; here it checks them after each batch and insert.
        start.Environment["AZURITE_CHECK_INDEXES"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var stderr = new System.Text.StringBuilder();
        // Everything the emulators say after start goes to a file beside the test results, so a crash mid-run can be diagnosed.
        var log = Path.Combine(RepoRoot, "TestResults", $"emulators-{Environment.ProcessId}.log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
                try { File.AppendAllText(log, $"{DateTimeOffset.UtcNow:O} {e.Data}{Environment.NewLine}"); } catch (IOException) { }
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            try { File.AppendAllText(log, $"{DateTimeOffset.UtcNow:O} emulator process exited with code {process.ExitCode}{Environment.NewLine}"); }
            catch (Exception e) when (e is IOException or InvalidOperationException) { }
        };
        process.BeginErrorReadLine();
        var readLine = process.StandardOutput.ReadLineAsync();
        if (!readLine.Wait(TimeSpan.FromSeconds(90)) || readLine.Result is null)
        {
            try { process.Kill(true); } catch (InvalidOperationException) { }
            throw new InvalidOperationException($"the emulators did not start: {stderr}");
        }
        using var doc = JsonDocument.Parse(readLine.Result);
        var root = doc.RootElement;
        var endpoints = new Endpoints(
            new Uri(root.GetProperty("blob").GetString()!), new Uri(root.GetProperty("queue").GetString()!),
            new Uri(root.GetProperty("table").GetString()!), new Uri(root.GetProperty("cosmos").GetString()!),
            root.GetProperty("pid").GetInt32(), root.GetProperty("azuritePid").GetInt32());
        // Drain stdout so the child never blocks on a full pipe.
        _ = Task.Run(async () => { while (await process.StandardOutput.ReadLineAsync() is not null) { } });
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (!shared && process.HasExited) return;
            try { process.StandardInput.Close(); process.WaitForExit(2000); if (!process.HasExited) process.Kill(true); }
            catch (InvalidOperationException) { }
            try { Directory.Delete(data, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return new Emulators(process, endpoints, data);
    }

    /// <summary>Configuration values that point the app at these emulators.</summary>
    public Dictionary<string, string?> Configuration(string database) => new()
    {
        ["Storage:BlobServiceUri"] = Blob.ToString(),
        ["Storage:QueueServiceUri"] = Queue.ToString(),
        ["Storage:TableServiceUri"] = Table.ToString(),
        ["Storage:AccountName"] = "devstoreaccount1",
        ["Storage:AccountKey"] = StorageKey,
        ["Cosmos:AccountEndpoint"] = Cosmos.ToString(),
        ["Cosmos:AccountKey"] = CosmosKey,
        ["Cosmos:DatabaseName"] = database,
        ["Cosmos:ProvisionOnStartup"] = "true",
    };

    /// <summary>True while the emulator process runs.</summary>
    public bool IsRunning => !_process.HasExited;

    private static void Run(string file, string arguments, string directory)
    {
        using var p = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, UseShellExecute = false })!;
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} failed with {p.ExitCode}");
    }

    private static string FindRepoRoot([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        // Built in the repo, the output folder is inside it; built with --artifacts-path elsewhere, fall back to the
        // working directory and then to where this source file was compiled from.
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "GovData.Functions.sln"))) return dir.FullName;
        throw new InvalidOperationException("GovData.Functions.sln not found above " + AppContext.BaseDirectory);
    }
}
