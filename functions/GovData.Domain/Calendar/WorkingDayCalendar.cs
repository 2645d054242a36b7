using System.Collections.Immutable;

namespace GovData.Domain.Calendar;

/// <summary>The working-day calendar of one jurisdiction: the official years loaded, its local days off, and O(1) working-day arithmetic over them.</summary>
/// <remarks>
/// Immutable: loading or correcting a year returns a new calendar (see WorkingDayCalendar.Loading.cs).
/// Counting rule (docs/calendar.md): the day of receipt is the calendar date of receipt in China time and is not
/// counted (民法典 第二百零一条; <see cref="DateOfReceipt.Statutory"/>); day 1 is the first working day after it; a
/// deadline of N ends at 00:00 +08:00 after its Nth working day. A jurisdiction whose rules deem an after-hours or
/// rest-day receipt received on the next working day passes that <see cref="DateOfReceipt"/> from its rule set.
/// Before the first loaded year nothing is computed (<see cref="CalendarNotLoadedException"/>); after the last, up to
/// <see cref="LastComputedYear"/>, Monday to Friday less the statutory holidays fixed by rule is assumed and every result
/// says so (provisional).
/// </remarks>
public sealed partial class WorkingDayCalendar
{
    /// <summary>How many years after the last loaded one are computed provisionally (statutory holidays by rule, no 调休).</summary>
    public const int ProvisionalHorizonYears = 10;

    private readonly ImmutableSortedDictionary<int, CalendarYear> years;
    private readonly ImmutableDictionary<int, ImmutableList<CalendarYear>> history;
    private readonly ImmutableList<LocalDaysOff> localHistory;
    private readonly WorkingDayIndex index;
    private readonly int loadedEnd;
    private readonly Dictionary<DateOnly, (DayKind Kind, string Name)> declared = [];
    private readonly string[][] stamps;
    private readonly string localStamp;

    private WorkingDayCalendar(
        ImmutableSortedDictionary<int, CalendarYear> years,
        ImmutableDictionary<int, ImmutableList<CalendarYear>> history,
        LocalDaysOff? local,
        ImmutableList<LocalDaysOff> localHistory)
    {
        this.years = years;
        this.history = history;
        this.localHistory = localHistory;
        LocalDaysOff = local;
        FirstLoadedYear = years.Keys.First();
        LastLoadedYear = years.Keys.Last();
        LastComputedYear = StatutoryHolidays.CanCompute(LastLoadedYear + 1)
            ? Math.Min(LastLoadedYear + ProvisionalHorizonYears, StatutoryHolidays.LastComputableYear)
            : LastLoadedYear;
        loadedEnd = new DateOnly(LastLoadedYear + 1, 1, 1).DayNumber;
        LoadedYears = [.. years.Keys];
        Years = [.. years.Values];
        localStamp = local is null ? "" : ";" + local.Stamp;
        index = BuildIndex();
        stamps = BuildStamps();
    }

    /// <summary>Builds a calendar from consecutive, valid years and optional local days off; throws <see cref="CalendarValidationException"/> with every error otherwise.</summary>
    public static WorkingDayCalendar Create(IEnumerable<CalendarYear> years, LocalDaysOff? localDaysOff = null)
    {
        ArgumentNullException.ThrowIfNull(years);
        var list = years.ToList();
        var errors = ValidateCreate(list, localDaysOff);
        if (errors.Count > 0) throw new CalendarValidationException(errors);
        list = list.Select(Freeze).ToList();
        localDaysOff = localDaysOff is null ? null : localDaysOff with { Days = localDaysOff.Days.ToArray().AsReadOnly() };
        return new WorkingDayCalendar(
            list.ToImmutableSortedDictionary(y => y.Year, y => y),
            list.ToImmutableDictionary(y => y.Year, y => ImmutableList.Create(y)),
            localDaysOff,
            localDaysOff is null ? [] : [localDaysOff]);
    }

    /// <summary>The first year with an official calendar; earlier dates cannot be computed.</summary>
    public int FirstLoadedYear { get; }

    /// <summary>The last year with an official calendar; later dates are computed provisionally.</summary>
    public int LastLoadedYear { get; }

    /// <summary>The last year a provisional answer is computed for (<see cref="ProvisionalHorizonYears"/> after the last loaded year, within <see cref="StatutoryHolidays"/>' range); later dates throw <see cref="CalendarNotLoadedException"/>.</summary>
    public int LastComputedYear { get; }

    /// <summary>The years loaded, ascending.</summary>
    public IReadOnlyCollection<int> LoadedYears { get; }

    /// <summary>The version of each year in use, ascending by year.</summary>
    public IReadOnlyList<CalendarYear> Years { get; }

    /// <summary>The jurisdiction's days off in use, if any.</summary>
    public LocalDaysOff? LocalDaysOff { get; }

    /// <summary>Every version ever loaded for the year, oldest first; empty when never loaded.</summary>
    public IReadOnlyList<CalendarYear> VersionsOf(int year) => history.TryGetValue(year, out var versions) ? versions : [];

