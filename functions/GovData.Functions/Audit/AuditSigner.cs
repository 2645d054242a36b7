using System.Security.Cryptography;
using GovData.Domain.Audit;

namespace GovData.Functions.Audit;

/// <summary>
/// The key that signs the trail's checkpoints (ECDSA P-256). Locally a PEM file (<c>Audit:SigningKeyFile</c>; by default
/// <c>govdata/audit-signing-key.pem</c> in the temp folder, created on first use, readable by its owner only). In Azure the
/// key belongs in Key Vault (a signing client is not wired yet: see docs/audit.md); the file setting then points at a
/// mounted key. The public key is served at <c>GET /api/audit/signing-key</c> for auditors to pin.
/// </summary>
public sealed class AuditSigner : IDisposable
{
    private readonly ECDsa _key;

    /// <summary>Loads the key file, creating it when it does not exist yet.</summary>
    public AuditSigner(IConfiguration configuration, ILogger<AuditSigner> logger)
    {
        var path = configuration["Audit:SigningKeyFile"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "govdata", "audit-signing-key.pem");
        _key = ECDsa.Create();
        if (!File.Exists(path))
        {
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            try
            {
                // CreateNew: when two instances start at once, one writes the key and the other reads it.
                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                using var writer = new StreamWriter(file);
                writer.Write(fresh.ExportPkcs8PrivateKeyPem());
                logger.LogWarning("Audit signing key created at {Path} (key id {KeyId}); in Azure use a Key Vault key", path, AuditCheckpoints.KeyId(fresh));
            }
            catch (IOException) when (File.Exists(path)) { }
        }
        for (var attempt = 0; ; attempt++)
        {
            try { _key.ImportFromPem(File.ReadAllText(path)); break; }
            catch (ArgumentException) when (attempt < 20) { Thread.Sleep(50); } // the other instance is still writing it
        }
        KeyId = AuditCheckpoints.KeyId(_key);
        PublicKeyPem = _key.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>The key's id (named in every checkpoint).</summary>
    public string KeyId { get; }

    /// <summary>The public key, PEM.</summary>
    public string PublicKeyPem { get; }

    /// <summary>The public key, for checking.</summary>
    public ECDsa PublicKey() => AuditCheckpoints.PublicKeyFromPem(PublicKeyPem);

    /// <summary>Signs a checkpoint of <paramref name="count"/> records ending in <paramref name="hash"/>.</summary>
    public SignedAuditCheckpoint Sign(string jurisdiction, DateOnly day, long count, string hash, DateTimeOffset at) =>
        AuditCheckpoints.Sign(new AuditCheckpoint(jurisdiction, day, count, hash, at, KeyId), _key);

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
