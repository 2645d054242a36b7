namespace GovData.Domain.Calendar;

/// <summary>The official years shipped with the code (Calendar/Data/*.json, embedded), with their sources; see docs/calendar.md.</summary>
public static class BuiltInCalendar
{
    private const string ResourcePrefix = "GovData.Domain.Calendar.Data.";

    private static readonly Lazy<IReadOnlyList<CalendarYear>> Years = new(LoadYears);

    /// <summary>The built-in years, ascending; parsed once.</summary>
    public static IReadOnlyList<CalendarYear> Load() => Years.Value;

    /// <summary>A calendar of the built-in years, with the jurisdiction's local days off if given.</summary>
    public static WorkingDayCalendar Create(LocalDaysOff? localDaysOff = null) =>
        WorkingDayCalendar.Create(Load(), localDaysOff);

    // Reading the assembly's own resources is not I/O in the sense the domain avoids: it cannot fail at run time
    // unless the build is broken, and then failing loudly at first use is what we want.
    private static IReadOnlyList<CalendarYear> LoadYears()
    {
        var assembly = typeof(BuiltInCalendar).Assembly;
        var years = new List<CalendarYear>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var (year, errors) = CalendarYearJson.Parse(reader.ReadToEnd());
            if (year is null)
                throw new InvalidOperationException($"Built-in calendar {name} is not valid: " + string.Join("; ", errors.Select(e => $"{e.Field} {e.Reason}")));
            years.Add(year);
        }
        if (years.Count == 0) throw new InvalidOperationException("No built-in calendar years are embedded in GovData.Domain.");
        return years.OrderBy(y => y.Year).ToList();
    }
}
