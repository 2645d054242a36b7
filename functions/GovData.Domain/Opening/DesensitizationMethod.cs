namespace GovData.Domain.Opening;

/// <summary>What happens to one data item's values before opening (000 第二十九条, 004 第十七条); see docs/opening.md.</summary>
public enum DesensitizationMethod
{
    /// <summary>Published as it is; not allowed for personal or sensitive items.</summary>
    None,
    /// <summary>Characters replaced by <c>*</c>, keeping a documented prefix and suffix (<see cref="MaskStyle"/>).</summary>
    Mask,
    /// <summary>Made coarser: a date to its year or month, an address to its district (<see cref="Generalization"/>).</summary>
    Generalize,
    /// <summary>Replaced by a keyed-hash pseudonym, stable within one dataset and different across datasets.</summary>
    KeyedHash,
    /// <summary>The column is removed from the published file.</summary>
    Drop,
}

/// <summary>Which prefix and suffix a <see cref="DesensitizationMethod.Mask"/> keeps.</summary>
public enum MaskStyle
{
    /// <summary>公民身份号码: first 6 and last 4 (110101********1234); the 15-digit old form keeps 6 and 3.</summary>
    ResidentIdNumber,
    /// <summary>Phone number: first 3 and last 4 digits of the national number (138****5678); a +86/0086 prefix stays.</summary>
    PhoneNumber,
    /// <summary>Personal name: the surname (张*, 欧阳**; compound surnames from a fixed list); other names keep the first character.</summary>
    PersonalName,
    /// <summary>Bank card: the last 4 digits (************1234); separators stay.</summary>
    BankCard,
    /// <summary>E-mail: first character of the local part and the domain (z*******@example.com).</summary>
    Email,
    /// <summary>Free text: every resident ID, mobile number, bank card number and e-mail inside it is masked as above; the rest stays.</summary>
    FreeText,
    /// <summary>The first <c>KeepFirst</c> and last <c>KeepLast</c> letters or digits; everything shorter is masked completely.</summary>
    KeepEnds,
}

/// <summary>How coarse a <see cref="DesensitizationMethod.Generalize"/> makes a value.</summary>
public enum Generalization
{
    /// <summary>A date (yyyy-MM-dd, yyyyMMdd, yyyy/M/d, yyyy年M月d日, or a date and time) to its year: 1990.</summary>
    Year,
    /// <summary>A date to its year and month: 1990-03.</summary>
    Month,
    /// <summary>An address cut after its first county-level component (区, 县, 市辖区; else a county-level 市): 福建省龙岩市新罗区.</summary>
    District,
}
