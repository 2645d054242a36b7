using GovData.Functions.Streams;
using GovData.Domain.Aggregation;

namespace GovData.Functions.Aggregation.Reading;

/// <summary>
/// Counts the bytes actually inflated from an .xlsx against the limits, because the sizes a zip declares can lie:
/// a part that inflates past its declared size, its own cap or the whole-file cap stops the read as a zip bomb.
/// </summary>
internal sealed class InflateBudget(long maxTotal)
{
    public long Inflated { get; private set; }

    public Counting Wrap(Stream part, long declared, long partCap, string name) => new Counting(part, this, Math.Min(declared, partCap), name);

    private void Take(int n, ref long partRead, long partCap, string name)
    {
        partRead += n;
        Inflated += n;
        if (partRead > partCap)
            throw SubmissionRejectedException.Of(RejectionReason.ZipBomb, $"the workbook part {name} inflates beyond its declared or allowed size ({partCap:N0} bytes)");
        if (Inflated > maxTotal)
            throw SubmissionRejectedException.Of(RejectionReason.ZipBomb, $"the workbook inflates to more than {maxTotal:N0} bytes");
    }

    internal sealed class Counting(Stream inner, InflateBudget budget, long cap, string name) : ReadOnlyForwardStream
    {
        private long read;

        public long PartRead => read;

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            budget.Take(n, ref read, cap, name);
            return n;
        }

        protected override long ReadSoFar => read;

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
