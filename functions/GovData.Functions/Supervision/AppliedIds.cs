using System.Security.Cryptography;
using System.Text;

namespace GovData.Functions.Supervision;

/// <summary>What a counter document knows about an event id.</summary>
public enum AppliedCheck
{
    /// <summary>Surely not counted here.</summary>
    No,
    /// <summary>Counted here: the id is in <see cref="AppliedIds.Pending"/>.</summary>
    Yes,
    /// <summary>Perhaps counted (the filter says so): the applied-marker decides.</summary>
    Maybe,
}

/// <summary>
/// The event ids a counter document has counted, in a fixed size: the last few ids verbatim (<see cref="Pending"/>, whose
/// applied-markers may not exist yet) and a Bloom filter (<see cref="Seen"/>) of all earlier ones, whose markers do exist.
/// An id moves from <see cref="Pending"/> into <see cref="Seen"/> only after its marker was written, so "not pending and
/// not in the filter" proves the event was not counted here without any other read, and "in the filter" is settled by
/// one point read of the marker (the filter has false positives, never false negatives).
/// </summary>
public sealed class AppliedIds
{
    /// <summary>Ids kept verbatim before their markers are written in one go.</summary>
    public const int MaxPending = 16;

    /// <summary>Filter size in bits: 16,384 bits (2 KB) and 3 probes keep false positives under 1 % up to ~1,200 ids, ~20 % at 5,000 (then a marker read each).</summary>
    public const int FilterBits = 16_384;

    private const int Probes = 3;

    /// <summary>Ids counted here whose markers may not exist yet.</summary>
    public List<string> Pending { get; init; } = [];

    /// <summary>The Bloom filter of the ids whose markers exist.</summary>
    public byte[] Seen { get; set; } = new byte[FilterBits / 8];

    /// <summary>Whether <paramref name="id"/> was counted here.</summary>
    public AppliedCheck Check(string id)
    {
        if (Pending.Contains(id, StringComparer.Ordinal)) return AppliedCheck.Yes;
        if (Seen is not { Length: FilterBits / 8 }) return AppliedCheck.Maybe;
        foreach (var bit in Bits(id))
            if ((Seen[bit >> 3] & (1 << (bit & 7))) == 0) return AppliedCheck.No;
        return AppliedCheck.Maybe;
    }

    /// <summary>True when the pending ids should get their markers and move into the filter before another id is added.</summary>
    public bool Full => Pending.Count >= MaxPending;

    /// <summary>Moves every pending id into the filter; call only after their markers exist.</summary>
    public void Settle()
    {
        if (Seen is not { Length: FilterBits / 8 }) Seen = new byte[FilterBits / 8];
        foreach (var id in Pending)
            foreach (var bit in Bits(id))
                Seen[bit >> 3] |= (byte)(1 << (bit & 7));
        Pending.Clear();
    }

    private static IEnumerable<int> Bits(string id)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(id));
        for (var i = 0; i < Probes; i++)
            yield return (int)(BitConverter.ToUInt32(hash, i * 4) % FilterBits);
    }
}
