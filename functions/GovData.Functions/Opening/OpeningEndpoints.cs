using GovData.Domain.Catalog;
using GovData.Domain.Identity;
using GovData.Domain.Opening;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
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

        opening.MapPut("/datasets/{entryId}/configuration", (string entryId, OpenConfigurationRequest body, HttpContext http, PublishingService service, CancellationToken ct) =>
            service.ConfigureAsync(http, entryId, body, ct))
            .RequireRoles(Role.DataSteward).WithSummary("Set the entry's open configuration: the desensitization plan per data item (DataSteward of the owning department)");

        opening.MapGet("/datasets/{entryId}", async (string entryId, HttpContext http, OpeningStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (OpenDatasetRules.ValidateId(entryId) is { } e) return Problems.Validation("entryId", e);
            var d = await store.FindAsync<OpenDatasetDocument>(caller.Jurisdiction, OpenDatasetDocument.IdOf(entryId), ct);
            if (d is null || !(caller.BelongsTo(d.Department) || caller.Has(Role.DataAuthority))) return Problems.NotFound($"Open dataset {entryId}");
            await audit.WriteAsync(http.AuditFor("opening.dataset.read", PublishingService.Resource(caller.Jurisdiction, entryId)), ct);
            return Results.Ok(OpeningViews.DatasetForOwner(d));
        }).RequireRoles(Role.DataSteward, Role.DataAuthority).WithSummary("An open dataset with its configuration and versions (owning department, DataAuthority)");

        opening.MapPost("/datasets/{entryId}/publishes", (string entryId, PublishRequest body, HttpContext http, PublishingService service, CancellationToken ct) =>
            service.RequestPublishAsync(http, entryId, body, ct))
            .RequireRoles(Role.DataSteward).WithSummary("Request the publish of a curated version: the job desensitizes and scans it into staging for the security review");

        opening.MapGet("/publishes", async (PublishState? state, HttpContext http, OpeningStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var where = new List<string>();
            var p = new Dictionary<string, object?>();
            if (!caller.Has(Role.DataAuthority)) { where.Add("c.department = @d"); p["@d"] = caller.Department; }
            if (state is { } s) { where.Add("c.state = @s"); p["@s"] = s.ToString(); }
            var docs = await store.ListAsync<PublishDocument>(caller.Jurisdiction, PublishDocument.DocType, where.Count == 0 ? null : string.Join(" AND ", where), p, ct);
            await audit.WriteAsync(http.AuditFor("opening.publish.list", $"opening/{caller.Jurisdiction}/publishes") with { DataContent = $"{docs.Count} requests" }, ct);
            return Results.Ok(new { items = docs.OrderBy(d => d.RequestedAt).Select(OpeningViews.Publish) });
        }).RequireRoles(Role.DataSteward, Role.DataAuthority).WithSummary("Publish requests: the department's own, or all for the DataAuthority; filter by state (e.g. AwaitingReview)");

        opening.MapGet("/publishes/{publishId}", async (string publishId, HttpContext http, OpeningStore store, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (OpenDatasetRules.ValidateId(publishId) is { } e) return Problems.Validation("publishId", e);
            var d = await store.FindAsync<PublishDocument>(caller.Jurisdiction, PublishDocument.IdOf(publishId), ct);
            if (d is null || !(caller.BelongsTo(d.Department) || caller.Has(Role.DataAuthority))) return Problems.NotFound($"Publish {publishId}");
            await audit.WriteAsync(http.AuditFor("opening.publish.read", PublishingService.PublishResource(caller.Jurisdiction, publishId)), ct);
            return Results.Ok(OpeningViews.Publish(d));
        }).RequireRoles(Role.DataSteward, Role.DataAuthority).WithSummary("A publish request with its scan findings (masked), rows and columns");

        opening.MapGet("/publishes/{publishId}/sample", async (string publishId, HttpContext http, OpeningStore store, Azure.Storage.Blobs.BlobServiceClient blobs, IAuditLog audit, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            if (OpenDatasetRules.ValidateId(publishId) is { } e) return Problems.Validation("publishId", e);
            var d = await store.FindAsync<PublishDocument>(caller.Jurisdiction, PublishDocument.IdOf(publishId), ct);
            if (d is null || !(caller.BelongsTo(d.Department) || caller.Has(Role.DataAuthority))) return Problems.NotFound($"Publish {publishId}");
            if (d.State is not (PublishState.AwaitingReview or PublishState.Approved))
                return Problems.Conflict($"the publish is {d.State}: a sample exists only between the transform and the copy to the public container", "state");
            var sample = await PublishSample.ReadAsync(blobs, d, ct);
            if (sample is null) return Problems.NotFound($"The staged file of publish {publishId}");
            await audit.WriteAsync(http.AuditFor("opening.publish.sample", PublishingService.PublishResource(caller.Jurisdiction, publishId)) with
            {
                DataContent = $"{sample.Rows.Count} desensitized rows of {d.EntryId} v{d.CuratedVersion}", DataOwner = d.Department,
            }, ct);
            return Results.Ok(sample);
        }).RequireRoles(Role.DataSteward, Role.DataAuthority)
          .WithSummary("The first rows of the desensitized (staged, not yet public) file, for the security review beside the plan");

        opening.MapPost("/publishes/{publishId}/review", (string publishId, PublishReviewRequest body, HttpContext http, PublishingService service, CancellationToken ct) =>
            OpenDatasetRules.ValidateId(publishId) is { } e ? Task.FromResult(Problems.Validation("publishId", e)) : service.ReviewAsync(http, publishId, body, ct))
            .RequireRoles(Role.DataAuthority).WithSummary("Security review (002 第二十七条): approve, and the files are copied to the public container; or reject with reasons");

        opening.MapGet("/applications", (ApplicationState? state, HttpContext http, OpenApplicationService service, CancellationToken ct) =>
            service.ListForAuthorityAsync(http, state, ct))
            .RequireRoles(Role.DataAuthority).WithSummary("Applications for on-application open data (DataAuthority)");

        opening.MapPost("/applications/{id}/decision", (string id, ApplicationDecisionRequest body, HttpContext http, OpenApplicationService service, CancellationToken ct) =>
            service.DecideAsync(http, id, body, ct))
            .RequireRoles(Role.DataAuthority).WithSummary("Grant or refuse an application within openApplication.deadline working days");

        opening.MapPost("/applicants/{code}/verification", (string code, ApplicantVerificationRequest body, HttpContext http, OpenApplicationService service, CancellationToken ct) =>
            service.VerifyApplicantAsync(http, code, body, ct))
            .RequireRoles(Role.DataAuthority).WithSummary("Verify (or reject) an applicant's declared type where its unified social credit code cannot decide it (GB 32100), before its first grant");

        opening.MapGet("/demands", (bool? open, HttpContext http, OpenDemandService service, CancellationToken ct) =>
            service.ListAsync(http, open, ct))
            .RequireRoles(Role.DataSteward, Role.DataAuthority).WithSummary("Public demands that data be opened: the department's own, or all for the DataAuthority");

        opening.MapPost("/demands/{id}/answer", (string id, DemandAnswerRequest body, HttpContext http, OpenDemandService service, CancellationToken ct) =>
            service.AnswerAsync(http, id, body, ct))
            .RequireRoles(Role.DataSteward).WithSummary("Answer a demand within openDemand.answerDeadline: listed for opening, or declined with the reason (004 第十九条)");

        var open = app.MapGroup("/api/open/{jurisdiction}").WithTags("Open data portal");

        open.MapGet("/datasets", (string jurisdiction, string? keyword, string? department, OpenType? openType, HttpContext http, OpenPortal portal, CancellationToken ct) =>
            portal.ListAsync(http, jurisdiction, keyword, department, openType, ct))
            .AllowAnonymous().WithSummary("Published open datasets with their versions and download counts (no token)");

        open.MapGet("/datasets/{id}", (string jurisdiction, string id, HttpContext http, OpenPortal portal, CancellationToken ct) =>
            portal.GetAsync(http, jurisdiction, id, ct))
            .AllowAnonymous().WithSummary("An open dataset's metadata (no token)");

        open.MapGet("/datasets/{id}/dcat", (string jurisdiction, string id, HttpContext http, OpenPortal portal, CancellationToken ct) =>
            portal.DcatAsync(http, jurisdiction, id, ct))
            .AllowAnonymous().WithSummary("An open dataset as W3C DCAT v3 JSON-LD (no token)");

        open.MapGet("/datasets/{id}/versions/{version:int}/data.csv", (string jurisdiction, string id, int version, HttpContext http, OpenPortal portal, CancellationToken ct) =>
            portal.DownloadAsync(http, jurisdiction, id, version, "csv", ct))
            .AllowAnonymous().WithSummary("Download a published version as CSV (no token for Unconditional data; a grant for OnApplication data)");

        open.MapGet("/datasets/{id}/versions/{version:int}/data.jsonl", (string jurisdiction, string id, int version, HttpContext http, OpenPortal portal, CancellationToken ct) =>
            portal.DownloadAsync(http, jurisdiction, id, version, "jsonl", ct))
            .AllowAnonymous().WithSummary("Download a published version as JSON Lines (no token for Unconditional data; a grant for OnApplication data)");

        open.MapPost("/demands", (string jurisdiction, DemandRequest body, HttpContext http, OpenDemandService service, CancellationToken ct) =>
            service.FileAsync(http, jurisdiction, body, ct))
            .AllowAnonymous().WithSummary("Ask for data to be opened (no token); the department answers within the rule set's working days (004 第十九条)");

        open.MapGet("/demands/{id}", (string jurisdiction, string id, HttpContext http, OpenDemandService service, CancellationToken ct) =>
            service.GetPublicAsync(http, jurisdiction, id, ct))
            .AllowAnonymous().WithSummary("A demand and its answer (no token)");

        open.MapPut("/applicant", (string jurisdiction, ApplicantRegistration body, HttpContext http, OpenApplicationService service, CancellationToken ct) =>
            service.RegisterAsync(http, jurisdiction, body, ct))
            .RequireRoles(Role.PublicApplicant).WithSummary("Register the caller's organisation as an applicant: DomesticEnterprise, University, ResearchInstitute or Other (PublicApplicant token)");

        open.MapGet("/applicant", (string jurisdiction, HttpContext http, OpenApplicationService service, CancellationToken ct) =>
            service.GetApplicantAsync(http, jurisdiction, ct))
            .RequireRoles(Role.PublicApplicant).WithSummary("The caller's organisation's registration");

        open.MapPost("/applications", (string jurisdiction, ApplicationRequest body, HttpContext http, OpenApplicationService service, CancellationToken ct) =>
            service.ApplyAsync(http, jurisdiction, body, ct))
            .RequireRoles(Role.PublicApplicant).WithSummary("Apply for an on-application dataset with the intended use (Research, Education, PublicInterest, Commercial) and the purpose in words (eligible applicant types only)");

        open.MapGet("/applications", (string jurisdiction, HttpContext http, OpenApplicationService service, CancellationToken ct) =>
            service.MineAsync(http, jurisdiction, null, ct))
            .RequireRoles(Role.PublicApplicant).WithSummary("The caller's organisation's applications and grants");

        open.MapGet("/applications/{id}", (string jurisdiction, string id, HttpContext http, OpenApplicationService service, CancellationToken ct) =>
            service.MineAsync(http, jurisdiction, id, ct))
            .RequireRoles(Role.PublicApplicant).WithSummary("One application with its grant (and its use restriction)");

        return app;
    }
}
