using System.Diagnostics;
using System.Net;
using System.Text.Json;
using GovData.Functions.Tests.Infrastructure;
using GovData.LocalHost;

namespace GovData.Functions.Tests.Foundation;

/// <summary>
/// `dotnet publish` produces an isolated-worker Function App folder: the worker, its SDK-generated functions.metadata (the
/// same functions as the build), worker.config.json, host.json, and the host-side extensions (Durable Task, Storage) in
/// .azurefunctions named by extensions.json. The published metadata is servable: the local host serves the app from it.
/// </summary>
public sealed class PublishTests
{
    [Fact]
    public async Task The_published_folder_is_an_isolated_function_app_whose_metadata_the_local_host_serves()
    {
        var output = Directory.CreateTempSubdirectory("govdata-publish").FullName;
        try
        {
            var publish = await Run("dotnet", $"publish functions/GovData.Functions -c Release -o \"{output}\" --nologo -v quiet", Emulators.RepoRoot, TimeSpan.FromMinutes(5));
            Assert.True(publish.ExitCode == 0, publish.Output);

            foreach (var file in new[] { "host.json", "functions.metadata", "worker.config.json", "extensions.json", "GovData.Functions.dll" })
                Assert.True(File.Exists(Path.Combine(output, file)), file + " is missing from the publish folder");
            using (var worker = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "worker.config.json"))))
            {
                var description = worker.RootElement.GetProperty("description");
                Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
                Assert.Equal("GovData.Functions.dll", description.GetProperty("defaultWorkerPath").GetString());
            }
            using (var extensions = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "extensions.json"))))
            {
                var names = extensions.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();
                Assert.Contains("DurableTask", names);
                Assert.Contains("AzureStorageQueues", names);
                Assert.Contains("AzureStorageBlobs", names);
            }
            Assert.True(File.Exists(Path.Combine(output, ".azurefunctions", "Microsoft.Azure.WebJobs.Extensions.DurableTask.dll")));
            Assert.True(File.Exists(Path.Combine(output, ".azurefunctions", "Microsoft.Azure.WebJobs.Extensions.Storage.Queues.dll")));

            var published = FunctionCatalog.Load(output).Functions.Select(f => $"{f.Name} = {f.EntryPoint} {f.Trigger.Type}").Order().ToList();
            var built = FunctionCatalog.Load().Functions.Select(f => $"{f.Name} = {f.EntryPoint} {f.Trigger.Type}").Order().ToList();
            Assert.Equal(built, published);

            // The local host serves the app from the published metadata.
            await using var app = new GovDataApp { Settings = { ["LocalHost:MetadataRoot"] = output } };
            var health = await app.CreateClient().GetAsync("/api/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/jurisdictions/350800")).StatusCode);
        }
        finally
        {
            Directory.Delete(output, true);
        }
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
