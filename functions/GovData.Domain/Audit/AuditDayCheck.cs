using System.Security.Cryptography;
using System.Text.Json;

namespace GovData.Domain.Audit;

/// <summary>Something verification found besides a broken link: a day that does not match its checkpoint, or an index that does not match the chain.</summary>
public sealed record AuditFinding(DateOnly Day, string Kind, string Detail);

/// <summary>What checking one day found.</summary>
public sealed record AuditDayResult(DateOnly Day, int Records, string LastHash, AuditChainBreak? Break, IReadOnlyList<AuditFinding> Findings, IReadOnlyList<AuditRecord> Chained);

/// <summary>
/// Checks one day of a trail: the hash chain from the previous day's last hash (altered, removed, inserted or reordered
/// records), then the day against its signed checkpoint, which the chain alone cannot give: records dropped from the end
/// or the whole day emptied (<c>truncated</c>, <c>emptied</c>), records altered with every later hash recomputed
/// (<c>rechained</c>), records appended after the last checkpoint (<c>unanchored</c>: forged, or written in the last
/// moments), a checkpoint that is not signed by the trail's key (<c>checkpoint-invalid</c>) and a day with records but no
/// checkpoint (<c>no-checkpoint</c>). Pure: the online verify and the offline command both use it.
/// </summary>
public static class AuditDayCheck
{
    /// <summary>Checks <paramref name="lines"/> (the day's links in order, all segments) against <paramref name="checkpoint"/>.</summary>
    public static AuditDayResult Run(DateOnly day, IReadOnlyList<string> lines, string prev, SignedAuditCheckpoint? checkpoint, ECDsa? publicKey)
    {
        var findings = new List<AuditFinding>();
        var hashes = new List<string>(lines.Count);
        var records = new List<AuditRecord>(lines.Count);
        var last = prev;
        AuditChainBreak? broken = null;
        var n = 0;
        foreach (var line in lines)
        {
            n++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var link = AuditChain.FromLine(line);
            if (link?.Record is null) { broken = new(day, n, "the line is not a readable audit link"); break; }
            if (!string.Equals(link.Prev, last, StringComparison.Ordinal))
            { broken = new(day, n, $"it chains to {Short(link.Prev)} but the previous link's hash is {Short(last)} (a record was removed, inserted or reordered)"); break; }
            var expected = AuditChain.HashOf(link.Prev, link.Record);
            if (!string.Equals(link.Hash, expected, StringComparison.Ordinal))
            { broken = new(day, n, $"its content does not match its hash (the record was altered): stored {Short(link.Hash)}, computed {Short(expected)}"); break; }
            last = link.Hash;
            hashes.Add(link.Hash);
            records.Add(link.Record);
        }
        var count = broken is null ? records.Count : broken.Line - 1;

        if (checkpoint is null)
        {
            if (records.Count > 0) findings.Add(new(day, "no-checkpoint", $"{records.Count} records but no signed checkpoint: nothing anchors this day's end"));
        }
        else if (publicKey is not null && !AuditCheckpoints.IsValid(checkpoint, publicKey))
            findings.Add(new(day, "checkpoint-invalid", $"the checkpoint of {checkpoint.Checkpoint.Count} records is not signed by the trail's key {AuditCheckpoints.KeyId(publicKey)}"));
        else if (broken is null)
        {
            var cp = checkpoint.Checkpoint;
            if (cp.Count > records.Count)
                findings.Add(records.Count == 0
                    ? new(day, "emptied", $"the day file holds no record, but the checkpoint signed at {cp.At:O} counts {cp.Count}")
                    : new(day, "truncated", $"the day file holds {records.Count} records, but the checkpoint signed at {cp.At:O} counts {cp.Count}: records were removed from the end"));
            else if (cp.Count > 0 && !string.Equals(hashes[(int)cp.Count - 1], cp.Hash, StringComparison.Ordinal))
                findings.Add(new(day, "rechained", $"record {cp.Count} hashes to {Short(hashes[(int)cp.Count - 1])}, but the checkpoint signed at {cp.At:O} says {Short(cp.Hash)}: records were altered and the chain recomputed"));
            else if (cp.Count < records.Count)
                findings.Add(new(day, "unanchored", $"{records.Count - cp.Count} records after the last checkpoint (signed at {cp.At:O} for {cp.Count}): appended by someone without the key, unless written in the last seconds"));
        }
        return new AuditDayResult(day, count, last, broken, findings, records);
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;
}

/// <summary>
/// An exported trail (<c>GET /api/audit/trail</c>) and its offline check. JSON Lines: a header
/// <c>{"trail":{jurisdiction, from, to, prev, keyId, publicKey}}</c>, then for each day a line <c>{"day":"yyyy-MM-dd"}</c>,
/// the day's links as stored, and the day's signed checkpoint line when there is one.
/// </summary>
public static class AuditTrailBundle
{
    /// <summary>The header of an exported trail.</summary>
    public sealed record Header(string Jurisdiction, DateOnly From, DateOnly To, string Prev, string KeyId, string PublicKey);