    /// <summary>The versions in use, e.g. <c>2020v1,…,2026v2;450000v1</c>.</summary>
    public string Stamp => stamps[0][^1];

    /// <summary>Whether the date is a working day; throws <see cref="CalendarNotLoadedException"/> for a date outside the loaded years (use <see cref="Describe"/> for a provisional answer).</summary>
    public bool IsWorkingDay(DateOnly date)
    {
        var day = date.DayNumber;
        if (day < index.FirstDay || day >= loadedEnd) throw NotLoaded(date);
        return index.IsWorking(day);
    }

    /// <summary>
    /// What the calendar says about the date; after the last loaded year the answer is provisional: Monday to Friday less
    /// the statutory holidays computed by rule (<see cref="StatutoryHolidays"/>). Throws <see cref="CalendarNotLoadedException"/>
    /// before the first loaded year and after <see cref="LastComputedYear"/>.
    /// </summary>
    public CalendarDay Describe(DateOnly date)
    {
        var day = date.DayNumber;
        if (day < index.FirstDay || day >= index.EndDay) throw NotLoaded(date);
        var provisional = day >= loadedEnd;
        if (declared.TryGetValue(date, out var d))
            return new CalendarDay(date, d.Kind, d.Kind == DayKind.AdjustedWorkingDay, d.Name, provisional);
        var weekday = index.IsWorking(day);
        return new CalendarDay(date, weekday ? DayKind.Weekday : DayKind.Weekend, weekday, Name: null, provisional);
    }

    /// <summary>
    /// The deadline N working days after the day of receipt, fixed by <paramref name="receipt"/> (default: the statutory
    /// reading, <see cref="DateOfReceipt.Statutory"/>); provisional when it reaches a year not loaded yet; throws
    /// <see cref="CalendarNotLoadedException"/> for receipt before the first loaded year or beyond <see cref="LastComputedYear"/>.
    /// N = 0 is due at the end of the day of receipt itself.
    /// </summary>
    public Deadline AddWorkingDays(DateTimeOffset receivedAt, int workingDays, DateOfReceipt? receipt = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        receipt ??= DateOfReceipt.Statutory;
        var received = ReceiptDay(receivedAt, out var time);
        var effective = EffectiveReceiptDay(received, time, receipt);
        // Ordinal of the first working day after the day of receipt: day 1, whatever kind of day receipt fell on.
        var after = index.WorkingBefore(effective + 1);
        var start = DayOf(after);
        var due = workingDays == 0 ? effective : DayOf(after + workingDays - 1);
        var dueDate = DateOnly.FromDayNumber(due);
        var (provisional, provisionalYears, stamp) = Usage(received, Math.Max(due, start));
        return new Deadline(
            receivedAt,
            DateOnly.FromDayNumber(effective),
            DateOnly.FromDayNumber(start),
            workingDays,
            dueDate,
            ChinaTime.StartOf(dueDate.AddDays(1)),
            provisional,
            provisionalYears,
            stamp,
            receipt);
    }

