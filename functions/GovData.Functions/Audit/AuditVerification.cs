using GovData.Domain.Audit;

namespace GovData.Functions.Audit;

/// <summary>What <c>GET /api/audit/verify</c> answers.</summary>
public sealed record AuditVerificationResult(string Jurisdiction, DateOnly From, DateOnly To, bool Intact, long RecordsChecked,
    AuditChainBreak? FirstBreak, IReadOnlyList<AuditFinding> Findings, string? LastHash, string KeyId);

/// <summary>
/// Verifies a jurisdiction's trail over a range of days against everything that can disagree with it: the hash chain
/// (altered, removed, inserted, reordered records), each day's signed checkpoint (truncation, an emptied day, re-chaining,
/// records appended without the key: <see cref="AuditDayCheck"/>) and the table index (a row missing, a row for no chained
/// record, a row whose content differs from the chain: <c>index-missing</c>, <c>index-extra</c>, <c>index-altered</c>).
/// </summary>
public sealed class AuditVerification(ChainedAuditLog chain, TableAuditLog index)
{
    private const int IndexWindowDays = 31;

    /// <summary>Chains what is pending, then checks each day from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public async Task<AuditVerificationResult> VerifyAsync(string jurisdiction, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await chain.FlushAsync(ct);
        using var key = chain.Signer.PublicKey();
        var prev = await chain.LastHashBeforeAsync(jurisdiction, from, ct);
        var findings = new List<AuditFinding>();
        long records = 0;
        AuditChainBreak? broken = null;
        Dictionary<DateOnly, List<AuditRecord>> rows = [];
        var rowsTo = from.AddDays(-1);
        for (var day = from; day <= to && broken is null; day = day.AddDays(1))
        {
            // The index rows a month at a time: one table query per window, not per day, and never a whole year in memory.
            if (day > rowsTo)
            {
                rowsTo = day.AddDays(IndexWindowDays - 1) < to ? day.AddDays(IndexWindowDays - 1) : to;
                rows = await index.ReadDaysAsync(jurisdiction, day, rowsTo, ct);
            }
            var lines = await chain.ReadDayAsync(jurisdiction, day, ct);
            var head = await chain.Journal.HeadAsync(jurisdiction, day, ct);
            var result = AuditDayCheck.Run(day, lines, prev, head?.Signed, key);
            records += result.Records;
            prev = result.LastHash;
            broken = result.Break;
            findings.AddRange(result.Findings);
            if (broken is null) findings.AddRange(CompareIndex(day, result.Chained, rows.GetValueOrDefault(day) ?? []));
        }
        return new AuditVerificationResult(jurisdiction, from, to, broken is null && findings.Count == 0, records, broken, findings,
            broken is null ? prev : null, chain.Signer.KeyId);
    }

    private static IEnumerable<AuditFinding> CompareIndex(DateOnly day, IReadOnlyList<AuditRecord> chained, List<AuditRecord> rows)
    {
        var inChain = new Dictionary<string, AuditRecord>(StringComparer.Ordinal);
        foreach (var r in chained) inChain.TryAdd(r.Id, r);
        var inIndex = new Dictionary<string, AuditRecord>(StringComparer.Ordinal);
        foreach (var r in rows) inIndex.TryAdd(r.Id, r);
        var missing = inChain.Keys.Where(id => !inIndex.ContainsKey(id)).ToList();
        var extra = inIndex.Keys.Where(id => !inChain.ContainsKey(id)).ToList();
        // The table keeps the instant, not the offset it was written with: compare instants.
        static string Form(AuditRecord r) => AuditChain.CanonicalJson(r with { At = r.At.ToUniversalTime() });
        var altered = inChain.Where(c => inIndex.TryGetValue(c.Key, out var row) && Form(row) != Form(c.Value)).Select(c => c.Key).ToList();
        if (missing.Count > 0) yield return new(day, "index-missing", $"{missing.Count} chained records have no index row (first: {missing[0]})");
        if (extra.Count > 0) yield return new(day, "index-extra", $"{extra.Count} index rows match no chained record (first: {extra[0]})");
        if (altered.Count > 0) yield return new(day, "index-altered", $"{altered.Count} index rows differ from the chained record (first: {altered[0]})");
    }
}
