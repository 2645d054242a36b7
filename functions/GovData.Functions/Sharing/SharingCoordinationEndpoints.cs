using GovData.Domain.Identity;
using GovData.Domain.Sharing;
using GovData.Functions.Calendar;
using GovData.Functions.Identity;

namespace GovData.Functions.Sharing;

/// <summary>Body of the CoordinationOffice's order to answer an escalated request.</summary>
public sealed record OrderAnswerBody
{
    /// <summary>Working days (1 to 20) from now within which the department of the current step must answer.</summary>
    public int? WorkingDays { get; init; }
    /// <summary>Why, recorded in the timeline (required).</summary>
    public string? Reason { get; init; }
    /// <summary>Client-chosen id so a resent event is answered with the current state.</summary>
    public string? EventId { get; init; }
}

/// <summary>What the CoordinationOffice does with a request escalated to it (001 第二十四条, 002 第二十三条); see docs/sharing.md.</summary>
public static class SharingCoordinationEndpoints
{
    /// <summary>Maps POST /api/sharing/requests/{id}/events/order.</summary>
    public static IEndpointRouteBuilder MapSharingCoordination(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sharing/requests/{id}/events/order", (string id, OrderAnswerBody body, HttpContext http, ShareService service, CalendarService calendars, CancellationToken ct) =>
            service.MutateAsync(http, id, "order", body.EventId, async (r, c, at) =>
                ShareWorkflow.OrderAnswer(r, c, body.WorkingDays, body.Reason, await calendars.GetAsync(r.Jurisdiction, ct), at), ct))
            .RequireRoles(Role.CoordinationOffice).WithTags("Sharing")
            .WithSummary("Order the department that missed the decision deadline to answer within N working days (CoordinationOffice, 责令限期改正); the finding stays, missing the order escalates again");
        return app;
    }
}
