using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using GovData.Domain.Aggregation;
using GovData.Functions.Aggregation;

namespace GovData.Bench.Aggregation;

/// <summary>
/// The storage path of the blob trigger on the local Azurite: read the uploaded file from <c>incoming</c> forward only,
/// check it, write the normalized rows to a temp file, create the curated data.csv with If-None-Match: * — against the
/// floor of only downloading the same blob. Shows that memory stays flat through the whole path (Cosmos steps excluded).
/// </summary>
public sealed class AggregationBlobBenchmark : IBenchmark
{
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <inheritdoc />
    public string Name => "aggregation-blob";

    /// <inheritdoc />
    public string Description => "incoming blob -> checks -> curated data.csv on Azurite vs a bare download (--blob URL [--rows 1000000])";

    /// <inheritdoc />
    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string Arg(string name, string fallback) => BenchArgs.Get(args, name, fallback);
        var endpoint = new Uri(Arg("--blob", Environment.GetEnvironmentVariable("GOVDATA_BLOB") ?? "http://127.0.0.1:10000/devstoreaccount1"));
        var rows = int.Parse(Arg("--rows", "1000000"), CultureInfo.InvariantCulture);
        var path = SampleData.DefaultPath(rows);
        SampleData.EnsurePeopleCsv(path, rows);
        var bytes = new FileInfo(path).Length;

        var service = new BlobServiceClient(endpoint, new StorageSharedKeyCredential("devstoreaccount1", DevKey));
        var incoming = service.GetBlobContainerClient("incoming");
        var curated = service.GetBlobContainerClient("curated");
        await incoming.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await curated.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var run = Guid.NewGuid().ToString("N")[..8];
        var source = incoming.GetBlobClient($"bench/{run}/source.csv");
        var upload = Stopwatch.StartNew();
        await using (var file = File.OpenRead(path)) await source.UploadAsync(file, cancellationToken);
        Console.WriteLine($"uploaded {bytes / 1e6:N0} MB ({rows:N0} rows) in {upload.Elapsed.TotalSeconds:N1} s (not timed below)");

        await Measure("download only (floor)", bytes, rows, async () =>
        {
            await using var s = await source.OpenReadAsync(new BlobOpenReadOptions(false) { BufferSize = 1 << 20 }, cancellationToken);
            await s.CopyToAsync(Stream.Null, cancellationToken);
            return 0;
        });
        var processor = new SubmissionProcessor(TimeProvider.System, SubmissionLimits.Default);
        var attempt = 0;
        await Measure("read + check + curate (trigger path)", bytes, rows, async () =>
        {
            await using var s = await source.OpenReadAsync(new BlobOpenReadOptions(false) { BufferSize = 1 << 20 }, cancellationToken);
            await using var normalized = new FileStream(Path.Combine(Path.GetTempPath(), $"govdata-bench-{run}-{attempt}.csv"), FileMode.CreateNew,
                FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            var result = await processor.ProcessAsync(s, new SubmissionDeclaration(SubmissionFormat.Csv, Length: bytes), SampleData.PeopleItems,
                AggregationSettings.Default, normalized, null, cancellationToken);
            normalized.Position = 0;
            await curated.GetBlobClient($"bench/{run}/v{++attempt:D6}/data.csv").UploadAsync(normalized,
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
            return result.NormalizedRows;
        });
        Console.WriteLine($"process peak working set (whole run): {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB");
    }

    private static async Task Measure(string name, long bytes, int rows, Func<Task<long>> run)
    {
        var best = double.MaxValue;
        long peak = 0, result = 0;
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            using var self = Process.GetCurrentProcess();
            var baseline = self.WorkingSet64;
            var sampled = baseline;
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                using var p = Process.GetCurrentProcess();
                while (!stop.IsCancellationRequested)
                {
                    p.Refresh();
                    sampled = Math.Max(sampled, p.WorkingSet64);
                    try { await Task.Delay(20, stop.Token); } catch (OperationCanceledException) { }
                }
            });
            var watch = Stopwatch.StartNew();
            result = await run();
            watch.Stop();
            await stop.CancelAsync();
            await sampler;
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
            peak = Math.Max(peak, sampled);
            Console.WriteLine($"   run {i + 1}: {watch.Elapsed.TotalSeconds:N2} s, working set {baseline / 1e6:N0} -> peak {sampled / 1e6:N0} MB");
        }
        Console.WriteLine($"{name,-40} {rows / best,12:N0} rows/s {bytes / best / 1e6,8:N1} MB/s  {best:N2} s  peak working set {peak / 1e6:N0} MB  (rows written {result:N0})");
    }
}
