using System.Text.Json;
using Azure.Storage.Queues;
using GovData.Domain.Calendar;
using GovData.Domain.Identity;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Identity;
using GovData.Functions.Storage;
using GovData.Functions.Workflow;

namespace GovData.Functions.Calendar;

/// <summary>HTTP endpoints for the working-day calendar: read a year, compute a deadline, and (data authority) load or correct a year.</summary>
public static class CalendarEndpoints
{
    /// <summary>Maps /api/calendar.</summary>
    public static IEndpointRouteBuilder MapCalendar(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/calendar").WithTags("Calendar");

        group.MapGet("/{year:int}", async (int year, CalendarService calendars, HttpContext http, IAuditLog audit, CancellationToken ct) =>
        {
            var calendar = await calendars.GetAsync(ct);
            var versions = calendar.VersionsOf(year);
            if (versions.Count == 0)
                return year < calendar.FirstLoadedYear
                    ? Problems.NotFound($"The {year} calendar (the first loaded year is {calendar.FirstLoadedYear}, deadlines before it cannot be computed)")
                    : Problems.NotFound($"The {year} calendar (not announced yet: deadlines running into {year} skip its statutory holidays fixed by rule, guess no 调休, and are marked provisional until it is loaded)");
            var current = versions[^1];
            await audit.WriteAsync(http.AuditFor("calendar.year.read", $"calendar/{year}"), ct);
            return Results.Ok(new
            {
                current.Year,
                current.Version,
                current.Source,
                current.LoadedAt,
                stamp = current.Stamp,
                holidays = current.Holidays,
                adjustedWorkingDays = current.AdjustedWorkingDays,
                versions = versions.Select(v => new { v.Version, v.Source, v.LoadedAt }),
            });
        }).WithSummary("Read the official calendar of a year (holidays and 调休 working days)");

        group.MapGet("/today", async (CalendarService calendars, HttpContext http, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            var calendar = await calendars.GetAsync(http.GetCaller().Jurisdiction, ct);
            var now = time.GetUtcNow();
            var date = ChinaTime.DateOf(now);
            await audit.WriteAsync(http.AuditFor("calendar.today.read", "calendar/today"), ct);
            return Results.Ok(new { now = ChinaTime.ToChinaTime(now), date, isWorkingDay = calendar.IsWorkingDay(date), calendar = calendar.Stamp });
        }).WithSummary("The platform's time now (China time), today's date and whether it is a working day: what clients count working days left from");

        group.MapGet("/deadline", async (DateTimeOffset receivedAt, int workingDays, CalendarService calendars, RuleSets.RuleSetService rules, HttpContext http, IAuditLog audit, CancellationToken ct) =>
        {
            if (DateBounds.Validate(("receivedAt", (DateTimeOffset?)receivedAt)) is { } outOfRange) return outOfRange;
            if (workingDays is < 0 or > 366) return Problems.Validation("workingDays", "must be between 0 and 366");
            var jurisdiction = http.GetCaller().Jurisdiction;
            var calendar = await calendars.GetAsync(jurisdiction, ct);
            // The caller's jurisdiction's date-of-receipt rule (deadline.dateOfReceipt); the answer's receipt says which applied.
            var receipt = await rules.DateOfReceiptAsync(jurisdiction, ct);
            try
            {
                var deadline = calendar.AddWorkingDays(receivedAt, workingDays, receipt);
                await audit.WriteAsync(http.AuditFor("calendar.deadline.compute", "calendar/deadline"), ct);
                return Results.Ok(deadline);
            }
            catch (CalendarNotLoadedException e)
            {
                return Problems.Validation("receivedAt", e.Message);
            }
        }).WithSummary("Compute the deadline N working days after a moment of receipt (marked provisional when it runs into an unannounced year, whose statutory holidays are computed by rule)");

        group.MapPut("/{year:int}", async (int year, HttpRequest request, CalendarService calendars, QueueServiceClient queues, IAuditLog audit, CancellationToken ct) =>
        {
            var http = request.HttpContext;
            using var reader = new StreamReader(request.Body);
            var (parsed, errors) = CalendarYearJson.Parse(await reader.ReadToEndAsync(ct));
            if (parsed is null) return Problems.Validation(errors);
            if (parsed.Year != year) return Problems.Validation("year", $"is {parsed.Year} but the URL names {year}");
            var caller = http.GetCaller();
            try
            {
                var (calendar, loadErrors) = await calendars.LoadAsync(parsed, caller.UserId, ct);
                if (calendar is null) return Problems.Validation(loadErrors);
            }
            catch (CalendarConflictException e)
            {
                return Problems.Conflict(e.Message, "version");
            }
            await audit.WriteAsync(http.AuditFor("calendar.year.load", $"calendar/{year}") with { DataContent = $"{year}v{parsed.Version}: {parsed.Source}" }, ct);
            // Provisional deadlines are recomputed by the deadlines function, off the request path.
            await queues.GetQueueClient(StorageNames.Queues.Deadlines).SendMessageAsync(
                JsonSerializer.Serialize(new DeadlineMessage(DeadlineMessage.CalendarLoaded, Year: year), JsonDefaults.Storage), ct);
            return Results.Created($"/api/calendar/{year}", new { year, parsed.Version, stamp = parsed.Stamp, recompute = "queued" });
        })
        .RequireRoles(Role.DataAuthority)
        .Accepts<object>("application/json")
        .WithSummary("Load a new year or a correction (data authority; version must be the current version + 1)");

        app.MapPut("/api/jurisdictions/{code}/local-days-off", async (string code, LocalDaysOffRequest body, CalendarService calendars, HttpContext http, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (Domain.Identifiers.DivisionCode.Validate(code) is { } e) return Problems.Validation("code", e);
            if (!caller.ActsIn(code)) return Problems.Forbidden("Only the jurisdiction's own data authority declares its local days off.");
            var local = new LocalDaysOff(code, body.Version, body.Source, body.Days);
            var errors = await calendars.SetLocalDaysOffAsync(local, caller.UserId, ct);
            if (errors.Count > 0) return Problems.Validation(errors);
            await audit.WriteAsync(http.AuditFor("calendar.local-days-off.set", $"jurisdictions/{code}/local-days-off/v{body.Version}") with
            {
                DataContent = string.Join(",", body.Days.Select(d => $"{d.Date:yyyy-MM-dd} {d.Name}")),
            }, ct);
            return Results.Ok(new { jurisdiction = code, body.Version, stamp = local.Stamp });
        })
        .RequireRoles(Role.DataAuthority)
        .WithTags("Calendar")
        .WithSummary("Declare the jurisdiction's own days off on top of the national calendar (data authority; versioned)");

        return app;
    }
}

/// <summary>Body of a local days-off declaration.</summary>
public sealed record LocalDaysOffRequest
{
    /// <summary>1 for the first set, then current + 1.</summary>
    public required int Version { get; init; }
    /// <summary>The local notice the days come from.</summary>
    public required string Source { get; init; }
    /// <summary>The days off with their names.</summary>
    public required IReadOnlyList<NamedDate> Days { get; init; }
}
