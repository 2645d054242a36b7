using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using GovData.Functions.Storage;

namespace GovData.Functions.Aggregation;

/// <summary>Issues short-lived, create-only SAS URLs for one blob of the <c>incoming</c> container.</summary>
public sealed class UploadLinks(BlobServiceClient blobs)
{
    /// <summary>
    /// A URL that can create <paramref name="blobName"/> and nothing else (no read, no list, no overwrite of an existing
    /// blob) until <paramref name="expiresOn"/>. With the emulator's account key (Storage/ accepts keys for loopback
    /// endpoints only) the SAS is signed with the key; in Azure, with managed identity, it is a user-delegation SAS signed
    /// with a delegation key the identity obtains (it needs the Storage Blob Delegator role and write access on the container).
    /// </summary>
    public async Task<Uri> CreateOnlyAsync(string blobName, DateTimeOffset startsOn, DateTimeOffset expiresOn, CancellationToken ct)
    {
        var blob = blobs.GetBlobContainerClient(StorageNames.Blobs.Incoming).GetBlobClient(blobName);
        var sas = new BlobSasBuilder(BlobSasPermissions.Create, expiresOn)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = startsOn,
            Protocol = Loopback.IsLoopback(blob.Uri) ? SasProtocol.HttpsAndHttp : SasProtocol.Https,
        };
        if (blob.CanGenerateSasUri) return blob.GenerateSasUri(sas);
        var key = await blobs.GetUserDelegationKeyAsync(startsOn, expiresOn, ct);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, blobs.AccountName) }.ToUri();
    }
}
