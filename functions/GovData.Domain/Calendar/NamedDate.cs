namespace GovData.Domain.Calendar;

/// <summary>A calendar date with the name it carries in a notice, e.g. 2026-02-17 春节 or 2026-02-14 春节调休.</summary>
public sealed record NamedDate(DateOnly Date, string Name);
