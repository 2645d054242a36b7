using GovData.Domain.Identity;
using GovData.Domain.Sharing;
using GovData.Functions.Errors;
using GovData.Functions.Hosting.Http;
using GovData.Functions.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace GovData.Functions.Sharing.Requests;

/// <summary>
/// The HTTP functions of share requests (共享申请): file, list, read, and one per event a person raises to a request (its
/// <c>sendEventPostUri</c>). Each reads the request, calls <see cref="ShareRequests"/> and maps the outcome to an answer shaped
/// like the Durable async HTTP API (202 with <c>statusQueryGetUri</c>, the request's status backed by its orchestration).
/// </summary>
public sealed class ShareRequestFunctions(ShareRequests requests, DurableClients clients, GovData.Functions.Calendar.CalendarService calendars, TimeProvider time)
{
    private const string Requests = "sharing/requests";
    private const string Tag = "Sharing";

    /// <summary>File a share request.</summary>
    [Function("FileShareRequest")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "File a share request for a Conditional entry (DataSteward); 202 with statusQueryGetUri and sendEventPostUri. Idempotency-Key makes a retry safe")]
    [Accepts(typeof(FileShareBody))]
    [Returns(StatusCodes.Status202Accepted, typeof(ShareRequestView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status422UnprocessableEntity)]
    public async Task<IResult> FileAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Requests)] HttpRequest req,
        [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        using var _ = clients.Use(client);
        var (body, problem) = await JsonBody.ReadAsync<FileShareBody>(req, optional: false, ct);
        if (problem is not null) return problem;
        var answer = await requests.FileAsync(RequestContext.Of(req.HttpContext), req.Headers[ShareRequests.IdempotencyKeyHeader].ToArray()!, body!, ct);
        return await AnswerAsync(req, answer, ct);
    }

    /// <summary>List the requests the caller's department may see.</summary>
    [Function("ListShareRequests")]
    [Operation(Tag, "Requests the caller's department filed or provides, and those waiting for the DataAuthority or the CoordinationOffice")]
    [Returns(StatusCodes.Status200OK, typeof(ShareRequestList))]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Requests)] HttpRequest req, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var docs = await requests.ListAsync(RequestContext.Of(req.HttpContext), ct);
        return Results.Ok(new ShareRequestList(docs.Select(d => ShareRequestSummary.Of(d.Request, now)).ToList()));
    }

    /// <summary>Read one request: its status (the orchestration's), decisions, deadlines and timeline.</summary>
    [Function("GetShareRequest")]
    [Operation(Tag, "A request's status, decisions, deadlines and timeline (requester, provider and deciders only); its statusQueryGetUri")]
    [Returns(StatusCodes.Status200OK, typeof(ShareRequestView))]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Requests + "/{id}")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        using var _ = clients.Use(client);
        return await AnswerAsync(req, await requests.GetAsync(RequestContext.Of(req.HttpContext), id, ct), ct);
    }

    /// <summary>Approve the current route step.</summary>
    [Function("ApproveShareRequest")]
    [Roles(Role.DataSteward, Role.DataAuthority)]
    [Operation(Tag, "Approve the current route step, optionally only some items and with conditions (provider's DataSteward or the DataAuthority, per the rule set)")]
    [Accepts(typeof(ApproveBody), Optional = true)]
    [Returns(StatusCodes.Status200OK, typeof(ShareRequestView))]
    public Task<IResult> ApproveAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Requests + "/{id}/events/approve")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => RaiseAsync<ApproveBody>(req, id, "approve", b => b.EventId, client, ct);

    /// <summary>Refuse the request with reasons.</summary>
    [Function("RefuseShareRequest")]
    [Roles(Role.DataSteward, Role.DataAuthority)]
    [Operation(Tag, "Refuse the request with reasons (the decider of the current step)")]
    [Accepts(typeof(RefuseBody))]
    [Returns(StatusCodes.Status200OK, typeof(ShareRequestView))]
    public Task<IResult> RefuseAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Requests + "/{id}/events/refuse")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => RaiseAsync<RefuseBody>(req, id, "refuse", b => b.EventId, client, ct);

    /// <summary>Withdraw a request that is not yet a grant.</summary>
    [Function("WithdrawShareRequest")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Withdraw a request that is not yet a grant (the requester's DataSteward)")]
    [Accepts(typeof(ReasonBody), Optional = true)]
    [Returns(StatusCodes.Status200OK, typeof(ShareRequestView))]
    public Task<IResult> WithdrawAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Requests + "/{id}/events/withdraw")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => RaiseAsync<ReasonBody>(req, id, "withdraw", b => b.EventId, client, ct);

    /// <summary>Accept the agreements: the approval becomes a grant.</summary>
    [Function("AcceptShareRequest")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Accept the data use agreement (and the confidentiality agreement for personal or sensitive items): the approval becomes a grant")]
    [Accepts(typeof(AcceptBody))]
    [Returns(StatusCodes.Status200OK, typeof(ShareRequestView))]
    public Task<IResult> AcceptAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Requests + "/{id}/events/accept")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => RaiseAsync<AcceptBody>(req, id, "accept", b => b.EventId, client, ct);

    /// <summary>Dispute a refusal.</summary>
    [Function("DisputeShareRequest")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Dispute a refusal (the requester's DataSteward); the CoordinationOffice concludes within the rule set's deadline")]
    [Accepts(typeof(ReasonBody))]
    [Returns(StatusCodes.Status200OK, typeof(ShareRequestView))]
    public Task<IResult> DisputeAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Requests + "/{id}/events/dispute")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => RaiseAsync<ReasonBody>(req, id, "dispute", b => b.EventId, client, ct);

    /// <summary>Uphold or overturn a disputed refusal.</summary>
    [Function("DecideShareDispute")]
    [Roles(Role.CoordinationOffice)]
    [Operation(Tag, "Uphold or overturn a disputed refusal (CoordinationOffice)")]
    [Accepts(typeof(DisputeDecisionBody))]
    [Returns(StatusCodes.Status200OK, typeof(ShareRequestView))]
    public Task<IResult> DecideDisputeAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Requests + "/{id}/events/dispute-decision")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => RaiseAsync<DisputeDecisionBody>(req, id, "dispute-decision", b => b.EventId, client, ct);

    /// <summary>Approve or refuse the green channel.</summary>
    [Function("DecideShareGreenChannel")]
    [Roles(Role.CoordinationOffice)]
    [Operation(Tag, "Approve or refuse the green channel (CoordinationOffice); approved, the green-channel deadline applies")]
    [Accepts(typeof(GreenChannelBody))]
    [Returns(StatusCodes.Status200OK, typeof(ShareRequestView))]
    public Task<IResult> GreenChannelAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Requests + "/{id}/events/green-channel")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => RaiseAsync<GreenChannelBody>(req, id, "green-channel", b => b.EventId, client, ct);

    /// <summary>State that the requested data is not yet aggregated.</summary>
    [Function("MarkShareNotAggregated")]
    [Roles(Role.DataSteward, Role.DataAuthority)]
    [Operation(Tag, "State that the requested data is not yet aggregated: the nonAggregated answer deadline applies from receipt")]
    [Accepts(typeof(EventIdBody), Optional = true)]
    [Returns(StatusCodes.Status200OK, typeof(ShareRequestView))]
    public Task<IResult> NotAggregatedAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Requests + "/{id}/events/not-aggregated")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => RaiseAsync<EventIdBody>(req, id, "not-aggregated", b => b.EventId, client, ct);

    /// <summary>The CoordinationOffice orders the department that missed the decision deadline to answer.</summary>
    [Function("OrderShareAnswer")]
    [Roles(Role.CoordinationOffice)]
    [Operation(Tag, "Order the department that missed the decision deadline to answer within N working days (CoordinationOffice, 责令限期改正); the finding stays, missing the order escalates again")]
    [Accepts(typeof(OrderAnswerBody))]
    [Returns(StatusCodes.Status200OK, typeof(ShareRequestView))]
    public Task<IResult> OrderAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Requests + "/{id}/events/order")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct) => RaiseAsync<OrderAnswerBody>(req, id, "order", b => b.EventId, client, ct);

    private async Task<IResult> RaiseAsync<T>(HttpRequest req, string id, string name, Func<T, string?> eventId, DurableTaskClient client, CancellationToken ct)
        where T : class, new()
    {
        using var _ = clients.Use(client);
        var optional = name is "approve" or "withdraw" or "not-aggregated";
        var (body, problem) = await JsonBody.ReadAsync<T>(req, optional, ct);
        if (problem is not null) return problem;
        body ??= new T();
        var answer = await requests.RaiseAsync(RequestContext.Of(req.HttpContext), id, name, body, eventId(body), req.Headers.IfMatch.ToString(), ct);
        return await AnswerAsync(req, answer, ct);
    }

    private async Task<IResult> AnswerAsync(HttpRequest req, ShareAnswer answer, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (answer.Document is { } doc && answer.Kind is not ShareAnswerKind.Refused) req.HttpContext.Response.Headers.ETag = doc.ETag;
        // The calendar counts the working days left of each deadline the view lists.
        var calendar = answer.Document is { } c ? await calendars.GetAsync(c.Jurisdiction, ct) : null;
        var view = answer.Document is { } d ? ShareRequestView.Of(req, d.Request, now, answer.Workflow, answer.Kind == ShareAnswerKind.Duplicate, calendar) : null;
        return answer.Kind switch
        {
            ShareAnswerKind.Filed or ShareAnswerKind.Accepted when view is not null => Results.Accepted(view.StatusQueryGetUri, view),
            ShareAnswerKind.Accepted => Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: Problems.TypeOf("unavailable"), title: "Service unavailable",
                detail: "The request's workflow did not answer in time; retry with the same Idempotency-Key or event id."),
            ShareAnswerKind.RefusedByRule => Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, type: Problems.TypeOf("rule-violation"), title: "Refused by a rule",
                detail: answer.Refusal!.Reason, extensions: new Dictionary<string, object?>
                {
                    ["rule"] = answer.Refusal.Rule, ["id"] = view!.Id, ["statusQueryGetUri"] = view.StatusQueryGetUri, ["state"] = view.State,
                }),
            ShareAnswerKind.PreconditionFailed => Problems.PreconditionFailed(answer.Refusal!.Reason),
            ShareAnswerKind.Refused => ShareRefusals.ToProblem(answer.Refusal!, $"Share request", answer.Document?.Request),
            _ => Results.Ok(view),
        };
    }
}
