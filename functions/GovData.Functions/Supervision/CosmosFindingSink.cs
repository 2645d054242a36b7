namespace GovData.Functions.Supervision;

/// <summary>
/// Stores findings in the <c>supervision</c> container as open findings; the id makes raising twice idempotent. Every raise
/// (also a repeated one, in case the first stopped before it) sends the <see cref="SupervisionEventKinds.FindingRaised"/>
/// event with a stable id, so the department's scorecard counts the finding exactly once.
/// </summary>
public sealed class CosmosFindingSink(FindingStore store, ISupervisionEvents events, TimeProvider time) : IFindingSink
{
    /// <inheritdoc />
    public async Task RaiseAsync(Finding finding, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var now = time.GetUtcNow();
        await store.TryCreateAsync(new FindingDocument
        {
            Id = finding.Id,
            Jurisdiction = finding.Jurisdiction,
            Department = finding.Department,
            Rule = finding.Rule,
            Citation = finding.Citation,
            Subject = finding.Subject,
            DueAt = finding.DueAt,
            ActualAt = finding.ActualAt,
            Description = finding.Description,
            RaisedAt = now,
        }, ct);
        var stored = await store.FindAsync(finding.Jurisdiction, finding.Id, ct);
        await events.RecordAsync(new SupervisionEvent
        {
            Id = finding.Id + ":raised",
            Jurisdiction = finding.Jurisdiction,
            Department = finding.Department,
            Kind = SupervisionEventKinds.FindingRaised,
            At = stored?.RaisedAt ?? now,
            Subject = finding.Id,
            Data = new() { ["rule"] = finding.Rule },
        }, ct);
    }
}
