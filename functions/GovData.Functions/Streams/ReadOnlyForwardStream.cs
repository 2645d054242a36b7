namespace GovData.Functions.Streams;

/// <summary>
/// Base of the forward-only, read-only wrappers (size limits, hashing, replaying a prefix): subclasses implement
/// <see cref="Read(Span{byte})"/> and, if they count, <see cref="ReadSoFar"/>; everything else a Stream demands is here once.
/// </summary>
public abstract class ReadOnlyForwardStream : Stream
{
    /// <summary>How many bytes have been read, reported as <see cref="Position"/>; not supported unless a subclass counts.</summary>
    protected virtual long ReadSoFar => throw new NotSupportedException();

    /// <inheritdoc />
    public abstract override int Read(Span<byte> buffer);

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    /// <inheritdoc />
    public override bool CanRead => true;
    /// <inheritdoc />
    public override bool CanSeek => false;
    /// <inheritdoc />
    public override bool CanWrite => false;
    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();
    /// <inheritdoc />
    public override long Position { get => ReadSoFar; set => throw new NotSupportedException(); }
    /// <inheritdoc />
    public override void Flush() { }
    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
