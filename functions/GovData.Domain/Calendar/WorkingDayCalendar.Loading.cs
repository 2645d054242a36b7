using System.Collections.Immutable;

namespace GovData.Domain.Calendar;

// Loading and correcting years and local days off, versioned so that a decision's CalendarStamp can be replayed.
public sealed partial class WorkingDayCalendar
{
    /// <summary>Every reason <paramref name="year"/> cannot be loaded into this calendar: the year's own errors, a version that is not the next one, or a gap between years.</summary>
    public IReadOnlyList<ValidationError> ValidateLoad(CalendarYear year)
    {
        ArgumentNullException.ThrowIfNull(year);
        var errors = CalendarYearValidator.Validate(year).ToList();
        var next = VersionsOf(year.Year) is { Count: > 0 } versions ? versions.Max(v => v.Version) + 1 : 1;
        if (year.Version != next)
            errors.Add(new("version", next == 1
                ? $"must be 1: {year.Year} has not been loaded before"
                : $"must be {next}: {year.Year} is at version {next - 1} and a correction takes the next version"));
        if (!years.ContainsKey(year.Year) && year.Year != LastLoadedYear + 1 && year.Year != FirstLoadedYear - 1)
            errors.Add(new("year", $"must be {LastLoadedYear + 1} or {FirstLoadedYear - 1} (or a loaded year, to correct it): the loaded years {FirstLoadedYear}–{LastLoadedYear} must stay consecutive"));
        return errors;
    }

    /// <summary>A new calendar with the year loaded or corrected, stamped with <paramref name="loadedAt"/>; this calendar is unchanged. Throws <see cref="CalendarValidationException"/> when <see cref="ValidateLoad"/> finds errors.</summary>
    public WorkingDayCalendar WithYear(CalendarYear year, DateTimeOffset loadedAt)
    {
        var errors = ValidateLoad(year);
        if (errors.Count > 0) throw new CalendarValidationException(errors);
        var loaded = Freeze(year) with { LoadedAt = loadedAt };
        return new WorkingDayCalendar(
            years.SetItem(loaded.Year, loaded),
            history.SetItem(loaded.Year, VersionsOf(loaded.Year) is ImmutableList<CalendarYear> v ? v.Add(loaded) : [loaded]),
            LocalDaysOff,
            localHistory);
    }

    /// <summary>Every reason <paramref name="local"/> cannot replace this calendar's local days off: its own errors, another jurisdiction, or a version that is not the next one.</summary>
    public IReadOnlyList<ValidationError> ValidateLocalDaysOff(LocalDaysOff local)
    {
        ArgumentNullException.ThrowIfNull(local);
        var errors = LocalDaysOffValidator.Validate(local).ToList();
        if (LocalDaysOff is { } current && current.Jurisdiction != local.Jurisdiction)
            errors.Add(new("jurisdiction", $"must be {current.Jurisdiction}: this calendar belongs to that jurisdiction"));
        var previous = localHistory.Where(l => l.Jurisdiction == local.Jurisdiction).Select(l => l.Version).DefaultIfEmpty(0).Max();
        if (local.Version != previous + 1)
            errors.Add(new("version", $"must be {previous + 1}: each change of local days off takes the next version"));
        return errors;
    }

    /// <summary>A new calendar with the jurisdiction's local days off set or replaced; throws <see cref="CalendarValidationException"/> when <see cref="ValidateLocalDaysOff"/> finds errors.</summary>
    public WorkingDayCalendar WithLocalDaysOff(LocalDaysOff local)
    {
        var errors = ValidateLocalDaysOff(local);
        if (errors.Count > 0) throw new CalendarValidationException(errors);
        local = local with { Days = local.Days.ToArray().AsReadOnly() };
        return new WorkingDayCalendar(years, history, local, localHistory.Add(local));
    }

    /// <summary>The calendar exactly as a stamp names it (e.g. <c>2025v1,2026v1,2027p;450000v1</c>), to replay a past decision; throws <see cref="ArgumentException"/> for a version this calendar has never held.</summary>
    public WorkingDayCalendar ForStamp(string stamp)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stamp);
        var halves = stamp.Split(';');
        if (halves.Length > 2) throw new ArgumentException($"'{stamp}' is not a calendar stamp.", nameof(stamp));
        var chosen = ImmutableSortedDictionary<int, CalendarYear>.Empty;
        foreach (var part in halves[0].Split(','))
        {
            if (part.Length == 5 && part[4] == 'p' && int.TryParse(part.AsSpan(0, 4), out _)) continue;
            var v = part.IndexOf('v');
            if (v < 1 || !int.TryParse(part.AsSpan(0, v), out var year) || !int.TryParse(part.AsSpan(v + 1), out var version))
                throw new ArgumentException($"'{part}' in '{stamp}' is not a year version such as 2026v1.", nameof(stamp));
            var found = VersionsOf(year).FirstOrDefault(y => y.Version == version)
                ?? throw new ArgumentException($"This calendar has never held {part}.", nameof(stamp));
            chosen = chosen.Add(year, found);
        }
        if (chosen.Count == 0 || chosen.Keys.Last() - chosen.Keys.First() + 1 != chosen.Count)
            throw new ArgumentException($"'{stamp}' does not name consecutive loaded years.", nameof(stamp));
        LocalDaysOff? local = null;
        if (halves.Length == 2)
            local = localHistory.FirstOrDefault(l => l.Stamp == halves[1])
                ?? throw new ArgumentException($"This calendar has never held local days off {halves[1]}.", nameof(stamp));
        return new WorkingDayCalendar(chosen, history, local, localHistory);
    }

    private static List<ValidationError> ValidateCreate(List<CalendarYear> list, LocalDaysOff? local)
    {
        var errors = new List<ValidationError>();
        if (list.Count == 0) errors.Add(new("years", "must hold at least one year"));
        foreach (var year in list)
        {
            if (year is null)
            {
                errors.Add(new("years", "must not hold a null year"));
                continue;
            }
            errors.AddRange(CalendarYearValidator.Validate(year).Select(e => e with { Field = $"{year.Year}.{e.Field}" }));
        }
        var numbers = list.Where(y => y is not null).Select(y => y.Year).Order().ToList();
        foreach (var duplicate in numbers.GroupBy(y => y).Where(g => g.Count() > 1))
            errors.Add(new("years", $"{duplicate.Key} is given more than once: load a correction with WithYear"));
        var distinct = numbers.Distinct().ToList();
        for (var i = 1; i < distinct.Count; i++)
            if (distinct[i] != distinct[i - 1] + 1)
                errors.Add(new("years", $"{distinct[i - 1] + 1} is missing: the loaded years must be consecutive"));
        if (local is not null)
            errors.AddRange(LocalDaysOffValidator.Validate(local).Select(e => e with { Field = $"localDaysOff.{e.Field}" }));
        return errors;
    }
}
