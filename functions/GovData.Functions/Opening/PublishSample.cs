using Azure;
using GovData.Domain.Opening;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using GovData.Functions.Storage;
using Sylvan.Data.Csv;

namespace GovData.Functions.Opening;

/// <summary>The first rows of a publish's staged CSV: the desensitized output exactly as it would go public.</summary>
public sealed record PublishSample(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>How many rows a sample has at most.</summary>
    public const int MaxRows = 10;

    /// <summary>Reads at most <see cref="MaxRows"/> records from the first 256 KiB of the staged file; null when it is gone.</summary>
    public static async Task<PublishSample?> ReadAsync(BlobServiceClient blobs, PublishDocument d, CancellationToken ct)
    {
        var blob = blobs.GetBlobContainerClient(StorageNames.Blobs.Reports).GetBlobClient(OpenDatasetRules.StagingBlob(d.Jurisdiction, d.EntryId, d.PublishId, "csv"));
        byte[] head;
        try
        {
            var download = await blob.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(0, 256 * 1024) }, ct);
            head = download.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status is 404 or 416) { return null; }
        // The range may end inside a record or a UTF-8 sequence: keep whole lines only, and only records read completely.
        var text = new System.Text.UTF8Encoding(false, false).GetString(head);
        if (head.Length == 256 * 1024 && text.LastIndexOf('\n') is var cut and > 0) text = text[..cut];
        using var reader = CsvDataReader.Create(new StringReader(text.TrimStart('\uFEFF')), new CsvDataReaderOptions { HasHeaders = true });
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<IReadOnlyList<string>>();
        while (rows.Count < MaxRows && reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToList());
        return new PublishSample(columns, rows);
    }
}
