using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using GovData.Domain.Audit;
using GovData.Domain.Calendar;
using GovData.Functions.Storage;

namespace GovData.Functions.Audit;

/// <summary>
/// The audit log of record: every record is appended to its jurisdiction's day file in the <c>audit</c> container
/// (an append blob, WORM-protected in Azure) as a hash-chained line, then indexed in the table for queries.
/// Appends are conditional on the blob's ETag, so concurrent writers on any number of instances serialize per
/// jurisdiction without losing or forking the chain.
/// </summary>
public sealed class ChainedAuditLog(BlobServiceClient blobs, TableAuditLog index, ILogger<ChainedAuditLog> logger) : IAuditLog
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(StorageNames.Blobs.Audit);
    // The last hash and ETag this instance saw per day file: when we were the last writer, one request appends.
    private readonly ConcurrentDictionary<string, (ETag ETag, string LastHash)> _tails = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    /// <summary>The blob that holds a jurisdiction's trail for one Beijing day.</summary>
    public static string BlobName(string jurisdiction, DateOnly day) => $"{jurisdiction}/{day:yyyy}/{day:MM}/{day:dd}.jsonl";

    /// <inheritdoc />
    public async Task WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var day = ChinaTime.DateOf(record.At);
        var name = BlobName(record.Jurisdiction, day);
        var gate = _locks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var blob = _container.GetAppendBlobClient(name);
                try
                {
                    var (etag, prev) = _tails.TryGetValue(name, out var tail) ? tail : await ReadTailAsync(record.Jurisdiction, day, blob, cancellationToken);
                    var link = AuditChain.Link(prev, record);
                    using var content = new MemoryStream(Encoding.UTF8.GetBytes(AuditChain.ToLine(link)));
                    var response = await blob.AppendBlockAsync(content, new AppendBlobAppendBlockOptions { Conditions = new AppendBlobRequestConditions { IfMatch = etag } }, cancellationToken);
                    _tails[name] = (response.Value.ETag, link.Hash);
                }
                catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict or (int)HttpStatusCode.NotFound)
                {
                    // Another writer appended first (or the day file was just created): re-read the tail and chain after it.
                    _tails.TryRemove(name, out _);
                    await Task.Delay(Random.Shared.Next(5, 25) * Math.Min(attempt + 1, 10), cancellationToken);
                    continue;
                }
                // Outside the retry: the link is in the chain now, and the index row must not be written twice.
                await index.WriteAsync(record, cancellationToken);
                return;
            }
            // Treated as unavailability (503 with Retry-After): the operation does not happen without its record.
            throw new TimeoutException($"Could not append to the audit trail {name}: too much contention.");
        }
        finally { gate.Release(); }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<AuditRecord> QueryAsync(AuditQuery query, CancellationToken cancellationToken) => index.QueryAsync(query, cancellationToken);

    /// <summary>Reads the lines of a day file (empty when there is none).</summary>
    public async Task<IReadOnlyList<string>> ReadDayAsync(string jurisdiction, DateOnly day, CancellationToken cancellationToken)
    {
        var blob = _container.GetAppendBlobClient(BlobName(jurisdiction, day));
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (RequestFailedException e) when (e.Status == 404) { return []; }
    }

    /// <summary>The last hash before <paramref name="day"/>: the last link of the latest earlier day file, or the genesis hash.</summary>
    public async Task<string> LastHashBeforeAsync(string jurisdiction, DateOnly day, CancellationToken cancellationToken)
    {
        // Day files are named by date, so the latest earlier one is the greatest name below this day's.
        var before = BlobName(jurisdiction, day);
        string? latest = null;
        await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, jurisdiction + "/", cancellationToken))
            if (string.CompareOrdinal(item.Name, before) < 0 && (latest is null || string.CompareOrdinal(item.Name, latest) > 0)) latest = item.Name;
        if (latest is null) return AuditChain.Genesis;
        var lines = (await _container.GetBlobClient(latest).DownloadContentAsync(cancellationToken)).Value.Content.ToString()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? AuditChain.Genesis : AuditChain.FromLine(lines[^1])?.Hash ?? AuditChain.Genesis;
    }

    private async Task<(ETag, string)> ReadTailAsync(string jurisdiction, DateOnly day, AppendBlobClient blob, CancellationToken ct)
    {
        try
        {
            var props = await blob.GetPropertiesAsync(cancellationToken: ct);
            if (props.Value.ContentLength == 0) return (props.Value.ETag, await LastHashBeforeAsync(jurisdiction, day, ct));
            // Lines are well under 8 KiB; read just the end of the file to find the last link.
            var length = props.Value.ContentLength;
            var from = Math.Max(0, length - 16 * 1024);
            var tail = await blob.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(from), Conditions = new BlobRequestConditions { IfMatch = props.Value.ETag } }, ct);
            var lines = tail.Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var last = lines.Length == 0 ? null : AuditChain.FromLine(lines[^1]);
            return (props.Value.ETag, last?.Hash ?? throw new InvalidDataException($"the last line of {blob.Name} is not an audit link"));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            var prev = await LastHashBeforeAsync(jurisdiction, day, ct);
            try
            {
                var created = await blob.CreateAsync(new AppendBlobCreateOptions { Conditions = new AppendBlobRequestConditions { IfNoneMatch = ETag.All } }, ct);
                logger.LogInformation("Audit day file {Blob} started, chained to {Prev}", blob.Name, prev[..12]);
                return (created.Value.ETag, prev);
            }
            catch (RequestFailedException c) when (c.Status is 409 or 412)
            {
                // Someone else created it a moment ago: read it as it is now.
                return await ReadTailAsync(jurisdiction, day, blob, ct);
            }
        }
    }
}
