using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GovData.Functions.Hosting;

/// <summary>Declares the bearer token scheme in the OpenAPI document so the API reference page can send tokens.</summary>
internal sealed class BearerSecuritySchemeTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "GovData API";
        document.Info.Description = "Government data catalog, aggregation, sharing, opening, audit and supervision. " +
            "Send a bearer token (Entra ID in Azure; POST /api/dev/token locally).";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A GovData token carrying sub, dept, jur and roles.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
