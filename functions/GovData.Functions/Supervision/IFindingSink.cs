namespace GovData.Functions.Supervision;

/// <summary>Where features raise supervision findings (a missed statutory deadline, a broken rule); issue 8 builds on it.</summary>
public interface IFindingSink
{
    /// <summary>Raises a finding; raising the same <see cref="Finding.Id"/> again is harmless.</summary>
    Task RaiseAsync(Finding finding, CancellationToken ct);
}

/// <summary>A supervision finding: which rule (and article) a department missed, on what, when it was due and when (if ever) it was done.</summary>
public sealed record Finding(string Id, string Jurisdiction, string Department, string Rule, string Citation, string Subject, DateTimeOffset DueAt, DateTimeOffset? ActualAt, string Description);
