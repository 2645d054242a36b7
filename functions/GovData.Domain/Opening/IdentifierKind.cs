namespace GovData.Domain.Opening;

/// <summary>Kinds of personal identifiers found inside values; flags so callers can ask for several at once.</summary>
[Flags]
public enum IdentifierKind
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary>公民身份号码: 18 characters with a valid GB 11643 check digit, or the 15-digit old form with a plausible date.</summary>
    ResidentIdNumber = 1,
    /// <summary>Mainland mobile number 1[3-9] and 9 digits, optionally after +86, 86 or 0086.</summary>
    MobileNumber = 2,
    /// <summary>13 to 19 digits passing the Luhn check (spaces or hyphens between groups allowed).</summary>
    BankCard = 4,
    /// <summary>An e-mail address (masked in free text; not a scanner finding).</summary>
    Email = 8,
    /// <summary>What the pre-publish scanner refuses.</summary>
    Scanned = ResidentIdNumber | MobileNumber | BankCard,
    /// <summary>What free-text masking hides.</summary>
    All = Scanned | Email,
}

/// <summary>Where an identifier was found in a value: <see cref="Start"/> and <see cref="Length"/> in characters.</summary>
public readonly record struct IdentifierMatch(IdentifierKind Kind, int Start, int Length)
{
    /// <summary>The index just after the match.</summary>
    public int End => Start + Length;
}
