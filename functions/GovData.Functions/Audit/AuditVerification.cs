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
        Dictionary<DateOnly, IndexedDay> rows = [];
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
            if (broken is null) findings.AddRange(CompareIndex(day, result.Chained, rows.GetValueOrDefault(day)));
        }
        return new AuditVerificationResult(jurisdiction, from, to, broken is null && findings.Count == 0, records, broken, findings,
            broken is null ? prev : null, chain.Signer.KeyId);
    }

    private static IEnumerable<AuditFinding> CompareIndex(DateOnly day, IReadOnlyList<AuditRecord> chained, IndexedDay? rows)
    {
        rows ??= new IndexedDay([], []);
        // Every place of the chain must be in some row, and every place a row names must hold the chained record there
        // (rows may overlap: each copy is checked).
        var covered = new bool[chained.Count];
        var extra = new List<long>();
        var altered = new List<long>();
        // The table keeps the instant, not the offset it was written with: compare instants.
        static string Form(AuditRecord r) => AuditChain.CanonicalJson(r with { At = r.At.ToUniversalTime() });
        foreach (var (sequence, record) in rows.Records)
        {
            if (sequence < 0 || sequence >= chained.Count) { extra.Add(sequence); continue; }
            covered[sequence] = true;
            if (Form(record) != Form(chained[(int)sequence])) altered.Add(sequence);
        }
        var missing = Enumerable.Range(0, chained.Count).Where(i => !covered[i]).ToList();
        if (missing.Count > 0) yield return new(day, "index-missing", $"{missing.Count} chained records have no index row (first: record {missing[0] + 1}, {chained[missing[0]].Id})");
        if (extra.Count > 0) yield return new(day, "index-extra", $"{extra.Count} indexed records are beyond the chain's {chained.Count} (first: record {extra[0] + 1})");
        if (altered.Count > 0) yield return new(day, "index-altered", $"{altered.Count} indexed records differ from the chained record at their place (first: record {altered[0] + 1}, {chained[(int)altered[0]].Id})");
        if (rows.Unreadable.Count > 0) yield return new(day, "index-altered", $"{rows.Unreadable.Count} index rows cannot be read as the records they name (first: {rows.Unreadable[0]})");
    }
}
