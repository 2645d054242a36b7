using GovData.Domain.Identity;
using GovData.Functions.Identity;

namespace GovData.Functions.Sharing;

/// <summary>
/// The data calls behind the access checks, under /api/sharing: the API query, verification (比对验证) and download links,
/// under a grant (Conditional data) or directly (Unconditional data); see docs/sharing.md.
/// </summary>
public static class SharingDataEndpoints
{
    /// <summary>Maps the data calls.</summary>
    public static IEndpointRouteBuilder MapSharingData(this IEndpointRouteBuilder app)
    {
        // Data is used by departments' staff for their work; a public applicant's or an auditor's token reaches none of it.
        var group = app.MapGroup("/api/sharing").WithTags("Sharing")
            .RequireRoles(Role.DataSteward, Role.CatalogReviewer, Role.DataAuthority, Role.CoordinationOffice);

        group.MapPost("/grants/{id}/query", (string id, DataQueryBody body, HttpContext http, SharingDataService data, CancellationToken ct) =>
            data.QueryAsync(http, DataScope.Grant(id), body, ct))
            .WithSummary("API query under a grant (method Api): rows of the current curated version with only the requested granted items, equality filters on granted items, pages of `top` rows with a continuation token");
        group.MapPost("/grants/{id}/verify", (string id, VerifyBody body, HttpContext http, SharingDataService data, CancellationToken ct) =>
            data.VerifyAsync(http, DataScope.Grant(id), body, ct))
            .WithSummary("Verification under a grant (method Verification, 比对验证): does a record with these values of granted items exist? Only yes or no");
        group.MapPost("/grants/{id}/download-links", (string id, DownloadLinkBody body, HttpContext http, SharingDataService data, CancellationToken ct) =>
            data.CreateLinkAsync(http, DataScope.Grant(id), body, ct))
            .WithSummary("A download link under a grant (method FileDownload): valid for minutes, for the caller only, to a CSV of the granted items");

        group.MapPost("/entries/{entryId}/query", (string entryId, DataQueryBody body, HttpContext http, SharingDataService data, CancellationToken ct) =>
            data.QueryAsync(http, DataScope.Entry(entryId), body, ct))
            .WithSummary("API query of Unconditional data (after a filing where the rule set requires one)");
        group.MapPost("/entries/{entryId}/verify", (string entryId, VerifyBody body, HttpContext http, SharingDataService data, CancellationToken ct) =>
            data.VerifyAsync(http, DataScope.Entry(entryId), body, ct))
            .WithSummary("Verification against Unconditional data: yes or no");
        group.MapPost("/entries/{entryId}/download-links", (string entryId, DownloadLinkBody body, HttpContext http, SharingDataService data, CancellationToken ct) =>
            data.CreateLinkAsync(http, DataScope.Entry(entryId), body, ct))
            .WithSummary("A download link to Unconditional data");

        group.MapPost("/access-exceptions", (AccessExceptions.AccessExceptionRequest body, HttpContext http, AccessExceptions.AccessExceptionService service, CancellationToken ct) =>
            service.ApproveAsync(http, body, ct))
            .RequireRoles(Role.DataAuthority)
            .WithSummary("Record an exception to 004 第十三条 (DataAuthority): a department may export an entry's data in bulk and/or query it freely, with reasons, until a date");
        group.MapGet("/access-exceptions", (HttpContext http, AccessExceptions.AccessExceptionService service, CancellationToken ct) => service.ListAsync(http, ct))
            .WithSummary("Exceptions to 004 第十三条: all of the jurisdiction for the DataAuthority, the department's own otherwise");

        group.MapGet("/downloads/{token}", (string token, HttpContext http, SharingDataService data, CancellationToken ct) =>
            data.DownloadAsync(http, token, ct))
            .WithSummary("The file of a download link: its holder only, until it expires, and only while the access rules still allow it");
        return app;
    }
}
