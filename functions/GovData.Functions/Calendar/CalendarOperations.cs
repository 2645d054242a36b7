using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues;
using GovData.Domain;
using GovData.Domain.Calendar;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Hosting.Http;
using GovData.Functions.Storage;
using GovData.Functions.Workflow;

namespace GovData.Functions.Calendar;

/// <summary>One version of a year's calendar, as listed beside the current one.</summary>
/// <param name="Version">1, 2, ... (a correction is the next version).</param>
/// <param name="Source">The State Council notice it was taken from.</param>
/// <param name="LoadedAt">When it was loaded.</param>
public sealed record CalendarVersionView(int Version, string Source, DateTimeOffset? LoadedAt);

/// <summary>A year's official calendar: its holidays and 调休 working days, and every version loaded.</summary>
/// <param name="Year">The year.</param>
/// <param name="Version">The current version.</param>
/// <param name="Source">Its notice.</param>
/// <param name="LoadedAt">When it was loaded.</param>
/// <param name="Stamp">E.g. <c>2026v2</c>, as deadlines record the calendar they were counted on.</param>
/// <param name="Holidays">The days off.</param>
/// <param name="AdjustedWorkingDays">The weekend days worked (调休).</param>
/// <param name="Versions">Every version, oldest first.</param>
public sealed record CalendarYearView(int Year, int Version, string Source, DateTimeOffset? LoadedAt, string Stamp,
    IReadOnlyList<NamedDate> Holidays, IReadOnlyList<NamedDate> AdjustedWorkingDays, IReadOnlyList<CalendarVersionView> Versions);

/// <summary>The platform's time now, what clients count working days left from.</summary>
/// <param name="Now">Now, in China time.</param>
/// <param name="Date">Today's date in China.</param>
/// <param name="IsWorkingDay">Whether today is a working day on the caller's jurisdiction's calendar.</param>
/// <param name="Calendar">The calendar versions that say so.</param>
public sealed record CalendarTodayView(DateTimeOffset Now, DateOnly Date, bool IsWorkingDay, string Calendar);

/// <summary>A year loaded; the provisional deadlines are recomputed off the request path.</summary>
/// <param name="Year">The year.</param>
/// <param name="Version">Its version now.</param>
/// <param name="Stamp">E.g. <c>2027v1</c>.</param>
/// <param name="Recompute">Always <c>queued</c>.</param>
public sealed record CalendarLoadedView(int Year, int Version, string Stamp, string Recompute);

/// <summary>A jurisdiction's local days off as set.</summary>
/// <param name="Jurisdiction">The division code.</param>
/// <param name="Version">The version set.</param>
/// <param name="Stamp">E.g. <c>350800v1</c>, added to the stamps of deadlines counted on them.</param>
public sealed record LocalDaysOffView(string Jurisdiction, int Version, string Stamp);

/// <summary>A jurisdiction's local days off in force: the version, its notice, the days, and who declared them when.</summary>
public sealed record LocalDaysOffSetView(string Jurisdiction, int Version, string Stamp, string Source, IReadOnlyList<NamedDate> Days, string DeclaredBy, DateTimeOffset DeclaredAt);

/// <summary>
/// The working-day calendar's operations with no HTTP in sight: read a year, today, compute a deadline, and (DataAuthority)
/// load or correct a year and declare a jurisdiction's local days off. Every successful one is audited.
/// </summary>
public sealed class CalendarOperations(CalendarService calendars, RuleSets.RuleSetService rules, QueueServiceClient queues, IAuditLog audit, TimeProvider time)
{
    /// <summary>The official calendar of <paramref name="year"/>.</summary>
    public async Task<OperationAnswer<CalendarYearView>> ReadYearAsync(RequestContext request, int year, CancellationToken ct)
    {
        var calendar = await calendars.GetAsync(ct);
        var versions = calendar.VersionsOf(year);
        if (versions.Count == 0)
            return new(default, NotFound: year < calendar.FirstLoadedYear
                ? $"The {year} calendar (the first loaded year is {calendar.FirstLoadedYear}, deadlines before it cannot be computed)"
                : $"The {year} calendar (not announced yet: deadlines running into {year} skip its statutory holidays fixed by rule, guess no 调休, and are marked provisional until it is loaded)");
        var current = versions[^1];
        await audit.WriteAsync(request.AuditFor("calendar.year.read", $"calendar/{year}"), ct);
        return new(new CalendarYearView(current.Year, current.Version, current.Source, current.LoadedAt, current.Stamp, current.Holidays,
            current.AdjustedWorkingDays, [.. versions.Select(v => new CalendarVersionView(v.Version, v.Source, v.LoadedAt))]));
    }

    /// <summary>The platform's time now and whether today is a working day for the caller's jurisdiction.</summary>
    public async Task<CalendarTodayView> TodayAsync(RequestContext request, CancellationToken ct)
    {
        var calendar = await calendars.GetAsync(request.User.Jurisdiction, ct);
        var now = time.GetUtcNow();
        var date = ChinaTime.DateOf(now);
        await audit.WriteAsync(request.AuditFor("calendar.today.read", "calendar/today"), ct);
        return new CalendarTodayView(ChinaTime.ToChinaTime(now), date, calendar.IsWorkingDay(date), calendar.Stamp);
    }

