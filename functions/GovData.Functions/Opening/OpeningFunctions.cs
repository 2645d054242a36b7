using GovData.Domain.Identity;
using GovData.Domain.Opening;
using GovData.Functions.Hosting.Http;
using GovData.Functions.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace GovData.Functions.Opening;

/// <summary>
/// The HTTP functions of open data (开放) for departments and the DataAuthority under /api/opening, one per operation
/// (docs/opening.md): the open configuration, publish requests and the security review (<see cref="PublishingService"/>), the
/// decisions on applications and applicants (<see cref="OpenApplicationService"/>) and the answers to public demands
/// (<see cref="OpenDemandService"/>). Each reads the request, calls the service and maps the outcome with
/// <see cref="OpeningAnswers"/>; the gate has checked the token, the roles and the body limit before any of them runs.
/// </summary>
public sealed class OpeningFunctions(PublishingService publishing, OpenApplicationService applications, OpenDemandService demands, DurableClients clients)
{
    private const string Tag = "Opening";
    private const string Datasets = "opening/datasets/{entryId}";
    private const string Publishes = "opening/publishes";

    /// <summary>Set the open configuration.</summary>
    [Function("ConfigureOpenDataset")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Set the entry's open configuration: the desensitization plan per data item (DataSteward of the owning department)")]
    [Accepts(typeof(OpenConfigurationRequest))]
    [Returns(StatusCodes.Status200OK, typeof(OpenDatasetOwnerView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public async Task<IResult> ConfigureAsync([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Datasets + "/configuration")] HttpRequest req, string entryId,
        CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<OpenConfigurationRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return OpeningAnswers.Ok(await publishing.ConfigureAsync(RequestContext.Of(req.HttpContext), entryId, body!, ct));
    }

    /// <summary>An open dataset as its department sees it.</summary>
    [Function("GetOpeningDataset")]
    [Roles(Role.DataSteward, Role.DataAuthority)]
    [Operation(Tag, "An open dataset with its configuration and versions (owning department, DataAuthority)")]
    [Returns(StatusCodes.Status200OK, typeof(OpenDatasetOwnerView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetDatasetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Datasets)] HttpRequest req, string entryId, CancellationToken ct) =>
        OpeningAnswers.Ok(await publishing.GetDatasetAsync(RequestContext.Of(req.HttpContext), entryId, ct));

    /// <summary>Request a publish.</summary>
    [Function("RequestOpenPublish")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Request the publish of a curated version: the job desensitizes and scans it into staging for the security review")]
    [Accepts(typeof(PublishRequest))]
    [Returns(StatusCodes.Status202Accepted, typeof(OpenPublishView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public async Task<IResult> RequestPublishAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Datasets + "/publishes")] HttpRequest req, string entryId,
        CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<PublishRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return OpeningAnswers.Accepted(await publishing.RequestPublishAsync(RequestContext.Of(req.HttpContext), entryId, body!, ct), p => $"/api/{Publishes}/{p.Id}");
    }

    /// <summary>Publish requests.</summary>
    [Function("ListOpenPublishes")]
    [Roles(Role.DataSteward, Role.DataAuthority)]
    [Operation(Tag, "Publish requests: the department's own, or all for the DataAuthority; filter by state (e.g. AwaitingReview)")]
    [Query("state", "Requested, Refused, Invalid, AwaitingReview, Rejected, Approved or Published")]
    [Returns(StatusCodes.Status200OK, typeof(OpenPublishList))]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> ListPublishesAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Publishes)] HttpRequest req, CancellationToken ct)
    {
        var (state, problem) = OpeningAnswers.Enum<PublishState>(req, "state");
        if (problem is not null) return problem;
        return Results.Ok(await publishing.ListPublishesAsync(RequestContext.Of(req.HttpContext), state, ct));
    }

    /// <summary>A publish request.</summary>
    [Function("GetOpenPublish")]
    [Roles(Role.DataSteward, Role.DataAuthority)]
    [Operation(Tag, "A publish request with its scan findings (masked), rows and columns")]
    [Returns(StatusCodes.Status200OK, typeof(OpenPublishView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetPublishAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Publishes + "/{publishId}")] HttpRequest req, string publishId,
        CancellationToken ct) =>
        OpeningAnswers.Ok(await publishing.GetPublishAsync(RequestContext.Of(req.HttpContext), publishId, ct));

    /// <summary>The first rows of the staged file.</summary>
    [Function("GetOpenPublishSample")]
    [Roles(Role.DataSteward, Role.DataAuthority)]
    [Operation(Tag, "The first rows of the desensitized (staged, not yet public) file, for the security review beside the plan")]
    [Returns(StatusCodes.Status200OK, typeof(PublishSample))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public async Task<IResult> SampleAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Publishes + "/{publishId}/sample")] HttpRequest req, string publishId,
        CancellationToken ct) =>
        OpeningAnswers.Ok(await publishing.SampleAsync(RequestContext.Of(req.HttpContext), publishId, ct));

    /// <summary>The security review.</summary>
    [Function("ReviewOpenPublish")]
    [Roles(Role.DataAuthority)]
    [Operation(Tag, "Security review (002 第二十七条): approve, and the files are copied to the public container; or reject with reasons")]
    [Accepts(typeof(PublishReviewRequest))]
    [Returns(StatusCodes.Status200OK, typeof(OpenPublishView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public async Task<IResult> ReviewAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Publishes + "/{publishId}/review")] HttpRequest req, string publishId,
        CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<PublishReviewRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return OpeningAnswers.Ok(await publishing.ReviewAsync(RequestContext.Of(req.HttpContext), publishId, body!, ct));
    }

    /// <summary>Applications for on-application data.</summary>
    [Function("ListOpenApplications")]
    [Roles(Role.DataAuthority)]
    [Operation(Tag, "Applications for on-application open data (DataAuthority)")]
    [Query("state", "Pending, Granted or Refused")]
    [Returns(StatusCodes.Status200OK, typeof(OpenApplicationList))]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> ListApplicationsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "opening/applications")] HttpRequest req, CancellationToken ct)
    {
        var (state, problem) = OpeningAnswers.Enum<ApplicationState>(req, "state");
        if (problem is not null) return problem;
        return Results.Ok(await applications.ListForAuthorityAsync(RequestContext.Of(req.HttpContext), state, ct));
    }

    /// <summary>Decide an application.</summary>
    [Function("DecideOpenApplication")]
    [Roles(Role.DataAuthority)]
    [Operation(Tag, "Grant or refuse an application within openApplication.deadline working days")]
    [Accepts(typeof(ApplicationDecisionRequest))]
    [Returns(StatusCodes.Status200OK, typeof(OpenApplicationView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public async Task<IResult> DecideAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "opening/applications/{id}/decision")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        using var _ = clients.Use(client);
        var (body, problem) = await JsonBody.ReadAsync<ApplicationDecisionRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return OpeningAnswers.Ok(await applications.DecideAsync(RequestContext.Of(req.HttpContext), id, body!, ct));
    }

    /// <summary>Verify an applicant's declared type.</summary>
    [Function("VerifyOpenApplicant")]
    [Roles(Role.DataAuthority)]
    [Operation(Tag, "Verify (or reject) an applicant's declared type where its unified social credit code cannot decide it (GB 32100), before its first grant")]
    [Accepts(typeof(ApplicantVerificationRequest))]
    [Returns(StatusCodes.Status200OK, typeof(OpenApplicant))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> VerifyApplicantAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "opening/applicants/{code}/verification")] HttpRequest req,
        string code, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<ApplicantVerificationRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return OpeningAnswers.Ok(await applications.VerifyApplicantAsync(RequestContext.Of(req.HttpContext), code, body!, ct));
    }

    /// <summary>Public demands to answer.</summary>
    [Function("ListOpenDemands")]
    [Roles(Role.DataSteward, Role.DataAuthority)]
    [Operation(Tag, "Public demands that data be opened: the department's own, or all for the DataAuthority")]
    [Query("open", "true: only those not answered yet")]
    [Returns(StatusCodes.Status200OK, typeof(OpenDemandList))]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> ListDemandsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "opening/demands")] HttpRequest req, CancellationToken ct)
    {
        var (open, problem) = OpeningAnswers.Boolean(req, "open");
        if (problem is not null) return problem;
        return Results.Ok(await demands.ListAsync(RequestContext.Of(req.HttpContext), open, ct));
    }

    /// <summary>Answer a demand.</summary>
    [Function("AnswerOpenDemand")]
    [Roles(Role.DataSteward)]
    [Operation(Tag, "Answer a demand within openDemand.answerDeadline: listed for opening, or declined with the reason (004 第十九条)")]
    [Accepts(typeof(DemandAnswerRequest))]
    [Returns(StatusCodes.Status200OK, typeof(OpenDemandOwnerView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public async Task<IResult> AnswerDemandAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "opening/demands/{id}/answer")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        using var _ = clients.Use(client);
        var (body, problem) = await JsonBody.ReadAsync<DemandAnswerRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return OpeningAnswers.Ok(await demands.AnswerAsync(RequestContext.Of(req.HttpContext), id, body!, ct));
    }
}
