using GovData.Domain.Calendar;
using GovData.Domain.Identity;
using GovData.Functions.Errors;
using GovData.Functions.Hosting.Http;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Calendar;

/// <summary>
/// The HTTP functions of the working-day calendar (docs/calendar.md), over <see cref="CalendarOperations"/>: read a year,
/// today, compute a deadline, and (DataAuthority) load a year or declare local days off.
/// </summary>
public sealed class CalendarFunctions(CalendarOperations calendar)
{
    private const string Tag = "Calendar";

    /// <summary>Read a year's official calendar.</summary>
    [Function("GetCalendarYear")]
    [Operation(Tag, "Read the official calendar of a year (holidays and 调休 working days)")]
    [Returns(StatusCodes.Status200OK, typeof(CalendarYearView))]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetYearAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calendar/{year:int}")] HttpRequest req, int year, CancellationToken ct) =>
        OperationAnswers.Ok(await calendar.ReadYearAsync(RequestContext.Of(req.HttpContext), year, ct));

    /// <summary>The platform's time and today.</summary>
    [Function("GetCalendarToday")]
    [Operation(Tag, "The platform's time now (China time), today's date and whether it is a working day: what clients count working days left from")]
    [Returns(StatusCodes.Status200OK, typeof(CalendarTodayView))]
    public async Task<IResult> TodayAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calendar/today")] HttpRequest req, CancellationToken ct) =>
        Results.Ok(await calendar.TodayAsync(RequestContext.Of(req.HttpContext), ct));

    /// <summary>Compute a deadline.</summary>
    [Function("ComputeCalendarDeadline")]
    [Operation(Tag, "Compute the deadline N working days after a moment of receipt (marked provisional when it runs into an unannounced year, whose statutory holidays are computed by rule)")]
    [Query("receivedAt", "The moment of receipt with its offset, e.g. 2026-11-24T10:00:00+08:00", Required = true)]
    [Query("workingDays", "N, 0 to 366", Required = true, Integer = true)]
    [Returns(StatusCodes.Status200OK, typeof(Deadline))]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> DeadlineAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "calendar/deadline")] HttpRequest req, CancellationToken ct) =>
        OperationAnswers.Ok(await calendar.DeadlineAsync(RequestContext.Of(req.HttpContext), req.Query["receivedAt"].FirstOrDefault(), req.Query["workingDays"].FirstOrDefault(), ct));

    /// <summary>Load a year or a correction.</summary>
    [Function("LoadCalendarYear")]
    [Roles(Role.DataAuthority)]
    [Operation(Tag, "Load a new year or a correction (data authority; version must be the current version + 1)")]
    [Accepts(typeof(CalendarYear))]
    [Returns(StatusCodes.Status201Created, typeof(CalendarLoadedView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status409Conflict)]
    public async Task<IResult> LoadYearAsync([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "calendar/{year:int}")] HttpRequest req, int year, CancellationToken ct)
    {
        using var reader = new StreamReader(req.Body);
        var answer = await calendar.LoadYearAsync(RequestContext.Of(req.HttpContext), year, await reader.ReadToEndAsync(ct), ct);
        return answer.Value is { } loaded ? Results.Created($"/api/calendar/{year}", loaded) : OperationAnswers.Ok(answer);
    }

    /// <summary>Read a jurisdiction's local days off.</summary>
    [Function("GetLocalDaysOff")]
    [Operation(Tag, "Read the jurisdiction's own days off in force, on top of the national calendar (404 when it declared none)")]
    [Returns(StatusCodes.Status200OK, typeof(LocalDaysOffSetView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetLocalDaysOffAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "jurisdictions/{code}/local-days-off")] HttpRequest req, string code, CancellationToken ct) =>
        OperationAnswers.Ok(await calendar.ReadLocalDaysOffAsync(RequestContext.Of(req.HttpContext), code, ct));

    /// <summary>Declare a jurisdiction's local days off.</summary>
    [Function("DeclareLocalDaysOff")]
    [Roles(Role.DataAuthority)]
    [Operation(Tag, "Declare the jurisdiction's own days off on top of the national calendar (data authority; versioned)")]
    [Accepts(typeof(LocalDaysOffRequest))]
    [Returns(StatusCodes.Status200OK, typeof(LocalDaysOffView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status403Forbidden)]
    public async Task<IResult> SetLocalDaysOffAsync([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "jurisdictions/{code}/local-days-off")] HttpRequest req, string code, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<LocalDaysOffRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return OperationAnswers.Ok(await calendar.SetLocalDaysOffAsync(RequestContext.Of(req.HttpContext), code, body!, ct));
    }

}