    /// <summary>
    /// The deadline <paramref name="workingDays"/> working days after <paramref name="receivedAt"/> (both as the query gives
    /// them) on the caller's jurisdiction's calendar and date-of-receipt rule.
    /// </summary>
    public async Task<OperationAnswer<Deadline>> DeadlineAsync(RequestContext request, string? receivedAt, string? workingDays, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(receivedAt)) return OperationAnswer<Deadline>.Refused("receivedAt", "is required (a date and time with its offset, e.g. 2026-11-24T10:00:00+08:00)");
        if (!DateTimeOffset.TryParse(receivedAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var received))
            return OperationAnswer<Deadline>.Refused("receivedAt", "must be a date and time with its offset, e.g. 2026-11-24T10:00:00+08:00");
        if (DateBounds.Check(received) is { } outOfRange) return OperationAnswer<Deadline>.Refused("receivedAt", outOfRange);
        if (string.IsNullOrEmpty(workingDays)) return OperationAnswer<Deadline>.Refused("workingDays", "is required (0 to 366)");
        if (!int.TryParse(workingDays, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 366)
            return OperationAnswer<Deadline>.Refused("workingDays", "must be between 0 and 366");
        var jurisdiction = request.User.Jurisdiction;
        var calendar = await calendars.GetAsync(jurisdiction, ct);
        // The caller's jurisdiction's date-of-receipt rule (deadline.dateOfReceipt); the answer's receipt says which applied.
        var receipt = await rules.DateOfReceiptAsync(jurisdiction, ct);
        Deadline deadline;
        try { deadline = calendar.AddWorkingDays(received, n, receipt); }
        catch (CalendarNotLoadedException e) { return OperationAnswer<Deadline>.Refused("receivedAt", e.Message); }
        await audit.WriteAsync(request.AuditFor("calendar.deadline.compute", "calendar/deadline"), ct);
        return new(deadline);
    }

    /// <summary>Loads a new year or a correction (the body as sent); the provisional deadlines are recomputed by the deadlines function.</summary>
    public async Task<OperationAnswer<CalendarLoadedView>> LoadYearAsync(RequestContext request, int year, string body, CancellationToken ct)
    {
        var (parsed, errors) = CalendarYearJson.Parse(body);
        if (parsed is null) return new(default, errors);
        if (parsed.Year != year) return OperationAnswer<CalendarLoadedView>.Refused("year", $"is {parsed.Year} but the URL names {year}");
        try
        {
            var (calendar, loadErrors) = await calendars.LoadAsync(parsed, request.User.UserId, ct);
            if (calendar is null) return new(default, loadErrors);
        }
        catch (CalendarConflictException e)
        {
            return new(default, Conflict: e.Message, ConflictField: "version");
        }
        await audit.WriteAsync(request.AuditFor("calendar.year.load", $"calendar/{year}") with { DataContent = $"{year}v{parsed.Version}: {parsed.Source}" }, ct);
        // Off the request path: a load may move thousands of provisional deadlines.
        await queues.GetQueueClient(StorageNames.Queues.Deadlines).SendMessageAsync(
            JsonSerializer.Serialize(new DeadlineMessage(DeadlineMessage.CalendarLoaded, Year: year), JsonDefaults.Storage), ct);
        return new(new CalendarLoadedView(year, parsed.Version, parsed.Stamp, "queued"));
    }

    /// <summary>Jurisdiction <paramref name="code"/>'s own days off in force (anyone signed in: they move every deadline there).</summary>
    public async Task<OperationAnswer<LocalDaysOffSetView>> ReadLocalDaysOffAsync(RequestContext request, string code, CancellationToken ct)
    {
        if (Domain.Identifiers.DivisionCode.Validate(code) is { } e) return OperationAnswer<LocalDaysOffSetView>.Refused("code", e);
        var found = await calendars.GetLocalDaysOffAsync(code, ct);
        await audit.WriteAsync(request.AuditFor("calendar.local-days-off.read", $"jurisdictions/{code}/local-days-off"), ct);
        if (found is not { } f) return new(default, NotFound: $"Local days off of {code} (none declared: the national calendar applies as it is)");
        return new(new LocalDaysOffSetView(code, f.Days.Version, f.Days.Stamp, f.Days.Source, [.. f.Days.Days.OrderBy(d => d.Date)], f.LoadedBy, f.LoadedAt));
    }

    /// <summary>Declares jurisdiction <paramref name="code"/>'s own days off (its own DataAuthority only).</summary>
    public async Task<OperationAnswer<LocalDaysOffView>> SetLocalDaysOffAsync(RequestContext request, string code, LocalDaysOffRequest body, CancellationToken ct)
    {
        var caller = request.User;
        if (Domain.Identifiers.DivisionCode.Validate(code) is { } e) return OperationAnswer<LocalDaysOffView>.Refused("code", e);
        if (!caller.ActsIn(code)) return new(default, Forbidden: "Only the jurisdiction's own data authority declares its local days off.");
        var local = new LocalDaysOff(code, body.Version, body.Source, body.Days);
        var errors = await calendars.SetLocalDaysOffAsync(local, caller.UserId, ct);
        if (errors.Count > 0) return new(default, errors);
        await audit.WriteAsync(request.AuditFor("calendar.local-days-off.set", $"jurisdictions/{code}/local-days-off/v{body.Version}") with
        {
            DataContent = string.Join(",", body.Days.Select(d => $"{d.Date:yyyy-MM-dd} {d.Name}")),
        }, ct);
        return new(new LocalDaysOffView(code, body.Version, local.Stamp));
    }
}
