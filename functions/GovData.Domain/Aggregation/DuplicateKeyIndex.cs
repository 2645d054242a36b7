using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace GovData.Domain.Aggregation;

/// <summary>
/// Remembers each key seen in a submission as a 96-bit fingerprint of its 128-bit hash with its first row, so memory
/// grows by 16-32 bytes per distinct key rather than with the key text; the chance of two different keys colliding over
/// 10^7 rows is about 10^-15. An open-addressing table (linear probing, 16-byte slots) that can be sized up front: at a
/// million keys every insert is a random memory access, and growing the table repeats them.
/// </summary>
public sealed class DuplicateKeyIndex
{
    private const ulong C1 = 0x87c37b91114253d5UL, C2 = 0x4cf5ad432745937fUL;
    private Slot[] slots = new Slot[1 << 12];
    private int count;

    private struct Slot
    {
        public ulong Hi;
        public uint Lo;
        public int Row; // 0: empty (row numbers start at 1)
    }

    /// <summary>Distinct keys seen so far.</summary>
    public int Count => count;

    /// <summary>Sizes the table for about <paramref name="keys"/> distinct keys, so it does not grow (and rehash) while filling.</summary>
    public void EnsureCapacity(long keys)
    {
        var wanted = (long)BitOperations.RoundUpToPowerOf2((ulong)Math.Clamp(keys + keys / 2, 16, 1L << 30));
        while (slots.Length < wanted) Grow();
    }

    /// <summary>Records the key of <paramref name="row"/> (1 to int.MaxValue); returns the earlier row with the same key, or null.</summary>
    public long? Add(UInt128 key, long row)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(row, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(row, int.MaxValue);
        if (count >= slots.Length - (slots.Length >> 2)) Grow();
        var lo = (uint)(ulong)key;
        var hi = (ulong)(key >> 64);
        var position = (int)(hi ^ lo);
        var mask = slots.Length - 1;
        for (var i = position & mask; ; i = (i + 1) & mask)
        {
            ref var slot = ref slots[i];
            if (slot.Row == 0)
            {
                slot.Lo = lo; slot.Hi = hi; slot.Row = (int)row;
                count++;
                return null;
            }
            if (slot.Lo == lo && slot.Hi == hi) return slot.Row;
        }
    }

    // The probe position is derived from what a slot keeps, so growing the table can place every slot again.
    private static ulong Position(Slot s) => s.Hi ^ s.Lo;

    private void Grow()
    {
        var old = slots;
        slots = new Slot[old.Length * 2];
        var mask = slots.Length - 1;
        foreach (var s in old)
        {
            if (s.Row == 0) continue;
            var i = (int)Position(s) & mask;
            while (slots[i].Row != 0) i = (i + 1) & mask;
            slots[i] = s;
        }
    }

    /// <summary>Starts a key hash.</summary>
    public static KeyHasher Hasher() => new(0x9368e53c2f6af274UL, 0x586dcd208f7cd3fdUL);

    /// <summary>Accumulates the key items' values (MurmurHash3 x64 128 mixing; each field's length is hashed so "ab","c" differs from "a","bc").</summary>
    public struct KeyHasher
    {
        private ulong h1, h2;

        internal KeyHasher(ulong seed1, ulong seed2) { h1 = seed1; h2 = seed2; }

        /// <summary>Adds one field.</summary>
        public void Add(ReadOnlySpan<char> value)
        {
            var bytes = MemoryMarshal.AsBytes(value);
            while (bytes.Length >= 16)
            {
                Block(BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));
                bytes = bytes[16..];
            }
            Span<byte> tail = stackalloc byte[16];
            tail.Clear();
            bytes.CopyTo(tail);
            tail[15] ^= (byte)(0x80 | bytes.Length);
            Block(BinaryPrimitives.ReadUInt64LittleEndian(tail), BinaryPrimitives.ReadUInt64LittleEndian(tail[8..]) ^ (ulong)value.Length);
        }

        /// <summary>The 128-bit hash of the fields added.</summary>
        public readonly UInt128 Finish()
        {
            ulong a = h1 + h2, b = h2 + a;
            a = Fmix(a); b = Fmix(b);
            a += b; b += a;
            return new UInt128(a, b);
        }

        private void Block(ulong k1, ulong k2)
        {
            k1 *= C1; k1 = BitOperations.RotateLeft(k1, 31); k1 *= C2; h1 ^= k1;
            h1 = BitOperations.RotateLeft(h1, 27); h1 += h2; h1 = h1 * 5 + 0x52dce729;
            k2 *= C2; k2 = BitOperations.RotateLeft(k2, 33); k2 *= C1; h2 ^= k2;
            h2 = BitOperations.RotateLeft(h2, 31); h2 += h1; h2 = h2 * 5 + 0x38495ab5;
        }

        private static ulong Fmix(ulong k)
        {
            k ^= k >> 33; k *= 0xff51afd7ed558ccdUL; k ^= k >> 33; k *= 0xc4ceb9fe1a85ec53UL; k ^= k >> 33;
            return k;
        }
    }
}
