namespace GovData.Domain.Calendar;

/// <summary>How the day a deadline counts from is fixed.</summary>
public enum DateOfReceiptKind
{
    /// <summary>
    /// The statutory reading of "自收到之日起 N 个工作日": the day of receipt is the calendar date of receipt in China time,
    /// whatever the hour or the kind of day, and is not counted (民法典 第二百零一条): day 1 is the first working day after it.
    /// </summary>
    CalendarDate,
    /// <summary>
    /// A local rule: a receipt on a rest day, or at or after the office close, is deemed received on the next working day,
    /// which is then not counted either. Only a jurisdiction whose own text says so carries it, with the article.
    /// </summary>
    NextWorkingDayAfterHours,
}

/// <summary>The rule that fixes the day of receipt a deadline counts from.</summary>
/// <param name="Kind">Which reading.</param>
/// <param name="OfficeClose">For <see cref="DateOfReceiptKind.NextWorkingDayAfterHours"/>: the local time from which a receipt counts as after hours (exclusive of earlier times).</param>
public sealed record DateOfReceipt(DateOfReceiptKind Kind, TimeOnly? OfficeClose = null)
{
    /// <summary>The statutory reading (民法典 第二百零一条), the default everywhere.</summary>
    public static DateOfReceipt Statutory { get; } = new(DateOfReceiptKind.CalendarDate);

    /// <summary>A local after-hours rule with the given office close.</summary>
    public static DateOfReceipt NextWorkingDayAfter(TimeOnly officeClose) => new(DateOfReceiptKind.NextWorkingDayAfterHours, officeClose);

    /// <summary>Why the rule is not usable, or null.</summary>
    public string? Problem() => Kind switch
    {
        DateOfReceiptKind.CalendarDate when OfficeClose is not null => "officeClose applies only to NextWorkingDayAfterHours",
        DateOfReceiptKind.NextWorkingDayAfterHours when OfficeClose is null => "officeClose (HH:mm) is required for NextWorkingDayAfterHours",
        DateOfReceiptKind.CalendarDate or DateOfReceiptKind.NextWorkingDayAfterHours => null,
        _ => $"kind must be one of {string.Join(", ", Enum.GetNames<DateOfReceiptKind>())}",
    };

    /// <inheritdoc />
    public override string ToString() => Kind == DateOfReceiptKind.CalendarDate
        ? "the calendar date of receipt in China time, not counted (民法典 第二百零一条)"
        : $"the next working day when received on a rest day or at or after {OfficeClose?.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)}, not counted";
}
