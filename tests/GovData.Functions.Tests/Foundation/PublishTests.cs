using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GovData.Functions.Tests.Infrastructure;
using GovData.Functions.Triggers;

namespace GovData.Functions.Tests.Foundation;

/// <summary>
/// `dotnet publish` produces a folder that is a valid custom-handler Function App, and the executable in it
/// behaves as the Functions host expects: it listens on FUNCTIONS_CUSTOMHANDLER_PORT and answers forwarded HTTP.
/// </summary>
public sealed class PublishTests
{
    [Fact]
    public async Task The_published_folder_is_a_function_app_whose_handler_serves_on_the_hosts_port()
    {
        var output = Directory.CreateTempSubdirectory("govdata-publish").FullName;
        try
        {
            var publish = await Run("dotnet", $"publish functions/GovData.Functions -c Release -o \"{output}\" --nologo -v quiet", Emulators.RepoRoot, TimeSpan.FromMinutes(5));
            Assert.True(publish.ExitCode == 0, publish.Output);

            Assert.True(File.Exists(Path.Combine(output, "host.json")));
            var exe = Path.Combine(output, "GovData.Functions");
            Assert.True(File.Exists(exe), "the handler executable named in host.json is missing");
            if (!OperatingSystem.IsWindows()) Assert.True((File.GetUnixFileMode(exe) & UnixFileMode.UserExecute) != 0, "the handler is not executable");
            var definitions = FunctionDefinitions.Load(output);
            var source = Directory.GetDirectories(Path.Combine(Emulators.RepoRoot, "functions", "GovData.Functions", "Definitions")).Select(d => Path.GetFileName(d)!).Order().ToList();
            Assert.Equal(source, definitions.Select(d => d.Name).Order().ToList());

            // Start it the way the host does and call it the way the host forwards HTTP.
            var port = FreePort();
            var emulators = Emulators.Instance;
            var start = new ProcessStartInfo(exe) { WorkingDirectory = output, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment["Functions__LocalTriggers"] = "false";
            foreach (var (k, v) in emulators.Configuration("govdata-publish-" + port)) start.Environment[k.Replace(":", "__")] = v;
            using var handler = Process.Start(start)!;
            handler.OutputDataReceived += (_, _) => { };
            handler.ErrorDataReceived += (_, _) => { };
            handler.BeginOutputReadLine();
            handler.BeginErrorReadLine();
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
                HttpResponseMessage? health = null;
                for (var i = 0; i < 120 && health?.StatusCode != HttpStatusCode.OK; i++)
                {
                    try { health = await http.GetAsync("/api/health"); }
                    catch (HttpRequestException) { await Task.Delay(500); }
                }
                Assert.Equal(HttpStatusCode.OK, health?.StatusCode);
                var anonymous = await http.GetAsync("/api/jurisdictions/350800");
                Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            }
            finally
            {
                handler.Kill(true);
                await handler.WaitForExitAsync();
            }
        }
        finally
        {
            Directory.Delete(output, true);
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task<(int ExitCode, string Output)> Run(string file, string args, string dir, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file, args) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout + await stderr);
    }
}
