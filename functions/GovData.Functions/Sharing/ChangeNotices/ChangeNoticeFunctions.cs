using GovData.Domain.Identity;
using GovData.Functions.Errors;
using GovData.Functions.Hosting.Http;
using Microsoft.Azure.Functions.Worker;

namespace GovData.Functions.Sharing.ChangeNotices;

/// <summary>
/// The HTTP functions of change notices under /api/sharing, one per operation: the department's inbox (list, read, mark read),
/// declaring a change of an entry's data and announcing a change of its sharing service. Each calls <see cref="ChangeNoticeOperations"/>.
/// </summary>
public sealed class ChangeNoticeFunctions(ChangeNoticeOperations notices)
{
    private const string Notices = "sharing/notices";
    private const string Tag = "Sharing";

    /// <summary>List the department's notices.</summary>
    [Function("ListChangeNotices")]
    [Operation(Tag, "The department's change notices (inbox), newest first")]
    [Returns(StatusCodes.Status200OK, typeof(ChangeNoticeList))]
    public async Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Notices)] HttpRequest req, CancellationToken ct) =>
        Results.Ok(await notices.ListAsync(RequestContext.Of(req.HttpContext), ct));

    /// <summary>Read one notice.</summary>
    [Function("GetChangeNotice")]
    [Operation(Tag, "One change notice of the department, with its delivery attempts")]
    [Returns(StatusCodes.Status200OK, typeof(ChangeNoticeView))]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Notices + "/{id}")] HttpRequest req, string id, CancellationToken ct) =>
        SharingAnswers.Ok(await notices.GetAsync(RequestContext.Of(req.HttpContext), id, ct));

    /// <summary>Mark a notice read.</summary>
    [Function("MarkChangeNoticeRead")]
    [Operation(Tag, "Mark a change notice read (again: no change)")]
    [Returns(StatusCodes.Status200OK, typeof(ChangeNoticeView))]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> MarkReadAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Notices + "/{id}/read")] HttpRequest req, string id, CancellationToken ct) =>
        SharingAnswers.Ok(await notices.MarkReadAsync(RequestContext.Of(req.HttpContext), id, ct));

    /// <summary>Declare a change of an entry's data.</summary>
    [Function("DeclareDataChange")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Declare that an entry's data changed: every Active grant holder is notified (001 第十六条), timed against dataChange.updateDeadline")]
    [Accepts(typeof(DeclareChangeBody))]
    [Returns(StatusCodes.Status200OK, typeof(ChangeAnswer))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> DeclareAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sharing/entries/{entryId}/changes")] HttpRequest req, string entryId,
        CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<DeclareChangeBody>(req, optional: false, ct);
        if (problem is not null) return problem;
        return SharingAnswers.Ok(await notices.DeclareChangeAsync(RequestContext.Of(req.HttpContext), entryId, body!, ct));
    }

    /// <summary>Announce a planned change of an entry's sharing service.</summary>
    [Function("AnnounceServiceChange")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Announce a planned upgrade, change or stop of an entry's sharing service; refused (422) unless dataChange.serviceChangeNotice working days ahead (002 第二十三条)")]
    [Accepts(typeof(AnnounceServiceChangeBody))]
    [Returns(StatusCodes.Status200OK, typeof(ChangeAnswer))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status422UnprocessableEntity)]
    public async Task<IResult> AnnounceAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sharing/entries/{entryId}/service-changes")] HttpRequest req,
        string entryId, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<AnnounceServiceChangeBody>(req, optional: false, ct);
        if (problem is not null) return problem;
        var answer = await notices.AnnounceServiceChangeAsync(RequestContext.Of(req.HttpContext), entryId, body!, ct);
        if (answer.TooSoon is not { } soon) return SharingAnswers.Ok(answer.Answer);
        return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, type: Problems.TypeOf("rule-violation"), title: "Refused by a rule",
            detail: soon.Detail, extensions: new Dictionary<string, object?>
            {
                ["rule"] = soon.Rule,
                ["ruleKey"] = soon.RuleKey,
                ["article"] = soon.Article,
                ["source"] = soon.Source,
                ["earliestEffectiveDate"] = soon.EarliestEffectiveDate.ToString("yyyy-MM-dd"),
                ["earliestEffectiveDateProvisional"] = soon.EarliestEffectiveDateProvisional,
                ["errors"] = new[] { new ProblemError("effectiveDate", $"must be on or after {soon.EarliestEffectiveDate:yyyy-MM-dd}") },
            });
    }
}
