using System.Net;
using GovData.Domain.Calendar;
using GovData.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace GovData.Functions.Calendar;

/// <summary>
/// The working-day calendar in force: the official years shipped in the domain, plus every year the data authority
/// loaded or corrected since (kept as versioned documents, so a past decision's calendar can be rebuilt from its stamp).
/// Built calendars are cached briefly; every instance sees a new year within <see cref="CacheFor"/>, and a caller that
/// must see every change stored before a given instant asks for a calendar read since then.
/// </summary>
public sealed class CalendarService(Database database, TimeProvider time)
{
    /// <summary>The partition of the national calendar in the <c>reference</c> container.</summary>
    public const string NationalPartition = "CN";
    /// <summary>How long a built calendar is reused before the stored years are read again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly Container _container = database.GetContainer(StorageNames.Cosmos.Reference);
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Bumped by every load and change of local days off here. A calendar built from reads that began before a bump is not
    // used again, so a build that was in flight during a load cannot put the old calendar back for CacheFor (it did: a
    // deadline recomputed in that window read the old year, took the recompute and stayed provisional).
    private long _generation;
    private Built? _cached;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Built> _local = new();

    // ReadFrom is the real UTC instant the reads behind the calendar began, comparable with a recompute ticket
    // (StatutoryDeadlines.TicketIssuedAt); BuiltAt is the app's clock, which CacheFor is counted on.
    private sealed record Built(WorkingDayCalendar Calendar, DateTimeOffset BuiltAt, DateTimeOffset ReadFrom, long Generation);

    private bool Usable(Built? built, DateTimeOffset? readSince) =>
        built is not null && built.Generation == Interlocked.Read(ref _generation) && time.GetUtcNow() - built.BuiltAt < CacheFor
        && (readSince is null || built.ReadFrom >= readSince);

    private sealed record LocalDaysOffDocument(string Id, string Jurisdiction, string Type, int Version, string Source, IReadOnlyList<NamedDate> Days, string LoadedBy, DateTimeOffset LoadedAt)
    {
        public LocalDaysOff ToLocalDaysOff() => new(Jurisdiction, Version, Source, Days);
    }

    /// <summary>
    /// The calendar of one jurisdiction: the national calendar plus the jurisdiction's own days off, if it declared any.
    /// Every statutory deadline of the jurisdiction is computed on this one.
    /// </summary>
    public Task<WorkingDayCalendar> GetAsync(string jurisdiction, CancellationToken cancellationToken) => GetAsync(jurisdiction, null, cancellationToken);

    /// <summary>
    /// The calendar of one jurisdiction, built from reads that began at or after <paramref name="readSince"/> (real UTC) when
    /// it is given: whatever was stored before that instant, on any instance, is in it.
    /// </summary>
    public async Task<WorkingDayCalendar> GetAsync(string jurisdiction, DateTimeOffset? readSince, CancellationToken cancellationToken)
    {
        var generation = Interlocked.Read(ref _generation);
        var national = await NationalAsync(readSince, cancellationToken);
        if (_local.TryGetValue(jurisdiction, out var c) && Usable(c, readSince)) return c.Calendar;
        var localReadFrom = DateTimeOffset.UtcNow;
        var calendar = national.Calendar;
        foreach (var doc in (await ReadLocalAsync(jurisdiction, cancellationToken)).OrderBy(d => d.Version))
            calendar = calendar.WithLocalDaysOff(doc.ToLocalDaysOff());
        _local[jurisdiction] = new Built(calendar, time.GetUtcNow(), Min(national.ReadFrom, localReadFrom), generation);
        return calendar;
    }

    /// <summary>Sets or replaces a jurisdiction's local days off (version = current + 1); returns the errors, if any.</summary>
    public async Task<IReadOnlyList<Domain.ValidationError>> SetLocalDaysOffAsync(LocalDaysOff local, string loadedBy, CancellationToken cancellationToken)
    {
        var readFrom = DateTimeOffset.UtcNow;
        var current = await GetAsync(local.Jurisdiction, readFrom, cancellationToken);
        var errors = current.ValidateLocalDaysOff(local);
        if (errors.Count > 0) return errors;
        var doc = new LocalDaysOffDocument($"local-days-off:v{local.Version}", local.Jurisdiction, "local-days-off", local.Version, local.Source, local.Days, loadedBy, time.GetUtcNow());
        try
        {
            await _container.CreateItemAsync(doc, new PartitionKey(local.Jurisdiction), cancellationToken: cancellationToken);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return [new Domain.ValidationError("version", $"version {local.Version} was set by someone else at the same time; read again and use the next version")];
        }
        var generation = Interlocked.Increment(ref _generation);
        _local[local.Jurisdiction] = new Built(current.WithLocalDaysOff(local), time.GetUtcNow(), readFrom, generation);
        return [];
    }

