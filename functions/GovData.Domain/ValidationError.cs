namespace GovData.Domain;

/// <summary>One reason an input is not valid: the field (a JSON path such as <c>dataItems[2].name</c>) and why.</summary>
public sealed record ValidationError(string Field, string Reason);
