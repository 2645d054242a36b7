using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Domain.Opening;
using GovData.Functions.Hosting.Http;
using GovData.Functions.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace GovData.Functions.Opening;

/// <summary>
/// The HTTP functions of the public open-data portal under /api/open/{jurisdiction}, one per operation (docs/opening.md):
/// published datasets, their metadata (JSON and DCAT v3) and downloads (<see cref="OpenPortal"/>), public demands
/// (<see cref="OpenDemandService"/>), all readable without a token (<see cref="AnonymousAttribute"/>: the gate lets anonymous
/// callers through, rate-limited per client address); and the applicants' own part with a PublicApplicant token
/// (<see cref="OpenApplicationService"/>). Every call is audited under the jurisdiction it reads.
/// </summary>
public sealed class OpenPortalFunctions(OpenPortal portal, OpenApplicationService applications, OpenDemandService demands, DurableClients clients)
{
    private const string Open = "open/{jurisdiction}";
    private const string Dataset = Open + "/datasets/{id}";
    private const string Tag = "Open data portal";

    /// <summary>Published datasets.</summary>
    [Function("ListOpenDatasets")]
    [Anonymous]
    [Operation(Tag, "Published open datasets with their versions and download counts (no token)")]
    [Query("keyword", "Words in the name, summary or code (at most 100 characters)")]
    [Query("department", "The owning department's unified social credit code")]
    [Query("openType", "Unconditional or OnApplication")]
    [Returns(StatusCodes.Status200OK, typeof(OpenDatasetList))]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> ListDatasetsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Open + "/datasets")] HttpRequest req, string jurisdiction,
        CancellationToken ct)
    {
        var (openType, problem) = OpeningAnswers.Enum<OpenType>(req, "openType");
        if (problem is not null) return problem;
        return OpeningAnswers.Ok(await portal.ListAsync(RequestContext.Of(req.HttpContext), jurisdiction, OpeningAnswers.Query(req, "keyword"),
            OpeningAnswers.Query(req, "department"), openType, ct));
    }

    /// <summary>An open dataset's metadata.</summary>
    [Function("GetOpenDataset")]
    [Anonymous]
    [Operation(Tag, "An open dataset's metadata (no token)")]
    [Returns(StatusCodes.Status200OK, typeof(OpenDatasetView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetDatasetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Dataset)] HttpRequest req, string jurisdiction, string id,
        CancellationToken ct) =>
        OpeningAnswers.Ok(await portal.GetAsync(RequestContext.Of(req.HttpContext), jurisdiction, id, ct));

    /// <summary>An open dataset as DCAT.</summary>
    [Function("GetOpenDatasetDcat")]
    [Anonymous]
    [Operation(Tag, "An open dataset as W3C DCAT v3 JSON-LD (no token)")]
    [Returns(StatusCodes.Status200OK, ContentTypes = [OpeningAnswers.JsonLd])]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetDcatAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Dataset + "/dcat")] HttpRequest req, string jurisdiction, string id,
        CancellationToken ct) =>
        OpeningAnswers.Dcat(await portal.DcatAsync(RequestContext.Of(req.HttpContext), OpeningAnswers.Origin(req), jurisdiction, id, ct));

    /// <summary>Download a published version as CSV.</summary>
    [Function("DownloadOpenDataCsv")]
    [Anonymous]
    [Operation(Tag, "Download a published version as CSV (no token for Unconditional data; a grant for OnApplication data)")]
    [Returns(StatusCodes.Status200OK, ContentTypes = ["text/csv"])]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status401Unauthorized)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> DownloadCsvAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Dataset + "/versions/{version:int}/data.csv")] HttpRequest req,
        string jurisdiction, string id, int version, CancellationToken ct) =>
        OpeningAnswers.Download(await portal.DownloadAsync(RequestContext.Of(req.HttpContext), jurisdiction, id, version, "csv", ct), req.HttpContext.Response);

    /// <summary>Download a published version as JSON Lines.</summary>
    [Function("DownloadOpenDataJsonLines")]
    [Anonymous]
    [Operation(Tag, "Download a published version as JSON Lines (no token for Unconditional data; a grant for OnApplication data)")]
    [Returns(StatusCodes.Status200OK, ContentTypes = ["application/x-ndjson"])]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status401Unauthorized)]
    [Returns(StatusCodes.Status403Forbidden)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> DownloadJsonLinesAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Dataset + "/versions/{version:int}/data.jsonl")] HttpRequest req,
        string jurisdiction, string id, int version, CancellationToken ct) =>
        OpeningAnswers.Download(await portal.DownloadAsync(RequestContext.Of(req.HttpContext), jurisdiction, id, version, "jsonl", ct), req.HttpContext.Response);

    /// <summary>Ask for data to be opened.</summary>
    [Function("FileOpenDemand")]
    [Anonymous]
    [Operation(Tag, "Ask for data to be opened (no token); the department answers within the rule set's working days (004 第十九条)")]
    [Accepts(typeof(DemandRequest))]
    [Returns(StatusCodes.Status201Created, typeof(OpenDemandView))]
    [Returns(StatusCodes.Status400BadRequest)]
    public async Task<IResult> FileDemandAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Open + "/demands")] HttpRequest req, string jurisdiction,
        [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        using var _ = clients.Use(client);
        var (body, problem) = await JsonBody.ReadAsync<DemandRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return OpeningAnswers.Created(await demands.FileAsync(RequestContext.Of(req.HttpContext), jurisdiction, body!, ct), d => $"/api/open/{jurisdiction}/demands/{d.Id}");
    }

    /// <summary>A demand and its answer.</summary>
    [Function("GetOpenDemand")]
    [Anonymous]
    [Operation(Tag, "A demand and its answer (no token)")]
    [Returns(StatusCodes.Status200OK, typeof(OpenDemandView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetDemandAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Open + "/demands/{id}")] HttpRequest req, string jurisdiction,
        string id, CancellationToken ct) =>
        OpeningAnswers.Ok(await demands.GetPublicAsync(RequestContext.Of(req.HttpContext), jurisdiction, id, ct));

    /// <summary>Register the caller's organisation.</summary>
    [Function("RegisterOpenApplicant")]
    [Roles(Role.PublicApplicant)]
    [Operation(Tag, "Register the caller's organisation as an applicant: DomesticEnterprise, University, ResearchInstitute or Other (PublicApplicant token)")]
    [Accepts(typeof(ApplicantRegistration))]
    [Returns(StatusCodes.Status200OK, typeof(OpenApplicant))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> RegisterApplicantAsync([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Open + "/applicant")] HttpRequest req, string jurisdiction,
        CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<ApplicantRegistration>(req, optional: false, ct);
        if (problem is not null) return problem;
        return OpeningAnswers.Ok(await applications.RegisterAsync(RequestContext.Of(req.HttpContext), jurisdiction, body!, ct));
    }

    /// <summary>The caller's organisation's registration.</summary>
    [Function("GetOpenApplicant")]
    [Roles(Role.PublicApplicant)]
    [Operation(Tag, "The caller's organisation's registration")]
    [Returns(StatusCodes.Status200OK, typeof(OpenApplicant))]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetApplicantAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Open + "/applicant")] HttpRequest req, string jurisdiction,
        CancellationToken ct) =>
        OpeningAnswers.Ok(await applications.GetApplicantAsync(RequestContext.Of(req.HttpContext), jurisdiction, ct));

    /// <summary>Apply for an on-application dataset.</summary>
    [Function("ApplyForOpenData")]
    [Roles(Role.PublicApplicant)]
    [Operation(Tag, "Apply for an on-application dataset with the intended use (Research, Education, PublicInterest, Commercial) and the purpose in words (eligible applicant types only)")]
    [Accepts(typeof(ApplicationRequest))]
    [Returns(StatusCodes.Status201Created, typeof(OpenApplicationView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    [Returns(StatusCodes.Status409Conflict)]
    public async Task<IResult> ApplyAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Open + "/applications")] HttpRequest req, string jurisdiction,
        [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        using var _ = clients.Use(client);
        var (body, problem) = await JsonBody.ReadAsync<ApplicationRequest>(req, optional: false, ct);
        if (problem is not null) return problem;
        return OpeningAnswers.Created(await applications.ApplyAsync(RequestContext.Of(req.HttpContext), jurisdiction, body!, ct),
            a => $"/api/open/{jurisdiction}/applications/{a.Id}");
    }

    /// <summary>The caller's organisation's applications.</summary>
    [Function("ListMyOpenApplications")]
    [Roles(Role.PublicApplicant)]
    [Operation(Tag, "The caller's organisation's applications and grants")]
    [Returns(StatusCodes.Status200OK, typeof(OpenApplicationList))]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> ListMineAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Open + "/applications")] HttpRequest req, string jurisdiction,
        CancellationToken ct) =>
        OpeningAnswers.Ok(await applications.ListMineAsync(RequestContext.Of(req.HttpContext), jurisdiction, ct));

    /// <summary>One of the caller's organisation's applications.</summary>
    [Function("GetMyOpenApplication")]
    [Roles(Role.PublicApplicant)]
    [Operation(Tag, "One application with its grant (and its use restriction)")]
    [Returns(StatusCodes.Status200OK, typeof(OpenApplicationView))]
    [Returns(StatusCodes.Status400BadRequest)]
    [Returns(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetMineAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Open + "/applications/{id}")] HttpRequest req, string jurisdiction,
        string id, CancellationToken ct) =>
        OpeningAnswers.Ok(await applications.GetMineAsync(RequestContext.Of(req.HttpContext), jurisdiction, id, ct));
}
