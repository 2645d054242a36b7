using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GovData.Domain.Audit;

/// <summary>One line of the hash-chained audit trail: the record, the previous line's hash, and this line's hash.</summary>
public sealed record AuditChainLink(AuditRecord Record, string Prev, string Hash);

/// <summary>Where a chain stopped being intact.</summary>
public sealed record AuditChainBreak(DateOnly Day, int Line, string Reason);

/// <summary>
/// The tamper-evident chain (000 第三十九条, 004 第二十四条): each link's hash is SHA-256 over the previous hash and the
/// record's canonical JSON, so altering, removing or reordering any stored record breaks every later link.
/// </summary>
public static class AuditChain
{
    /// <summary>The hash the first record of a jurisdiction's trail chains to.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    // Canonical form: declaration order, no indentation, enums by name, nulls written, UTF-8 without escaping surprises.
    private static readonly JsonSerializerOptions Canonical = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <summary>The canonical JSON of a record, the bytes that are hashed.</summary>
    public static string CanonicalJson(AuditRecord record) => JsonSerializer.Serialize(record, Canonical);

    /// <summary>A record from its canonical JSON.</summary>
    public static AuditRecord RecordFromJson(string json) =>
        JsonSerializer.Deserialize<AuditRecord>(json, Canonical) ?? throw new JsonException("not an audit record");

    /// <summary>SHA-256 (hex) over the previous hash and the record's canonical form.</summary>
    public static string HashOf(string prev, AuditRecord record)
    {
        var bytes = Encoding.UTF8.GetBytes(prev + "\n" + CanonicalJson(record));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>Links a record to the chain after <paramref name="prev"/>.</summary>
    public static AuditChainLink Link(string prev, AuditRecord record) => new(record, prev, HashOf(prev, record));

    /// <summary>Serializes a link as one line of the day's file.</summary>
    public static string ToLine(AuditChainLink link) => JsonSerializer.Serialize(link, Canonical) + "\n";

    /// <summary>Parses a line; null when it is not a link.</summary>
    public static AuditChainLink? FromLine(string line)
    {
        try { return JsonSerializer.Deserialize<AuditChainLink>(line, Canonical); }
        catch (JsonException) { return null; }
    }

    /// <summary>
    /// Walks a day's lines from <paramref name="prev"/> and returns the first break, or null with the last hash in
    /// <paramref name="last"/>; a day's first link must carry the previous day's last hash.
    /// </summary>
    public static AuditChainBreak? Verify(DateOnly day, IEnumerable<string> lines, string prev, out string last)
    {
        last = prev;
        var n = 0;
        foreach (var line in lines)
        {
            n++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var link = FromLine(line);
            if (link?.Record is null) return new(day, n, "the line is not a readable audit link");
            if (!string.Equals(link.Prev, last, StringComparison.Ordinal))
                return new(day, n, $"it chains to {Short(link.Prev)} but the previous link's hash is {Short(last)} (a record was removed, inserted or reordered)");
            var expected = HashOf(link.Prev, link.Record);
            if (!string.Equals(link.Hash, expected, StringComparison.Ordinal))
                return new(day, n, $"its content does not match its hash (the record was altered): stored {Short(link.Hash)}, computed {Short(expected)}");
            last = link.Hash;
        }
        return null;
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;
}
