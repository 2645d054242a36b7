namespace GovData.Domain.Calendar;

/// <summary>Checks a jurisdiction's <see cref="LocalDaysOff"/> before a calendar uses them.</summary>
public static class LocalDaysOffValidator
{
    /// <summary>Every reason the set is not valid; empty when it is.</summary>
    public static IReadOnlyList<ValidationError> Validate(LocalDaysOff local)
    {
        ArgumentNullException.ThrowIfNull(local);
        var errors = new List<ValidationError>();
        // Only the shape is checked here: whether the code names a known jurisdiction is the caller's business.
        if (local.Jurisdiction is not { Length: 6 } code || !code.All(char.IsAsciiDigit))
            errors.Add(new("jurisdiction", "must be a six-digit GB/T 2260 division code"));
        if (local.Version < 1)
            errors.Add(new("version", "must be 1 or more"));
        if (string.IsNullOrWhiteSpace(local.Source))
            errors.Add(new("source", "is required: name the local notice"));
        if (local.Days is null)
        {
            errors.Add(new("days", "is required (use an empty list when there are none)"));
            return errors;
        }
        var seen = new Dictionary<DateOnly, int>();
        for (var i = 0; i < local.Days.Count; i++)
        {
            var day = local.Days[i];
            if (day is null)
            {
                errors.Add(new($"days[{i}]", "is required"));
                continue;
            }
            if (day.Date.Year < ChinaTime.FirstYearWithoutDaylightSaving || day.Date.Year > CalendarYearValidator.LastYear)
                errors.Add(new($"days[{i}].date", $"must be between {ChinaTime.FirstYearWithoutDaylightSaving} and {CalendarYearValidator.LastYear}"));
            if (string.IsNullOrWhiteSpace(day.Name))
                errors.Add(new($"days[{i}].name", "is required"));
            if (seen.TryGetValue(day.Date, out var first))
                errors.Add(new($"days[{i}].date", $"{day.Date:yyyy-MM-dd} is already listed at days[{first}]"));
            else
                seen[day.Date] = i;
        }
        return errors;
    }
}
