namespace GovData.Domain.Calendar;

/// <summary>Checks a <see cref="CalendarYear"/> before it is loaded, so a mistyped or wrong-year upload is rejected with every reason at once.</summary>
public static class CalendarYearValidator
{
    /// <summary>The last year accepted: the next year must still be a valid <see cref="DateOnly"/> for end-of-day instants.</summary>
    public const int LastYear = 9998;

    // Fixed-date statutory holidays (全国年节及纪念日放假办法 第二条); a year's list without them is not that year's notice.
    private static readonly (int Month, int Day, string Name)[] FixedStatutoryHolidays =
        [(1, 1, "元旦"), (5, 1, "劳动节"), (10, 1, "国庆节"), (10, 2, "国庆节"), (10, 3, "国庆节")];

    /// <summary>Every reason the year is not valid; empty when it is.</summary>
    public static IReadOnlyList<ValidationError> Validate(CalendarYear year)
    {
        ArgumentNullException.ThrowIfNull(year);
        var errors = new List<ValidationError>();
        if (year.Year < ChinaTime.FirstYearWithoutDaylightSaving || year.Year > LastYear)
            errors.Add(new("year", $"must be between {ChinaTime.FirstYearWithoutDaylightSaving} and {LastYear}: before {ChinaTime.FirstYearWithoutDaylightSaving} China observed daylight saving time, which the fixed +08:00 offset does not model"));
        if (string.IsNullOrWhiteSpace(year.Source))
            errors.Add(new("source", "is required: name the notice, e.g. 国办发明电〔2025〕7号"));
        if (year.Version < 1)
            errors.Add(new("version", "must be 1 or more"));

        var holidays = CheckDates(year.Year, year.Holidays, "holidays", errors);
        CheckDates(year.Year, year.AdjustedWorkingDays, "adjustedWorkingDays", errors);

        for (var i = 0; i < (year.AdjustedWorkingDays?.Count ?? 0); i++)
        {
            var day = year.AdjustedWorkingDays![i];
            if (day is null) continue;
            if (day.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                errors.Add(new($"adjustedWorkingDays[{i}].date", $"{day.Date:yyyy-MM-dd} is a {day.Date.DayOfWeek}: only a Saturday or Sunday can be declared a working day"));
            if (holidays.Contains(day.Date))
                errors.Add(new($"adjustedWorkingDays[{i}].date", $"{day.Date:yyyy-MM-dd} is also listed as a holiday"));
        }

        if (year.Holidays is not null && errors.All(e => e.Field != "year"))
        {
            foreach (var (month, dayOfMonth, name) in FixedStatutoryHolidays)
            {
                var date = new DateOnly(year.Year, month, dayOfMonth);
                if (!holidays.Contains(date))
                    errors.Add(new("holidays", $"must include {date:yyyy-MM-dd} ({name}), a fixed statutory holiday (全国年节及纪念日放假办法 第二条)"));
            }
        }
        return errors;
    }

    // Shared checks for both lists; returns the distinct dates seen so cross-list rules can use them.
    private static HashSet<DateOnly> CheckDates(int year, IReadOnlyList<NamedDate>? days, string field, List<ValidationError> errors)
    {
        var seen = new Dictionary<DateOnly, int>();
        if (days is null)
        {
            errors.Add(new(field, "is required (use an empty list when there are none)"));
            return [];
        }
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            if (day is null)
            {
                errors.Add(new($"{field}[{i}]", "is required"));
                continue;
            }
            if (day.Date.Year != year)
                errors.Add(new($"{field}[{i}].date", $"{day.Date:yyyy-MM-dd} is not in {year}: each year's file holds only its own dates"));
            if (string.IsNullOrWhiteSpace(day.Name))
                errors.Add(new($"{field}[{i}].name", "is required, e.g. 春节"));
            if (seen.TryGetValue(day.Date, out var first))
                errors.Add(new($"{field}[{i}].date", $"{day.Date:yyyy-MM-dd} is already listed at {field}[{first}]"));
            else
                seen[day.Date] = i;
        }
        return [.. seen.Keys];
    }
}
