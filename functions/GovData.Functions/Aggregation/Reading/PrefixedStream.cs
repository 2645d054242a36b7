namespace GovData.Functions.Aggregation.Reading;

/// <summary>Replays the bytes already read for encoding detection, then continues with the rest of the stream.</summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
{
    private ReadOnlyMemory<byte> pending = prefix;

    public override int Read(Span<byte> buffer)
    {
        if (pending.IsEmpty) return rest.Read(buffer);
        var n = Math.Min(buffer.Length, pending.Length);
        pending.Span[..n].CopyTo(buffer);
        pending = pending[n..];
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
