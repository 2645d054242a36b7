using GovData.Functions.Streams;
using System.Security.Cryptography;
using GovData.Domain.Aggregation;

namespace GovData.Functions.Aggregation.Reading;

/// <summary>
/// Read-only view of the submitted bytes that hashes them (SHA-256, for lineage) and counts them as they pass, and
/// stops the read with a rejection once the size limit is passed, so an oversized upload is never read to its end.
/// </summary>
internal sealed class SourceStream(Stream inner, long maxBytes) : ReadOnlyForwardStream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool ended;

    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>True once the inner stream reported its end.</summary>
    public bool Ended => ended;

    /// <summary>Reads what is left (hashing it) so the hash covers the whole file.</summary>
    public void Drain()
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
        try { while (Read(buffer, 0, buffer.Length) > 0) { } }
        finally { System.Buffers.ArrayPool<byte>.Shared.Return(buffer); }
    }

    /// <summary>The SHA-256 in lower-case hex once the end was reached, else null.</summary>
    public string? Sha256() => ended ? Convert.ToHexStringLower(hash.GetCurrentHash()) : null;

    public override int Read(Span<byte> buffer)
    {
        if (ended) return 0;
        var n = inner.Read(buffer);
        if (n == 0) { ended = true; return 0; }
        BytesRead += n;
        if (BytesRead > maxBytes)
            throw SubmissionRejectedException.Of(RejectionReason.TooLarge, $"the file is larger than the limit of {maxBytes:N0} bytes");
        hash.AppendData(buffer[..n]);
        return n;
    }

    protected override long ReadSoFar => BytesRead;

    protected override void Dispose(bool disposing)
    {
        if (disposing) hash.Dispose();
        base.Dispose(disposing);
    }
}
