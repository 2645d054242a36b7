namespace GovData.Domain.Calendar;

/// <summary>Thrown when a calendar is built from, or given, a year or a set of local days that does not validate.</summary>
public sealed class CalendarValidationException : Exception
{
    /// <summary>Creates the exception with every error found.</summary>
    public CalendarValidationException(IReadOnlyList<ValidationError> errors)
        : base("The calendar data is not valid: " + string.Join("; ", errors.Select(e => $"{e.Field} {e.Reason}")))
    {
        Errors = errors;
    }

    /// <summary>Every reason, with the field it concerns.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }
}
