using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GovData.Domain.Audit;

/// <summary>
/// A signed head of one jurisdiction's trail for one day, like a signed tree head in Certificate Transparency: the number
/// of records chained that day and the hash of the last one, when it was signed, and by which key. Kept apart from the
/// trail (in Cosmos), so truncating or re-chaining the day file no longer matches it.
/// </summary>
public sealed record AuditCheckpoint(string Jurisdiction, DateOnly Day, long Count, string Hash, DateTimeOffset At, string KeyId);

/// <summary>A checkpoint with its ECDSA P-256 signature (base64, IEEE P1363) over <see cref="AuditCheckpoints.SignedBytes"/>.</summary>
public sealed record SignedAuditCheckpoint(AuditCheckpoint Checkpoint, string Signature);

/// <summary>Signing and checking checkpoints; the key id is the first 16 hex digits of SHA-256 over the public key (SPKI).</summary>
public static class AuditCheckpoints
{
    private static readonly JsonSerializerOptions Canonical = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The bytes that are signed: the checkpoint's canonical JSON.</summary>
    public static byte[] SignedBytes(AuditCheckpoint c) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(c, Canonical));

    /// <summary>The id of a public key.</summary>
    public static string KeyId(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    /// <summary>Signs <paramref name="c"/> with <paramref name="key"/>.</summary>
    public static SignedAuditCheckpoint Sign(AuditCheckpoint c, ECDsa key) =>
        new(c, Convert.ToBase64String(key.SignData(SignedBytes(c), HashAlgorithmName.SHA256)));

    /// <summary>True when the signature is good and made by <paramref name="publicKey"/>, whose id the checkpoint names.</summary>
    public static bool IsValid(SignedAuditCheckpoint s, ECDsa publicKey)
    {
        if (!string.Equals(s.Checkpoint.KeyId, KeyId(publicKey), StringComparison.Ordinal)) return false;
        try { return publicKey.VerifyData(SignedBytes(s.Checkpoint), Convert.FromBase64String(s.Signature), HashAlgorithmName.SHA256); }
        catch (FormatException) { return false; }
    }

    /// <summary>A public key from PEM (SubjectPublicKeyInfo).</summary>
    public static ECDsa PublicKeyFromPem(string pem)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return key;
    }

    /// <summary>Serializes a signed checkpoint as one JSON line (used in exported trails).</summary>
    public static string ToLine(SignedAuditCheckpoint s) => JsonSerializer.Serialize(new CheckpointLine(s.Checkpoint, s.Signature), Canonical);

    /// <summary>Parses a checkpoint line; null when the line is not one.</summary>
    public static SignedAuditCheckpoint? FromLine(string line)
    {
        try
        {
            var l = JsonSerializer.Deserialize<CheckpointLine>(line, Canonical);
            return l?.Checkpoint is null || l.Signature is null ? null : new SignedAuditCheckpoint(l.Checkpoint, l.Signature);
        }
        catch (JsonException) { return null; }
    }

    private sealed record CheckpointLine(AuditCheckpoint Checkpoint, string Signature);
}
