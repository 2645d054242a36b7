using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace GovData.Functions.Tests.Infrastructure;

/// <summary>
/// The local host in a process of its own, on the storage and task hub of an in-process <see cref="GovDataApp"/>, so a test
/// can kill it outright (the crash tests): nothing it held in memory survives, only what storage holds.
/// </summary>
public sealed class ChildHost : IAsyncDisposable
{
    private readonly Process _process;

    private ChildHost(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>Where the child serves.</summary>
    public Uri Address { get; }

    /// <summary>
    /// Starts the local host on <paramref name="like"/>'s database and task hub, with its clock starting at
    /// <paramref name="clockStart"/>, killing itself at the <paramref name="crashAtHit"/>-th hit of <paramref name="crashAt"/>;
    /// returns once it answers health.
    /// </summary>
    public static async Task<ChildHost> StartAsync(GovDataApp like, DateTimeOffset clockStart, string? crashAt, int crashAtHit = 1)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "GovData.LocalHost.dll")}\" --urls http://127.0.0.1:{port}")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["LocalHost:Triggers"] = "false",
            ["LocalHost:ClockStart"] = clockStart.ToString("O", CultureInfo.InvariantCulture),
            ["LocalHost:CrashAt"] = crashAt,
            ["LocalHost:CrashAtHit"] = crashAtHit.ToString(CultureInfo.InvariantCulture),
            ["LocalHost:Durable:TaskHub"] = like.TaskHub,
            ["LocalHost:Durable:MaxQueuePollingInterval"] = "00:00:00.500",
            ["LocalHost:Durable:VisibilityTimeout"] = "00:00:10",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in Emulators.Instance.Configuration(like.Database)) settings[k] = v;
        foreach (var (k, v) in settings) if (v is not null) start.Environment[k.Replace(":", "__")] = v;

        var log = Path.Combine(Emulators.RepoRoot, "TestResults", $"child-{like.TaskHub}-{DateTime.UtcNow:HHmmssfff}.log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the local host");
        void Write(string? line) { if (line is not null) lock (log) File.AppendAllText(log, line + Environment.NewLine); }
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var address = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited) throw new InvalidOperationException($"the local host exited with {process.ExitCode} during start-up; see {log}");
            try
            {
                if ((await http.GetAsync("/api/health")).StatusCode == HttpStatusCode.OK) return new ChildHost(process, address);
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        process.Kill(true);
        throw new TimeoutException($"the local host did not become healthy within 90 s; see {log}");
    }

    /// <summary>A client with a dev token the child issues itself (it runs in Development) for a user of <paramref name="unit"/>.</summary>
    public async Task<HttpClient> ClientForAsync(GovData.Domain.Jurisdictions.Department unit, params GovData.Domain.Identity.Role[] roles)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(100) };
        var issued = await client.PostAsJsonAsync("/api/dev/token", new
        {
            userId = "user-" + unit.Code[^4..] + "-" + string.Join("-", roles),
            department = unit.Code,
            jurisdiction = unit.Jurisdiction,
            roles = roles.Select(r => r.ToString()).ToArray(),
        });
        issued.EnsureSuccessStatusCode();
        var token = (await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Waits for the process to end (the crash point kills it); returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>Kills the process if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
