using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace GovData.Domain.Opening;

/// <summary>
/// Keyed-hash pseudonyms: HMAC-SHA256 under a key derived from the platform secret (configuration) and a per-dataset
/// salt, cut to 80 bits and written as 16 base32 characters. The same value gives the same pseudonym within a dataset
/// (so records still join) and a different one in another dataset (so datasets cannot be linked); without the secret
/// nobody can test a guessed ID number against it.
/// </summary>
public sealed class Pseudonymizer
{
    /// <summary>Characters of a pseudonym.</summary>
    public const int Length = 16;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567"; // RFC 4648 base32, lower case
    private static readonly byte[] Label = "GovData.Opening.Pseudonym/v1\0"u8.ToArray();
    // One HMAC context reused under a lock: creating a context per value costs more than hashing it (docs/opening.md).
    private readonly IncrementalHash _hmac;

    /// <summary>Derives the dataset key. <paramref name="secret"/> must have at least 32 bytes; <paramref name="datasetSalt"/> names the dataset (e.g. its open dataset id).</summary>
    public Pseudonymizer(ReadOnlySpan<byte> secret, string datasetSalt)
    {
        if (secret.Length < 32) throw new ArgumentException("the pseudonym secret must have at least 32 bytes", nameof(secret));
        ArgumentException.ThrowIfNullOrWhiteSpace(datasetSalt);
        var salt = Encoding.UTF8.GetBytes(datasetSalt);
        var message = new byte[Label.Length + salt.Length];
        Label.CopyTo(message, 0);
        salt.CopyTo(message, Label.Length);
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, HMACSHA256.HashData(secret, message));
    }

    /// <summary>Writes the pseudonym of <paramref name="value"/> (16 characters; nothing for an empty value) and returns its length.</summary>
    public int Write(ReadOnlySpan<char> value, Span<char> destination)
    {
        value = value.Trim();
        if (value.IsEmpty) return 0;
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var bytes = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var n = Encoding.UTF8.GetBytes(value, bytes);
            Span<byte> hash = stackalloc byte[32];
            lock (_hmac)
            {
                _hmac.AppendData(bytes[..n]);
                _hmac.GetHashAndReset(hash);
            }
            // 10 bytes = 80 bits = 16 groups of 5 bits.
            ulong hi = 0;
            for (var i = 0; i < 5; i++) hi = (hi << 8) | hash[i];
            ulong lo = 0;
            for (var i = 5; i < 10; i++) lo = (lo << 8) | hash[i];
            for (var i = 0; i < 8; i++)
            {
                destination[i] = Alphabet[(int)((hi >> (35 - 5 * i)) & 31)];
                destination[8 + i] = Alphabet[(int)((lo >> (35 - 5 * i)) & 31)];
            }
            return Length;
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The pseudonym of <paramref name="value"/> as a string.</summary>
    public string Apply(ReadOnlySpan<char> value)
    {
        Span<char> buffer = stackalloc char[Length];
        return new string(buffer[..Write(value, buffer)]);
    }
}
