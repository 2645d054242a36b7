namespace GovData.Domain.Opening;

/// <summary>
/// Something in a file about to be published that still looks like an identifier. <see cref="Row"/> counts data rows
/// from 1 (the header is not a row); <see cref="Masked"/> is the identifier masked, never the value itself.
/// </summary>
public sealed record ScanFinding(long Row, string Column, IdentifierKind Kind, string Masked);
