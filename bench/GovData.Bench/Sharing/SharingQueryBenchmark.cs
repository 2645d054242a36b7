using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Storage;
using Azure.Storage.Blobs;
using GovData.Functions.Aggregation;
using GovData.Functions.Sharing;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace GovData.Bench.Sharing;

/// <summary>
/// The API query's storage path on the local emulators, as <see cref="SharingDataService"/> runs it minus HTTP and audit: the
/// grant's point read and check, finding the current curated version (blob listing + version point read + header), and one page
/// of 100 rows of 2 of 6 columns read with ranged reads, from the start and from deep in the file; and verification's worst
/// case (no match: the whole file is read).
/// </summary>
internal static class SharingQueryBenchmark
{
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static async Task RunAsync(Uri blobEndpoint, int rows, Database database, Func<CancellationToken, Task> accessCheck, CancellationToken ct)
    {
        const string jur = "350800";
        var entryId = "bench-query-" + Guid.NewGuid().ToString("N")[..8];
        await database.CreateContainerIfNotExistsAsync(StorageNames.Cosmos.Aggregation, StorageNames.Cosmos.PartitionKeyPath, cancellationToken: ct);
        var blobs = new BlobServiceClient(blobEndpoint, new StorageSharedKeyCredential("devstoreaccount1", DevKey));
        var container = blobs.GetBlobContainerClient(StorageNames.Blobs.Curated);
        await container.CreateIfNotExistsAsync(cancellationToken: ct);

        var text = new StringBuilder("公民身份号码,姓名,性别,单位统一社会信用代码,登记日期,联系电话\n");
        for (var i = 0; i < rows; i++)
            text.Append(CultureInfo.InvariantCulture, $"3508021990{i:D8},隐名{i},{(i % 3 == 0 ? "女" : "男")},91350800MA{i:D8},2024-01-{1 + i % 28:00},1397777{i % 10000:0000}\n");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        text.Clear();
        var store = new AggregationStore(database);
        var name = CuratedLayout.DataBlob(jur, entryId, 1);
        await store.TryCreateVersionAsync(new VersionDocument
        {
            Id = AggregationStore.VersionId(entryId, 1), Jurisdiction = jur, EntryId = entryId, Version = 1, Department = "11350800MB0001003K",
            SubmissionId = "bench", AcceptedAt = DateTimeOffset.UtcNow, SourceBlob = "incoming/bench", SourceSha256 = "00", SubmittedBy = "bench",
            RowsRead = rows, RowsAccepted = rows, RowsRejected = 0, DataBlob = $"{StorageNames.Blobs.Curated}/{name}", State = VersionState.Available,
        }, ct);
        await container.GetBlobClient(name).UploadAsync(new BinaryData(bytes), ct);
        Console.WriteLine($"curated data.csv: {rows:N0} rows, {bytes.Length / 1024.0 / 1024.0:F1} MiB");

        var curated = new CuratedData(blobs, store, Options.Create(new SharingDataOptions()));
        string[] names = ["公民身份号码", "性别"];
        async Task<(CuratedVersion Version, long? Next)> Page(long? from, (int, string)[] compare, int top)
        {
            await accessCheck(ct);
            var version = await curated.CurrentAsync(jur, entryId, ct) ?? throw new InvalidOperationException("no current version");
            var output = names.Select(n => version.Columns.ToList().IndexOf(n)).ToArray();
            var (page, next) = await SharingDataService.ReadPageAsync(curated, version, from ?? version.FirstRecordOffset, names, output, compare, top, ct);
            if (page.Count == 0) throw new InvalidOperationException("empty page");
            return (version, next);
        }

        await Page(null, [], 100);
        var (_, deep) = await Page(null, [], rows / 2);
        Measure("query page 1 (100 rows, 2 of 6 columns)", 200, () => Page(null, [], 100));
        Measure("query page 1 filtered 性别=女 (100 rows)", 200, () => Page(null, [(2, "女")], 100));
        Measure($"query page from row {rows / 2:N0} (continuation offset, 100 rows)", 200, () => Page(deep, [], 100));
        Measure($"verification, no match (whole file, {rows:N0} rows)", 20, async () =>
        {
            await accessCheck(ct);
            var version = await curated.CurrentAsync(jur, entryId, ct);
            using var reader = await curated.ReadAsync(version!, version!.FirstRecordOffset, ct);
            while (await reader.ReadAsync(ct))
                if (reader.Value(0) == "nobody") throw new InvalidOperationException("unexpected match");
        });
        var memory = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"managed heap after the runs: {memory / 1024.0 / 1024.0:F1} MiB (the file is {bytes.Length / 1024.0 / 1024.0:F1} MiB)");

        static void Measure(string what, int times, Func<Task> call)
        {
            var latencies = new List<double>(times);
            for (var i = 0; i < times; i++)
            {
                var sw = Stopwatch.StartNew();
                call().GetAwaiter().GetResult();
                latencies.Add(sw.Elapsed.TotalMilliseconds);
            }
            latencies.Sort();
            Console.WriteLine($"{what} x{times} sequential: p50 {latencies[times / 2]:F1} ms, p99 {latencies[Math.Min(times - 1, times * 99 / 100)]:F1} ms");
        }
    }
}
