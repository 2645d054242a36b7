using GovData.Functions.Streams;
namespace GovData.Functions.Aggregation.Reading;

/// <summary>Replays the bytes already read for encoding detection, then continues with the rest of the stream.</summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : ReadOnlyForwardStream
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

}
