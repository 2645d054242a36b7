using GovData.Domain.Catalog;
using GovData.Domain.Identifiers;
using GovData.Functions.Audit;
using GovData.Functions.Errors;
using GovData.Functions.Reference;

namespace GovData.Functions.Catalog;

/// <summary>The open part of a jurisdiction's catalog (open type not NotOpen), readable without a token.</summary>
public static class OpenCatalogEndpoints
{
    /// <summary>Maps /api/open-catalog/{jurisdiction}.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/open-catalog/{jurisdiction}").WithTags("Open catalog").AllowAnonymous();

        open.MapGet("/entries", async (string jurisdiction, HttpContext http, CatalogSearchEndpoint search, CancellationToken ct) =>
            DivisionCode.Validate(jurisdiction) is { } error ? Problems.Validation("jurisdiction", error) : await search.SearchAsync(http, jurisdiction, openOnly: true, ct))
            .WithSummary("Search the open catalog (no token needed)");

        open.MapGet("/entries/{id}", async (string jurisdiction, string id, HttpContext http, CatalogStore store, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
        {
            if (DivisionCode.Validate(jurisdiction) is { } error) return Problems.Validation("jurisdiction", error);
            var doc = await store.FindAsync(jurisdiction, id, ct);
            if (doc is null || !doc.Entry.IsListed || doc.Entry.Published!.Content.OpenType == OpenType.NotOpen) return Problems.NotFound($"Open catalog entry {id}");
            await audit.WriteAsync(http.AuditFor("catalog.open.read", CatalogService.Resource(jurisdiction, id), jurisdiction) with { DataContent = doc.Code, DataOwner = doc.Department }, ct);
            return Results.Ok(CatalogViews.Entry(doc, null, time.GetUtcNow()));
        }).WithSummary("Read one entry of the open catalog (no token needed)");

        open.MapGet("/export", async (string jurisdiction, string? format, HttpContext http, CatalogStore store, ReferenceStore reference, IAuditLog audit, TimeProvider time, CancellationToken ct) =>
            DivisionCode.Validate(jurisdiction) is { } error ? Problems.Validation("jurisdiction", error)
                : await CatalogFileEndpoints.ExportAsync(http, jurisdiction, format, openOnly: true, store, reference, audit, time, ct))
            .WithSummary("Export the open catalog as DCAT v3 JSON-LD, CSV or xlsx (no token needed)");
    }
}
