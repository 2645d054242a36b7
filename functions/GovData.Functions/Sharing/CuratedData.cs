using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using GovData.Functions.Aggregation;
using GovData.Functions.Storage;
using Microsoft.Extensions.Options;

namespace GovData.Functions.Sharing;

/// <summary>A curated version that can be served: its number, the columns of its header and where its first record starts.</summary>
public sealed record CuratedVersion(string Jurisdiction, string EntryId, int Version, IReadOnlyList<string> Columns, long FirstRecordOffset);

/// <summary>
/// Finds the version of an entry's curated data that sharing serves (the latest whose blobs are all written and that no
/// approved removal request withdrew, 000 第四十一条) and opens its data.csv as a stream of records.
/// </summary>
public sealed class CuratedData(BlobServiceClient blobs, AggregationStore store, IOptions<SharingDataOptions> options)
{
    private BlobContainerClient Container => blobs.GetBlobContainerClient(StorageNames.Blobs.Curated);

    /// <summary>The current version of the entry, or null when it has none (never aggregated, or every version removed).</summary>
    public async Task<CuratedVersion?> CurrentAsync(string jurisdiction, string entryId, CancellationToken ct)
    {
        // The blob listing names the versions without a query of the aggregation container; each candidate, newest first,
        // is then one point read of its version record (which alone says whether it was removed or is still being written).
        var prefix = $"{jurisdiction}/{entryId}/v";
        var numbers = new List<int>();
        await foreach (var item in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, ct))
        {
            var rest = item.Name.AsSpan(prefix.Length);
            if (rest.EndsWith("/data.csv") && int.TryParse(rest[..^"/data.csv".Length], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) numbers.Add(n);
        }
        foreach (var n in numbers.OrderDescending())
            if (await store.FindVersionAsync(jurisdiction, entryId, n, ct) is { State: VersionState.Available })
                return await OpenVersionAsync(jurisdiction, entryId, n, ct);
        return null;
    }

    /// <summary>Version <paramref name="version"/> if it is still served (written, not removed), or null.</summary>
    public async Task<CuratedVersion?> StillServedAsync(string jurisdiction, string entryId, int version, CancellationToken ct) =>
        await store.FindVersionAsync(jurisdiction, entryId, version, ct) is { State: VersionState.Available }
            ? await OpenVersionAsync(jurisdiction, entryId, version, ct)
            : null;

    /// <summary>Reads the version's records from byte <paramref name="offset"/> (a record boundary this class reported).</summary>
    public async Task<CuratedCsvReader> ReadAsync(CuratedVersion version, long offset, CancellationToken ct, int bufferSize = 256 * 1024)
    {
        var blob = Container.GetBlobClient(CuratedLayout.DataBlob(version.Jurisdiction, version.EntryId, version.Version));
        // Ranged reads of a bounded size: memory stays at one buffer however large the file is.
        var stream = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { Position = offset, BufferSize = bufferSize }, ct);
        return new CuratedCsvReader(stream, offset, options.Value.MaxRecordBytes);
    }

    private async Task<CuratedVersion?> OpenVersionAsync(string jurisdiction, string entryId, int n, CancellationToken ct)
    {
        var version = new CuratedVersion(jurisdiction, entryId, n, [], 0);
        try
        {
            using var reader = await ReadAsync(version, 0, ct, bufferSize: 16 * 1024);
            if (!await reader.ReadAsync(ct)) return version;
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.Value).ToArray();
            return version with { Columns = columns, FirstRecordOffset = reader.NextOffset };
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
