using System.Diagnostics;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace GovData.Bench.Audit;

/// <summary>Raw costs of the storage calls an audit write can make on the local emulators: appends as a blob grows, table inserts and batches.</summary>
public sealed class AuditStoreProbe : IBenchmark
{
    public string Name => "audit-store";
    public string Description => "raw Azurite costs behind the audit trail: append latency as a blob grows (per block count), table insert vs batch (--blob URL --table URL [--appends 20000])";

    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public async Task RunAsync(string[] args, CancellationToken ct)
    {
        var blobUri = new Uri(BenchArgs.Get(args, "--blob", "http://127.0.0.1:10000/devstoreaccount1"));
        var tableUri = new Uri(BenchArgs.Get(args, "--table", "http://127.0.0.1:10002/devstoreaccount1"));
        var appends = BenchArgs.GetInt(args, "--appends", "20000");
        var blobs = new BlobServiceClient(blobUri, new StorageSharedKeyCredential("devstoreaccount1", Key));
        var container = blobs.GetBlobContainerClient("probe" + Guid.NewGuid().ToString("N")[..8]);
        await container.CreateAsync(cancellationToken: ct);
        var line = Encoding.UTF8.GetBytes(new string('x', 600) + "\n");
        foreach (var perBlock in new[] { 1, 16 })
        {
            var blob = container.GetAppendBlobClient($"b{perBlock}.jsonl");
            await blob.CreateAsync(cancellationToken: ct);
            var payload = Enumerable.Repeat(line, perBlock).SelectMany(b => b).ToArray();
            var window = new List<double>();
            var etag = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value.ETag;
            var total = Stopwatch.StartNew();
            for (var i = 1; i <= appends / perBlock; i++)
            {
                var sw = Stopwatch.StartNew();
                var r = await blob.AppendBlockAsync(new MemoryStream(payload), new AppendBlobAppendBlockOptions { Conditions = new AppendBlobRequestConditions { IfMatch = etag } }, ct);
                etag = r.Value.ETag;
                window.Add(sw.Elapsed.TotalMilliseconds);
                if (window.Count == 1000 || i == appends / perBlock)
                {
                    window.Sort();
                    Console.WriteLine($"append x{perBlock} records/block: blocks {i - window.Count + 1}-{i}: p50 {window[window.Count / 2]:F2} ms p99 {window[(int)(window.Count * 0.99)]:F2} ms");
                    window.Clear();
                }
            }
            Console.WriteLine($"append x{perBlock}: {appends / perBlock} blocks in {total.Elapsed.TotalSeconds:F1} s");
            var props = Stopwatch.StartNew();
            for (var i = 0; i < 200; i++) await blob.GetPropertiesAsync(cancellationToken: ct);
            Console.WriteLine($"get properties: {props.Elapsed.TotalMilliseconds / 200:F2} ms");
        }

        var tables = new TableServiceClient(tableUri, new TableSharedKeyCredential("devstoreaccount1", Key));
        var table = tables.GetTableClient("probe" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateAsync(ct);
        TableEntity Entity(string pk, int i) => new(pk, i.ToString("D10")) { ["RecordId"] = Guid.NewGuid().ToString("N"), ["Purpose"] = new string('p', 200), ["Resource"] = "catalog/350800/entries/x", ["UserId"] = "u" };
        var single = new List<double>();
        for (var i = 0; i < 2000; i++)
        {
            var sw = Stopwatch.StartNew();
            await table.AddEntityAsync(Entity("single", i), ct);
            single.Add(sw.Elapsed.TotalMilliseconds);
        }
        single.Sort();
        Console.WriteLine($"table add: p50 {single[1000]:F2} ms p99 {single[1980]:F2} ms");
        var sizes = new[] { 16, 100 };
        foreach (var size in sizes)
        {
            var lat = new List<double>();
            for (var b = 0; b < 2000 / size; b++)
            {
                var actions = Enumerable.Range(0, size).Select(i => new TableTransactionAction(TableTransactionActionType.Add, Entity("batch" + size, b * size + i))).ToList();
                var sw = Stopwatch.StartNew();
                await table.SubmitTransactionAsync(actions, ct);
                lat.Add(sw.Elapsed.TotalMilliseconds);
            }
            lat.Sort();
            Console.WriteLine($"table batch of {size}: p50 {lat[lat.Count / 2]:F2} ms ({lat[lat.Count / 2] / size:F3} ms/entity)");
        }
        var reads = new List<double>();
        for (var i = 0; i < 1000; i++)
        {
            var sw = Stopwatch.StartNew();
            await table.GetEntityIfExistsAsync<TableEntity>("single", (i * 7 % 2000).ToString("D10"), cancellationToken: ct);
            reads.Add(sw.Elapsed.TotalMilliseconds);
        }
        reads.Sort();
        Console.WriteLine($"table point read: p50 {reads[500]:F2} ms");
        await container.DeleteAsync(cancellationToken: ct);
        await table.DeleteAsync(ct);
    }
}
