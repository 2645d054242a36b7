using System.Text.Json;
using GovData.Domain.Identity;
using GovData.Domain.Sharing;
using GovData.Functions.Hosting.Http;

namespace GovData.Functions.Sharing.Requests;

/// <summary>The caller as an orchestration carries it (a serializable copy of <see cref="Caller"/>).</summary>
public sealed record CallerData(string UserId, string Department, string Jurisdiction, Role[] Roles)
{
    /// <summary>The copy of <paramref name="caller"/>.</summary>
    public static CallerData From(Caller caller) => new(caller.UserId, caller.Department, caller.Jurisdiction, [.. caller.Roles.Order()]);

    /// <summary>The caller again.</summary>
    public Caller ToCaller() => new(UserId, Department, Jurisdiction, Roles.ToHashSet());
}

/// <summary>Who asked, how, and when, as an orchestration carries it for the audit record of what it then does.</summary>
public sealed record AskedBy(CallerData Caller, string Method, string Medium, string RequestId, DateTimeOffset At)
{
    /// <summary>The request's context, carried.</summary>
    public static AskedBy From(RequestContext request) =>
        new(CallerData.From(request.User), request.Method, request.Medium, request.RequestId, request.ReceivedAt);

    /// <summary>The request's context again.</summary>
    public RequestContext ToRequest() => new(Caller.ToCaller(), Method, Medium, RequestId, At);
}

/// <summary>
/// An event raised to a share request's orchestration (its <c>sendEventPostUri</c>): a person's decision, with the body they
/// sent and who they are; <see cref="EventId"/> names it for good (the client's, or one the API made up).
/// </summary>
public sealed record ShareEvent(string EventId, string Name, JsonElement Body, AskedBy AskedBy);

/// <summary>What became of an event: applied (or found applied already), or refused with the reason.</summary>
public sealed record ShareEventResult(string EventId, string Name, bool Applied, bool Duplicate, ShareRefusal? Refusal, string State);

/// <summary>A share request as its orchestration reports it (its custom status): filed or not, its state, its latest events.</summary>
public sealed record ShareWorkflowStatus(bool Filed, string State, IReadOnlyList<ShareEventResult> Recent)
{
    /// <summary>How many results the status keeps.</summary>
    public const int Kept = 20;

    /// <summary>The result of event <paramref name="eventId"/>, if the orchestration has taken it.</summary>
    public ShareEventResult? ResultOf(string eventId) => Recent.LastOrDefault(r => r.EventId == eventId);
}

/// <summary>The input of a share request's orchestration: the request the filing produced and who filed it.</summary>
public sealed record ShareFiling(ShareRequest Request, AskedBy AskedBy);

/// <summary>The plan for one event, made against the request as stored: the state before and after, or the refusal.</summary>
public sealed record SharePlan(ShareEvent Event, ShareRequest? Before, ShareRequest? After, string? ETag, ShareRefusal? Refusal, bool Duplicate);
