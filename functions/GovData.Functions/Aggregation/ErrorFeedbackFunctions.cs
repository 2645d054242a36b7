using GovData.Domain.Identity;
using GovData.Functions.Hosting.Http;
using GovData.Functions.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace GovData.Functions.Aggregation;

/// <summary>
/// The HTTP functions of error feedback (数据纠错; 002 第十八条, 004 第十四条, 000 第十六条) under /api/aggregation: report a wrong
/// record, read and list reports, answer one. Each calls <see cref="ErrorFeedbackService"/> and maps the outcome with
/// <see cref="AggregationAnswers"/>; see docs/aggregation.md.
/// </summary>
public sealed class ErrorFeedbackFunctions(ErrorFeedbackService feedback, DurableClients clients)
{
    private const string Tag = "Aggregation";

    /// <summary>Report a wrong record.</summary>
    [Function("ReportDataError")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Report a wrong record in data your department holds a grant for; the provider must answer within the rule set's working days")]
    [Accepts(typeof(FeedbackRequest))]
    [Returns(StatusCodes.Status201Created, typeof(ErrorReportView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public async Task<IResult> ReportAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "aggregation/entries/{entryId}/feedback")] HttpRequest req, string entryId,
        [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        // The answer deadline is a Durable deadline.
        using var _ = clients.Use(client);
        var (body, problem) = await JsonBody.ReadAsync<FeedbackRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return AggregationAnswers.Created(await feedback.ReportAsync(RequestContext.Of(req.HttpContext), entryId, body!, ct), r => ErrorReportView.UrlOf(r.Id));
    }

    /// <summary>Read an error report.</summary>
    [Function("GetErrorReport")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "An error report, to the reporting and the providing department")]
    [Returns(StatusCodes.Status200OK, typeof(ErrorReportView))]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "aggregation/feedback/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        AggregationAnswers.Ok(await feedback.GetAsync(RequestContext.Of(req.HttpContext), id, ct));

    /// <summary>The department's error reports.</summary>
    [Function("ListErrorReports")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Error reports the caller's department made or must answer, newest first")]
    [Returns(StatusCodes.Status200OK, typeof(ErrorReportList))]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "aggregation/feedback")] HttpRequest req, CancellationToken ct) =>
        Results.Ok(await feedback.ListAsync(RequestContext.Of(req.HttpContext), ct));

    /// <summary>Answer an error report.</summary>
    [Function("AnswerErrorReport")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Answer an error report (providing department): corrected in a new version, or explained; the reporter is told")]
    [Accepts(typeof(FeedbackAnswerRequest))]
    [Returns(StatusCodes.Status200OK, typeof(ErrorReportView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public async Task<IResult> AnswerAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "aggregation/feedback/{id}/answer")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        // The answer ends the Durable deadline.
        using var _ = clients.Use(client);
        var (body, problem) = await JsonBody.ReadAsync<FeedbackAnswerRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return AggregationAnswers.Ok(await feedback.AnswerAsync(RequestContext.Of(req.HttpContext), id, body!, ct));
    }
}
