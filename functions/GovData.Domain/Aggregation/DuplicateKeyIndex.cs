using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace GovData.Domain.Aggregation;

/// <summary>
/// Remembers each key seen in a submission as a 128-bit hash with its first row, so memory grows by about 40 bytes per
/// distinct key rather than with the key text; the chance of two different keys colliding over 10^7 rows is about 10^-25.
/// </summary>
public sealed class DuplicateKeyIndex
{
    private const ulong C1 = 0x87c37b91114253d5UL, C2 = 0x4cf5ad432745937fUL;
    private readonly Dictionary<UInt128, long> firstRows = [];

    /// <summary>Distinct keys seen so far.</summary>
    public int Count => firstRows.Count;

    /// <summary>Records the key of <paramref name="row"/>; returns the earlier row with the same key, or null.</summary>
    public long? Add(UInt128 key, long row)
    {
        ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(firstRows, key, out var exists);
        if (exists) return first;
        first = row;
        return null;
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