    /// <summary>Recomputes a deadline with this calendar (same receipt, same N): what every open provisional deadline goes through when a year is loaded.</summary>
    public Deadline Recompute(Deadline deadline)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        return AddWorkingDays(deadline.ReceivedAt, deadline.WorkingDays, deadline.Receipt);
    }

    /// <summary>True when the deadline was provisional and this calendar now has at least one of the years it assumed.</summary>
    public bool ShouldRecompute(Deadline deadline)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        return deadline.IsProvisional && deadline.ProvisionalYears.Any(years.ContainsKey);
    }

    /// <summary>Working days fully elapsed between receipt and <paramref name="to"/>, so that CountWorkingDays(t, AddWorkingDays(t, n).DueAt) == n; 0 when <paramref name="to"/> is not after <paramref name="from"/>. Throws <see cref="CalendarNotLoadedException"/> when a day outside the loaded years is involved (see <see cref="CountWorkingDaysAllowingProvisional"/>).</summary>
    public int CountWorkingDays(DateTimeOffset from, DateTimeOffset to, DateOfReceipt? receipt = null)
    {
        var (days, received, lastDay) = Count(from, to, receipt);
        if (lastDay >= loadedEnd) throw NotLoaded(DateOnly.FromDayNumber(Math.Max(received, loadedEnd)));
        return days;
    }

    /// <summary>As <see cref="CountWorkingDays"/>, but days after the last loaded year are counted provisionally (statutory holidays by rule, no 调休) and the result says so.</summary>
    public WorkingDayCount CountWorkingDaysAllowingProvisional(DateTimeOffset from, DateTimeOffset to, DateOfReceipt? receipt = null)
    {
        var (days, received, lastDay) = Count(from, to, receipt);
        var (provisional, provisionalYears, stamp) = Usage(received, lastDay);
        return new WorkingDayCount(days, provisional, provisionalYears, stamp);
    }

    private (int Days, int Received, int LastDay) Count(DateTimeOffset from, DateTimeOffset to, DateOfReceipt? receipt)
    {
        var received = ReceiptDay(from, out var time);
        if (to <= from) return (0, received, received);
        var effective = EffectiveReceiptDay(received, time, receipt ?? DateOfReceipt.Statutory);
        var toDay = ChinaTime.DateOf(to).DayNumber;
        if (toDay > index.EndDay) throw NotLoaded(DateOnly.FromDayNumber(index.EndDay));
        // Day d counts once it has ended, i.e. when d + 1 <= the date of `to` in China.
        var days = index.WorkingBefore(toDay) - index.WorkingBefore(effective + 1);
        return ((int)Math.Max(0, days), received, Math.Max(effective, toDay - 1));
    }

    private int ReceiptDay(DateTimeOffset receivedAt, out TimeOnly time)
    {
        var local = receivedAt.ToOffset(ChinaTime.Offset).DateTime;
        var date = DateOnly.FromDateTime(local);
        if (date.DayNumber < index.FirstDay || date.DayNumber >= index.EndDay) throw NotLoaded(date);
        time = TimeOnly.FromDateTime(local);
        return date.DayNumber;
    }

    // The statutory reading keeps the calendar date; a local after-hours rule moves a rest-day or after-close receipt on.
    private int EffectiveReceiptDay(int day, TimeOnly time, DateOfReceipt receipt) =>
        receipt.Kind != DateOfReceiptKind.NextWorkingDayAfterHours || (index.IsWorking(day) && time < receipt.OfficeClose!.Value)
            ? day
            : DayOf(index.WorkingBefore(day + 1));

    // The day of a working-day ordinal; past the computed years there is no answer, provisional or not.
    private int DayOf(long ordinal) =>
        ordinal < index.WorkingDayCount ? index.DayOf(ordinal) : throw NotLoaded(DateOnly.FromDayNumber(index.EndDay));

    // Which years the days fromDay..toDay fall in, which of them were assumed, and the stamp naming them.
    private (bool Provisional, IReadOnlyList<int> Years, string Stamp) Usage(int fromDay, int toDay)
    {
        var fromYear = DateOnly.FromDayNumber(fromDay).Year;
        var toYear = DateOnly.FromDayNumber(toDay).Year;
        if (toYear <= LastLoadedYear) return (false, [], stamps[fromYear - FirstLoadedYear][toYear - fromYear]);
        var assumed = Enumerable.Range(Math.Max(fromYear, LastLoadedYear + 1), toYear - Math.Max(fromYear, LastLoadedYear + 1) + 1).ToArray();
        var parts = Enumerable.Range(fromYear, toYear - fromYear + 1)
            .Select(y => years.TryGetValue(y, out var loaded) ? loaded.Stamp : $"{y}p");
        return (true, assumed, string.Join(",", parts) + localStamp);
    }

    // The lists a caller passed in may be mutable; the calendar's view of a version must not change after it is loaded.
    private static CalendarYear Freeze(CalendarYear year) =>
        year with { Holidays = year.Holidays.ToArray().AsReadOnly(), AdjustedWorkingDays = year.AdjustedWorkingDays.ToArray().AsReadOnly() };

    private CalendarNotLoadedException NotLoaded(DateOnly date) => new(date, FirstLoadedYear, LastLoadedYear, LastComputedYear);

    private WorkingDayIndex BuildIndex()
    {
        var first = new DateOnly(FirstLoadedYear, 1, 1);
        var end = new DateOnly(LastLoadedYear + 1, 1, 1);
        var computedEnd = new DateOnly(LastComputedYear + 1, 1, 1);
        var working = new bool[computedEnd.DayNumber - first.DayNumber];
        for (var i = 0; i < working.Length; i++)
            working[i] = first.AddDays(i).DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        void Declare(NamedDate d, DayKind kind, bool isWorking)
        {
            working[d.Date.DayNumber - first.DayNumber] = isWorking;
            declared[d.Date] = (kind, d.Name);
        }
        foreach (var year in years.Values)
        {
            foreach (var h in year.Holidays) Declare(h, DayKind.Holiday, false);
            foreach (var w in year.AdjustedWorkingDays) Declare(w, DayKind.AdjustedWorkingDay, true);
        }
        // A year not announced yet: the holidays the 放假办法 fixes by rule are days off; no bridging day or 调休 is guessed.
        for (var y = LastLoadedYear + 1; y <= LastComputedYear; y++)
            foreach (var h in StatutoryHolidays.For(y)) Declare(h, DayKind.Holiday, false);
        // Local days off win over the national calendar, and only apply where it is loaded: they take effect in a provisional year once it is loaded.
        foreach (var d in LocalDaysOff?.Days ?? [])
            if (d.Date >= first && d.Date < end) Declare(d, DayKind.LocalDayOff, false);
        return new WorkingDayIndex(first.DayNumber, working);
    }

    // stamps[from - first][to - from]: every span of loaded years, built once so the hot path does not allocate strings.
    private string[][] BuildStamps()
    {
        var loaded = years.Values.ToArray();
        return [.. Enumerable.Range(0, loaded.Length).Select(from =>
            Enumerable.Range(from, loaded.Length - from)
                .Select(to => string.Join(",", loaded[from..(to + 1)].Select(y => y.Stamp)) + localStamp)
                .ToArray())];
    }
}
