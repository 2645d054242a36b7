using GovData.Domain.Audit;
using GovData.Domain.Identity;
using GovData.Domain.Sharing;
using GovData.Functions.Audit;
using GovData.Functions.Calendar;
using GovData.Functions.Catalog;
using GovData.Functions.Errors;
using GovData.Functions.Hosting;
using GovData.Functions.Identity;
using GovData.Functions.RuleSets;

namespace GovData.Functions.Sharing;

/// <summary>HTTP endpoints of data sharing (共享) under /api/sharing that are still ASP.NET Core routes (grants); see docs/sharing.md.</summary>
public static class SharingEndpoints
{
    /// <summary>Maps /api/sharing.</summary>
    public static IEndpointRouteBuilder MapSharing(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sharing").WithTags("Sharing");
        // Share requests are HTTP functions of their own (Requests/ShareRequestFunctions.cs); the grants are still routes here.
        SharingGrantEndpoints.Map(group);
        return app;
    }
}