    /// <summary>What the offline check found.</summary>
    public sealed record Report(string Jurisdiction, int Days, long Records, AuditChainBreak? FirstBreak, IReadOnlyList<AuditFinding> Findings, string KeyId)
    {
        /// <summary>No broken link and no finding.</summary>
        public bool Intact => FirstBreak is null && Findings.Count == 0;
    }

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The header line.</summary>
    public static string HeaderLine(Header h) => JsonSerializer.Serialize(new { trail = h }, Json);

    /// <summary>The line that opens a day.</summary>
    public static string DayLine(DateOnly day) => JsonSerializer.Serialize(new { day }, Json);

    /// <summary>
    /// Checks an exported trail. With <paramref name="pinnedPublicKeyPem"/> (the key the auditor got from the platform
    /// beforehand) the checkpoints must be signed by it; without, by the key in the header (which proves less: whoever
    /// rewrote the file could have replaced the key too).
    /// </summary>
    public static Report Verify(IEnumerable<string> lines, string? pinnedPublicKeyPem)
    {
        using var e = lines.GetEnumerator();
        if (!e.MoveNext()) throw new InvalidDataException("the file is empty");
        var header = JsonDocument.Parse(e.Current).RootElement.GetProperty("trail").Deserialize<Header>(Json) ?? throw new InvalidDataException("no trail header");
        using var key = AuditCheckpoints.PublicKeyFromPem(pinnedPublicKeyPem ?? header.PublicKey);
        var findings = new List<AuditFinding>();
        if (pinnedPublicKeyPem is not null && AuditCheckpoints.KeyId(key) != header.KeyId)
            findings.Add(new(header.From, "key-mismatch", $"the file names key {header.KeyId}, but the pinned key is {AuditCheckpoints.KeyId(key)}"));
        var prev = header.Prev;
        long records = 0;
        var days = 0;
        AuditChainBreak? firstBreak = null;
        DateOnly? day = null;
        var links = new List<string>();
        SignedAuditCheckpoint? checkpoint = null;

        void Close()
        {
            if (day is not { } d) return;
            days++;
            if (firstBreak is null)
            {
                var r = AuditDayCheck.Run(d, links, prev, checkpoint, key);
                records += r.Records;
                prev = r.LastHash;
                firstBreak = r.Break;
                findings.AddRange(r.Findings);
            }
            links.Clear();
            checkpoint = null;
        }

        while (e.MoveNext())
        {
            var line = e.Current;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (line.StartsWith("{\"day\":", StringComparison.Ordinal))
            {
                Close();
                day = DateOnly.Parse(JsonDocument.Parse(line).RootElement.GetProperty("day").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("{\"checkpoint\":", StringComparison.Ordinal)) checkpoint = AuditCheckpoints.FromLine(line);
            else links.Add(line);
        }
        Close();
        return new Report(header.Jurisdiction, days, records, firstBreak, findings, AuditCheckpoints.KeyId(key));
    }
}
