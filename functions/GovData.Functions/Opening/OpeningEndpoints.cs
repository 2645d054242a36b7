using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Domain.Opening;
using GovData.Functions.Hosting.Http;
using GovData.Functions.Identity;

namespace GovData.Functions.Opening;

/// <summary>
/// HTTP endpoints of open data (开放); see docs/opening.md. <c>/api/opening</c> is for departments and the DataAuthority
/// (token); <c>/api/open/{jurisdiction}</c> is the public portal (anonymous reads, demands) and the applicants' own part (token).
/// </summary>
public static class OpeningEndpoints
{
    /// <summary>Maps /api/opening and /api/open.</summary>
    public static IEndpointRouteBuilder MapOpening(this IEndpointRouteBuilder app)
    {
        var opening = app.MapGroup("/api/opening").WithTags("Opening");

        opening.MapPut("/datasets/{entryId}/configuration", async (string entryId, OpenConfigurationRequest body, HttpContext http, PublishingService service, CancellationToken ct) =>
            OpeningAnswers.Ok(await service.ConfigureAsync(RequestContext.Of(http), entryId, body, ct)))
            .RequireRoles(Role.DataSteward).WithSummary("Set the entry's open configuration: the desensitization plan per data item (DataSteward of the owning department)");

        opening.MapGet("/datasets/{entryId}", async (string entryId, HttpContext http, PublishingService service, CancellationToken ct) =>
            OpeningAnswers.Ok(await service.GetDatasetAsync(RequestContext.Of(http), entryId, ct)))
            .RequireRoles(Role.DataSteward, Role.DataAuthority).WithSummary("An open dataset with its configuration and versions (owning department, DataAuthority)");

        opening.MapPost("/datasets/{entryId}/publishes", async (string entryId, PublishRequest body, HttpContext http, PublishingService service, CancellationToken ct) =>
            OpeningAnswers.Accepted(await service.RequestPublishAsync(RequestContext.Of(http), entryId, body, ct), p => $"/api/opening/publishes/{p.Id}"))
            .RequireRoles(Role.DataSteward).WithSummary("Request the publish of a curated version: the job desensitizes and scans it into staging for the security review");

        opening.MapGet("/publishes", async (PublishState? state, HttpContext http, PublishingService service, CancellationToken ct) =>
            Results.Ok(await service.ListPublishesAsync(RequestContext.Of(http), state, ct)))
            .RequireRoles(Role.DataSteward, Role.DataAuthority).WithSummary("Publish requests: the department's own, or all for the DataAuthority; filter by state (e.g. AwaitingReview)");

        opening.MapGet("/publishes/{publishId}", async (string publishId, HttpContext http, PublishingService service, CancellationToken ct) =>
            OpeningAnswers.Ok(await service.GetPublishAsync(RequestContext.Of(http), publishId, ct)))
            .RequireRoles(Role.DataSteward, Role.DataAuthority).WithSummary("A publish request with its scan findings (masked), rows and columns");

        opening.MapGet("/publishes/{publishId}/sample", async (string publishId, HttpContext http, PublishingService service, CancellationToken ct) =>
            OpeningAnswers.Ok(await service.SampleAsync(RequestContext.Of(http), publishId, ct)))
            .RequireRoles(Role.DataSteward, Role.DataAuthority)
            .WithSummary("The first rows of the desensitized (staged, not yet public) file, for the security review beside the plan");

        opening.MapPost("/publishes/{publishId}/review", async (string publishId, PublishReviewRequest body, HttpContext http, PublishingService service, CancellationToken ct) =>
            OpeningAnswers.Ok(await service.ReviewAsync(RequestContext.Of(http), publishId, body, ct)))
            .RequireRoles(Role.DataAuthority).WithSummary("Security review (002 第二十七条): approve, and the files are copied to the public container; or reject with reasons");

        opening.MapGet("/applications", async (ApplicationState? state, HttpContext http, OpenApplicationService service, CancellationToken ct) =>
            Results.Ok(await service.ListForAuthorityAsync(RequestContext.Of(http), state, ct)))
            .RequireRoles(Role.DataAuthority).WithSummary("Applications for on-application open data (DataAuthority)");

        opening.MapPost("/applications/{id}/decision", async (string id, ApplicationDecisionRequest body, HttpContext http, OpenApplicationService service, CancellationToken ct) =>
            OpeningAnswers.Ok(await service.DecideAsync(RequestContext.Of(http), id, body, ct)))
            .RequireRoles(Role.DataAuthority).WithSummary("Grant or refuse an application within openApplication.deadline working days");

        opening.MapPost("/applicants/{code}/verification", async (string code, ApplicantVerificationRequest body, HttpContext http, OpenApplicationService service, CancellationToken ct) =>
            OpeningAnswers.Ok(await service.VerifyApplicantAsync(RequestContext.Of(http), code, body, ct)))
            .RequireRoles(Role.DataAuthority).WithSummary("Verify (or reject) an applicant's declared type where its unified social credit code cannot decide it (GB 32100), before its first grant");

        opening.MapGet("/demands", async (bool? open, HttpContext http, OpenDemandService service, CancellationToken ct) =>
            Results.Ok(await service.ListAsync(RequestContext.Of(http), open, ct)))
            .RequireRoles(Role.DataSteward, Role.DataAuthority).WithSummary("Public demands that data be opened: the department's own, or all for the DataAuthority");

        opening.MapPost("/demands/{id}/answer", async (string id, DemandAnswerRequest body, HttpContext http, OpenDemandService service, CancellationToken ct) =>
            OpeningAnswers.Ok(await service.AnswerAsync(RequestContext.Of(http), id, body, ct)))
            .RequireRoles(Role.DataSteward).WithSummary("Answer a demand within openDemand.answerDeadline: listed for opening, or declined with the reason (004 第十九条)");

        var open = app.MapGroup("/api/open/{jurisdiction}").WithTags("Open data portal");

        open.MapGet("/datasets", async (string jurisdiction, string? keyword, string? department, OpenType? openType, HttpContext http, OpenPortal portal, CancellationToken ct) =>
            OpeningAnswers.Ok(await portal.ListAsync(RequestContext.Of(http), jurisdiction, keyword, department, openType, ct)))
            .AllowAnonymous().WithSummary("Published open datasets with their versions and download counts (no token)");

        open.MapGet("/datasets/{id}", async (string jurisdiction, string id, HttpContext http, OpenPortal portal, CancellationToken ct) =>
            OpeningAnswers.Ok(await portal.GetAsync(RequestContext.Of(http), jurisdiction, id, ct)))
            .AllowAnonymous().WithSummary("An open dataset's metadata (no token)");

        open.MapGet("/datasets/{id}/dcat", async (string jurisdiction, string id, HttpContext http, OpenPortal portal, CancellationToken ct) =>
            OpeningAnswers.Dcat(await portal.DcatAsync(RequestContext.Of(http), OpeningAnswers.Origin(http.Request), jurisdiction, id, ct)))
            .AllowAnonymous().WithSummary("An open dataset as W3C DCAT v3 JSON-LD (no token)");

        open.MapGet("/datasets/{id}/versions/{version:int}/data.csv", async (string jurisdiction, string id, int version, HttpContext http, OpenPortal portal, CancellationToken ct) =>
            OpeningAnswers.Download(await portal.DownloadAsync(RequestContext.Of(http), jurisdiction, id, version, "csv", ct), http.Response))
            .AllowAnonymous().WithSummary("Download a published version as CSV (no token for Unconditional data; a grant for OnApplication data)");

        open.MapGet("/datasets/{id}/versions/{version:int}/data.jsonl", async (string jurisdiction, string id, int version, HttpContext http, OpenPortal portal, CancellationToken ct) =>
            OpeningAnswers.Download(await portal.DownloadAsync(RequestContext.Of(http), jurisdiction, id, version, "jsonl", ct), http.Response))
            .AllowAnonymous().WithSummary("Download a published version as JSON Lines (no token for Unconditional data; a grant for OnApplication data)");

        open.MapPost("/demands", async (string jurisdiction, DemandRequest body, HttpContext http, OpenDemandService service, CancellationToken ct) =>
            OpeningAnswers.Created(await service.FileAsync(RequestContext.Of(http), jurisdiction, body, ct), d => $"/api/open/{jurisdiction}/demands/{d.Id}"))
            .AllowAnonymous().WithSummary("Ask for data to be opened (no token); the department answers within the rule set's working days (004 第十九条)");

        open.MapGet("/demands/{id}", async (string jurisdiction, string id, HttpContext http, OpenDemandService service, CancellationToken ct) =>
            OpeningAnswers.Ok(await service.GetPublicAsync(RequestContext.Of(http), jurisdiction, id, ct)))
            .AllowAnonymous().WithSummary("A demand and its answer (no token)");

        open.MapPut("/applicant", async (string jurisdiction, ApplicantRegistration body, HttpContext http, OpenApplicationService service, CancellationToken ct) =>
            OpeningAnswers.Ok(await service.RegisterAsync(RequestContext.Of(http), jurisdiction, body, ct)))
            .RequireRoles(Role.PublicApplicant).WithSummary("Register the caller's organisation as an applicant: DomesticEnterprise, University, ResearchInstitute or Other (PublicApplicant token)");

        open.MapGet("/applicant", async (string jurisdiction, HttpContext http, OpenApplicationService service, CancellationToken ct) =>
            OpeningAnswers.Ok(await service.GetApplicantAsync(RequestContext.Of(http), jurisdiction, ct)))
            .RequireRoles(Role.PublicApplicant).WithSummary("The caller's organisation's registration");

        open.MapPost("/applications", async (string jurisdiction, ApplicationRequest body, HttpContext http, OpenApplicationService service, CancellationToken ct) =>
            OpeningAnswers.Created(await service.ApplyAsync(RequestContext.Of(http), jurisdiction, body, ct), a => $"/api/open/{jurisdiction}/applications/{a.Id}"))
            .RequireRoles(Role.PublicApplicant).WithSummary("Apply for an on-application dataset with the intended use (Research, Education, PublicInterest, Commercial) and the purpose in words (eligible applicant types only)");

        open.MapGet("/applications", async (string jurisdiction, HttpContext http, OpenApplicationService service, CancellationToken ct) =>
            OpeningAnswers.Ok(await service.ListMineAsync(RequestContext.Of(http), jurisdiction, ct)))
            .RequireRoles(Role.PublicApplicant).WithSummary("The caller's organisation's applications and grants");

        open.MapGet("/applications/{id}", async (string jurisdiction, string id, HttpContext http, OpenApplicationService service, CancellationToken ct) =>
            OpeningAnswers.Ok(await service.GetMineAsync(RequestContext.Of(http), jurisdiction, id, ct)))
            .RequireRoles(Role.PublicApplicant).WithSummary("One application with its grant (and its use restriction)");

        return app;
    }
}