    /// <summary>The jurisdiction's local days off in force (its latest version), with who declared them and when; null when it declared none.</summary>
    public async Task<(LocalDaysOff Days, string LoadedBy, DateTimeOffset LoadedAt)?> GetLocalDaysOffAsync(string jurisdiction, CancellationToken cancellationToken)
    {
        var latest = (await ReadLocalAsync(jurisdiction, cancellationToken)).MaxBy(d => d.Version);
        return latest is null ? null : (latest.ToLocalDaysOff(), latest.LoadedBy, latest.LoadedAt);
    }

    private Task<List<LocalDaysOffDocument>> ReadLocalAsync(string jurisdiction, CancellationToken ct) =>
        _container.ListAsync<LocalDaysOffDocument>(jurisdiction, "c.type = 'local-days-off'", null, ct);

    private sealed record CalendarYearDocument(string Id, string Jurisdiction, string Type, int Year, int Version, string Json, string LoadedBy, DateTimeOffset LoadedAt);

    /// <summary>The national calendar now in force.</summary>
    public async Task<WorkingDayCalendar> GetAsync(CancellationToken cancellationToken) => (await NationalAsync(null, cancellationToken)).Calendar;

    private async Task<Built> NationalAsync(DateTimeOffset? readSince, CancellationToken cancellationToken)
    {
        if (_cached is var cached && Usable(cached, readSince)) return cached!;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is var again && Usable(again, readSince)) return again!;
            var generation = Interlocked.Read(ref _generation);
            var readFrom = DateTimeOffset.UtcNow;
            var built = new Built(await BuildAsync(cancellationToken), time.GetUtcNow(), readFrom, generation);
            _cached = built;
            return built;
        }
        finally { _gate.Release(); }
    }

    /// <summary>
    /// Loads a new year or a correction (version = current + 1). Returns the validation errors, or the new calendar.
    /// Two concurrent loads of the same version: one wins, the other gets <see cref="CalendarConflictException"/>.
    /// </summary>
    public async Task<(WorkingDayCalendar? Calendar, IReadOnlyList<Domain.ValidationError> Errors)> LoadAsync(CalendarYear year, string loadedBy, CancellationToken cancellationToken)
    {
        var readFrom = DateTimeOffset.UtcNow;
        var current = await BuildAsync(cancellationToken);
        var errors = current.ValidateLoad(year);
        if (errors.Count > 0) return (null, errors);
        var now = time.GetUtcNow();
        var next = current.WithYear(year, now);
        var doc = new CalendarYearDocument($"calendar:{year.Year}:v{year.Version}", NationalPartition, "calendar-year", year.Year, year.Version,
            CalendarYearJson.Write(year), loadedBy, now);
        try
        {
            // Create, never upsert: the version id makes a second load of the same version a conflict.
            await _container.CreateItemAsync(doc, new PartitionKey(NationalPartition), cancellationToken: cancellationToken);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            throw new CalendarConflictException(year.Year, year.Version);
        }
        _local.Clear();
        _cached = new Built(next, now, readFrom, Interlocked.Increment(ref _generation));
        return (next, []);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private async Task<WorkingDayCalendar> BuildAsync(CancellationToken cancellationToken)
    {
        var calendar = BuiltInCalendar.Create();
        var stored = await _container.ListAsync<CalendarYearDocument>(NationalPartition, "c.type = 'calendar-year'", null, cancellationToken);
        foreach (var doc in stored.OrderBy(d => d.Year).ThenBy(d => d.Version))
        {
            var (year, _) = CalendarYearJson.Parse(doc.Json);
            if (year is null) continue;
            // The built-in files already hold version 1 of the official years; stored documents add what came after.
            if (calendar.VersionsOf(year.Year).Any(v => v.Version >= year.Version)) continue;
            calendar = calendar.WithYear(year, doc.LoadedAt);
        }
        return calendar;
    }
}

/// <summary>Someone else loaded the same calendar year version first.</summary>
public sealed class CalendarConflictException(int year, int version)
    : Exception($"Version {version} of the {year} calendar was loaded by someone else at the same time; read the year again and load the next version.");
