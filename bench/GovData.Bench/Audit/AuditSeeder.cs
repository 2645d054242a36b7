using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Http;
using System.Globalization;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using GovData.Domain.Audit;
using GovData.Domain.Calendar;
using GovData.Functions.Audit;
using GovData.Functions.Storage;

namespace GovData.Bench.Audit;

/// <summary>Fills a jurisdiction's trail of today with N records.</summary>
internal static class AuditSeeder
{
    private static AuditRecord Record(string jurisdiction, DateTimeOffset at, int i) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Jurisdiction = jurisdiction,
        At = at,
        UserId = "seed-" + (i % 97).ToString(CultureInfo.InvariantCulture),
        Department = "11350800MB0001003K",
        Roles = "DataSteward",
        Action = "catalog.entry.read",
        Resource = $"catalog/{jurisdiction}/entries/{i % 5000:D8}",
        DataOwner = "11350800MB0001003K",
        DataContent = "350800-GA-SEED v1",
        Method = "GET /api/catalog/entries/x",
        Medium = "http",
        Outcome = AuditOutcome.Succeeded,
        RequestId = Guid.NewGuid().ToString("N"),
    };

    /// <summary>Through the app's own <see cref="IAuditLog"/>, many writers at once (as concurrent requests would).</summary>
    public static async Task<long> WriterAsync(IServiceProvider services, string jurisdiction, int count, CancellationToken ct)
    {
        var log = services.GetRequiredService<IAuditLog>();
        var start = DateTimeOffset.UtcNow;
        long done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 512, CancellationToken = ct }, async (i, token) =>
        {
            await log.WriteAsync(Record(jurisdiction, start, i), token);
            if (Interlocked.Increment(ref done) % 100_000 == 0) Console.WriteLine($"  {done:N0} records written");
        });
        return done;
    }

    /// <summary>
    /// Straight into storage in the day-file layout (chained lines appended in 4 MB blocks, index rows through the app's own
    /// <see cref="TableAuditLog.IndexAsync"/>),
    /// for code whose writer is too slow to seed a million records.
    /// </summary>
    public static async Task<long> DirectAsync(IServiceProvider services, string jurisdiction, int count, CancellationToken ct)
    {
        var at = DateTimeOffset.UtcNow;
        var day = ChinaTime.DateOf(at);
        var chain = services.GetRequiredService<ChainedAuditLog>();
        var blob = services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.Blobs.Audit).GetAppendBlobClient(ChainedAuditLog.BlobName(jurisdiction, day));
        var index = services.GetRequiredService<TableAuditLog>();
        var lines = await chain.ReadDayAsync(jurisdiction, day, ct);
        var prev = lines.Count > 0 ? AuditChain.FromLine(lines[^1])!.Hash : await chain.LastHashBeforeAsync(jurisdiction, day, ct);
        await blob.CreateIfNotExistsAsync(cancellationToken: ct);
        var pending = new List<Task>();
        var block = new StringBuilder();
        var positions = new List<AuditPosition>();
        var first = (long)lines.Count;
        for (var i = 0; i < count; i++)
        {
            var r = Record(jurisdiction, at.AddTicks(i), i);
            var link = AuditChain.Link(prev, r);
            prev = link.Hash;
            block.Append(AuditChain.ToLine(link));
            positions.Add(new AuditPosition(first + i, r));
            if (positions.Count == 1000)
            {
                // The app's own index writer, a thousand records at a time.
                pending.Add(index.IndexAsync(jurisdiction, day, positions, ct));
                positions = [];
                if (pending.Count >= 8) { await Task.WhenAll(pending); pending.Clear(); }
            }
            if (block.Length > 3_000_000 || i == count - 1)
            {
                await blob.AppendBlockAsync(new MemoryStream(Encoding.UTF8.GetBytes(block.ToString())), cancellationToken: ct);
                block.Clear();
            }
            if ((i + 1) % 100_000 == 0) Console.WriteLine($"  {i + 1:N0} records seeded");
        }
        if (positions.Count > 0) pending.Add(index.IndexAsync(jurisdiction, day, positions, ct));
        await Task.WhenAll(pending);
        return count;
    }
}
